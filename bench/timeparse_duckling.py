"""Accuracy of the offline time parser on Duckling's French and English time corpora.

Run from the repository root: `.venv/bin/python bench/timeparse_duckling.py [--misses]`.
Reads ../shared/data/duckling (never copied into the repo; see ../shared/data/README.md). Only rows of
kind "datetime" in section "main" at minute, hour or day grain are scored, each at its own grain.
Boussole's CONVENTIONS.md differ from Duckling on purpose in places (a bare hour is the next occurrence,
"mercredi prochain" is next week's, a day alone is 09:00), so 100 % is not the goal.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from shared.brains.offline.timeparse import parse_time  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "duckling"
GRAINS = {"minute": 16, "hour": 13, "day": 10}  # length of the ISO prefix compared at each grain


def score(lang: str, *, show_misses: bool) -> tuple[int, int, int]:
    corpus = json.loads((DATA / f"time_{lang}.json").read_text(encoding="utf-8"))
    now = datetime.fromisoformat(corpus["reference_time"])
    rows = [
        r for r in corpus["examples"] if r["kind"] == "datetime" and r["section"] == "main" and r["grain"] in GRAINS
    ]
    right = whole = 0
    for row in rows:
        match = parse_time(row["text"], now=now, lang=lang)  # type: ignore[arg-type]
        width = GRAINS[row["grain"]]
        got = match.when.isoformat()[:width] if match else None
        if got == row["expected"][:width]:
            right += 1
            whole += match is not None and match.end - match.start >= len(row["text"].strip()) - 1
        elif show_misses:
            print(f"  {lang} miss: {row['text']!r}: expected {row['expected'][:width]}, got {got}")
    negatives = corpus.get("negative", [])
    false_hits = sum(
        parse_time(t, now=now, lang=lang) is not None  # type: ignore[arg-type]
        for t in negatives
    )
    print(
        f"{lang}: {right}/{len(rows)} = {right / len(rows):.1%} right at the row's grain "
        f"({whole} with the whole text matched); negatives wrongly parsed: {false_hits}/{len(negatives)}"
    )
    return right, len(rows), false_hits


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="print every row that was not right")
    args = parser.parse_args()
    if not DATA.is_dir():
        raise SystemExit(f"No Duckling corpus at {DATA}: it lives in ../shared/data beside the checkout.")
    for lang in ("fr", "en"):
        score(lang, show_misses=args.misses)


if __name__ == "__main__":
    main()
