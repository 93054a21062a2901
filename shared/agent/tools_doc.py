"""Write docs/tools.md from the ToolRegistry: `python -m shared.agent.tools_doc` (a test keeps it current)."""

from __future__ import annotations

import sys
from pathlib import Path

from shared.agent.tools import registry

DOC = Path(__file__).resolve().parents[2] / "docs" / "tools.md"


def main() -> int:
    DOC.parent.mkdir(exist_ok=True)
    DOC.write_text(registry().reference() + "\n", encoding="utf-8")
    print(f"wrote {DOC}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
