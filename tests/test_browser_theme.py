"""The demo sites in a real browser (Debian's headless Chromium)."""

from bti.portal.testing import CHROMIUM_ARGS
from bti.portal.testing import chromium_path
from bti.portal.testing import DEMO_SITES_FUNCTIONAL_TESTING
from bti.portal.testing import SCREENSHOTS as SHOTS

import subprocess
import tempfile
import unittest


def chromium(*args: str) -> str:
    """Run Chromium's own command line (dump DOM, screenshot)."""
    with tempfile.TemporaryDirectory() as profile:
        result = subprocess.run(
            [
                chromium_path(),
                "--headless",
                *CHROMIUM_ARGS,
                f"--user-data-dir={profile}",
                *args,
            ],
            capture_output=True,
            text=True,
            timeout=120,
        )
    if result.returncode != 0:
        raise AssertionError(result.stderr[-2000:])
    return result.stdout


class TestThemeInBrowser(unittest.TestCase):
    layer = DEMO_SITES_FUNCTIONAL_TESTING
    level = 2

    def url(self, site_id: str) -> str:
        # Plone leaves 127.0.0.1 unthemed by default; localhost is themed.
        return f"http://localhost:{self.layer['port']}/{site_id}"

    def test_themed_page_in_site_language(self):
        for site_id, search in (
            ("byn", "Søk i nettstedet"),
            ("sogndal", "Søk på nettstaden"),
        ):
            dom = chromium("--dump-dom", self.url(site_id))
            self.assertIn('id="content-header"', dom)  # the theme's layout
            self.assertIn("bti-municipalities", dom)
            self.assertIn(search, dom)

    def test_screenshots(self):
        SHOTS.mkdir(parents=True, exist_ok=True)
        for site_id, size in (("byn", "1280,900"), ("sogndal", "390,844")):
            shot = SHOTS / f"{site_id}-front.png"
            shot.unlink(missing_ok=True)
            chromium(f"--window-size={size}", f"--screenshot={shot}", self.url(site_id))
            self.assertGreater(shot.stat().st_size, 10_000)
