"""Run by make start and make create-sites (bti.portal.commands.start):
python scripts/start.py --host H --port P [--mail-port N] [--no-serve]"""

from bti.portal.commands.start import main
from pathlib import Path

import sys


sys.exit(main(Path(__file__).resolve().parent.parent, sys.argv[1:]))
