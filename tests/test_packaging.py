"""The wheel carries the top-level profiles/, themes/ and content/ folders."""

from pathlib import Path

import os
import shutil
import subprocess
import sys
import tempfile
import unittest
import zipfile


ROOT = Path(__file__).resolve().parent.parent

EXPECTED = (
    "bti/portal/configure.zcml",
    "bti/portal/profiles/default/metadata.xml",
    "bti/portal/profiles/uninstall/browserlayer.xml",
    "bti/portal/themes/bti/manifest.cfg",
    "bti/portal/themes/bti/rules.xml",
    "bti/portal/distributions/bti/schema.json",
    "bti/portal/distributions/bti/content/sites.json",
    "bti/portal/distributions/bti/content/nn/front.json",
    "bti/portal/locales/nn/LC_MESSAGES/bti.portal.po",
    "bti/portal/locales/nn/LC_MESSAGES/plone.po",
)


def copy_checkout(dest: Path) -> None:
    """Copy the files git would put in a clean clone, links kept as links."""
    listed = (
        subprocess
        .run(
            ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        .stdout.decode()
        .split("\0")
    )
    for name in filter(None, listed):
        source, target = ROOT / name, dest / name
        if not source.exists() and not source.is_symlink():
            continue  # deleted in the work tree
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_symlink():
            os.symlink(os.readlink(source), target)
        else:
            shutil.copy2(source, target)


class TestWheel(unittest.TestCase):
    level = 2

    def test_wheel_contains_the_top_level_folders(self):
        with tempfile.TemporaryDirectory() as tmp:
            checkout, out = Path(tmp) / "checkout", Path(tmp) / "dist"
            copy_checkout(checkout)
            result = subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "pip",
                    "wheel",
                    "--no-deps",
                    "--no-build-isolation",
                    "-q",
                    "-w",
                    str(out),
                    str(checkout),
                ],
                capture_output=True,
                text=True,
                timeout=300,
            )
            self.assertEqual(result.returncode, 0, result.stderr[-3000:])
            (wheel,) = out.glob("bti_portal-*.whl")
            with zipfile.ZipFile(wheel) as archive:
                names = set(archive.namelist())
                for expected in EXPECTED:
                    self.assertIn(expected, names)
                # Real files, not links back into a checkout.
                metadata = archive.read("bti/portal/profiles/default/metadata.xml")
                profile = checkout / "profiles" / "default" / "metadata.xml"
                self.assertEqual(metadata, profile.read_bytes())
