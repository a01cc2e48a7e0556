"""The package's layers import one way (contracts in pyproject.toml)."""

from importlinter.cli import lint_imports
from pathlib import Path

import contextlib
import io
import unittest


PYPROJECT = Path(__file__).parent.parent / "pyproject.toml"


class TestLayers(unittest.TestCase):
    def test_import_contracts_are_kept(self):
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            code = lint_imports(
                config_filename=str(PYPROJECT), no_cache=True, no_logo=True
            )
        self.assertEqual(code, 0, out.getvalue())
