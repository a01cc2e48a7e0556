"""The package's layers import one way (contracts in pyproject.toml)."""

from pathlib import Path

import subprocess
import sys
import unittest


ROOT = Path(__file__).parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


class TestLayers(unittest.TestCase):
    def test_import_contracts_are_kept(self):
        # In a process of its own: import-linter's logging set-up disables the
        # loggers that exist (bti.portal among them) in the process it runs in.
        result = subprocess.run(
            [str(LINT_IMPORTS), "--config", str(ROOT / "pyproject.toml"), "--no-cache"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=300,
        )
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
