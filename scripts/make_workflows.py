"""Write the workflow definitions that are made from declarative data.

Usage: .venv/bin/python scripts/make_workflows.py
"""

from bti.portal.workflows import concern
from bti.portal.workflows import relaylog
from pathlib import Path


ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    for module in (relaylog, concern):
        target = (
            ROOT
            / "profiles"
            / "default"
            / "workflows"
            / module.WORKFLOW_ID
            / "definition.xml"
        )
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(module.render(), encoding="utf-8")
        print(f"wrote {target.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
