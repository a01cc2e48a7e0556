"""Rebuild locales/bti.portal.pot from the source and sync nb, nn, en, ar and uk.

Usage: .venv/bin/python scripts/i18n.py  (make i18n)
"""

from pathlib import Path

import subprocess
import sys


ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "bti" / "portal"
LOCALES = PACKAGE / "locales"
DOMAIN = "bti.portal"
# ar, uk: the family view and pages for families (bti.portal.content.family_page).
LANGUAGES = ("nb", "nn", "en", "ar", "uk")
I18NDUDE = Path(sys.executable).parent / "i18ndude"


def run(*args: str) -> None:
    subprocess.run([str(I18NDUDE), *args], check=True)


def main() -> None:
    pot = LOCALES / f"{DOMAIN}.pot"
    # profiles/ and themes/ are links into the package: scan the real files.
    # manual.pot: type titles and workflow labels, which i18ndude misses.
    run(
        "rebuild-pot",
        "--pot",
        str(pot),
        "--create",
        DOMAIN,
        "--merge",
        str(LOCALES / "manual.pot"),
        str(PACKAGE),
    )
    for language in LANGUAGES:
        po = LOCALES / language / "LC_MESSAGES" / f"{DOMAIN}.po"
        po.parent.mkdir(parents=True, exist_ok=True)
        if not po.exists():
            po.write_text(
                f'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
                f'"Language-Code: {language}\\n"\n"Language-Name: {language}\\n"\n'
                f'"Domain: {DOMAIN}\\n"\n'
            )
        run("sync", "--pot", str(pot), str(po))


if __name__ == "__main__":
    main()
