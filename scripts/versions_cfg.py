"""Print a buildout versions.cfg made from a pip constraints file.

Usage: python3 scripts/versions_cfg.py constraints.txt > versions.cfg
Lines are `name==version`; `#` starts a comment; blank lines are ignored.
"""

from pathlib import Path

import sys


HEADER = """\
# Generated from constraints.txt by scripts/versions_cfg.py (make versions).
# Do not edit by hand: change constraints.txt and regenerate.
[versions]
"""


def read_pins(text: str) -> dict[str, str]:
    pins = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        name, sep, version = (part.strip() for part in line.partition("=="))
        if not (sep and name and version):
            raise ValueError(f"line {number}: expected name==version, got {raw!r}")
        pins[name] = version
    return pins


def render(pins: dict[str, str]) -> str:
    lines = [f"{name} = {pins[name]}" for name in sorted(pins, key=str.lower)]
    return HEADER + "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    sys.stdout.write(render(read_pins(Path(argv[1]).read_text())))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
