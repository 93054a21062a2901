"""Accuracy of the offline brain on the evaluation corpus (tests/corpus), per intent and language.

Run from the repository root: `.venv/bin/python -m bench.intents [--no-failures] [--repeat N]` (or
`.venv/bin/python bench/intents.py`). Pure: no database, no network. Reference now: Tuesday 2026-03-10 14:00,
Europe/Paris for French rows, America/New_York for English rows.

Prints, per intent (the expected tool, small-talk intent, or "ask.<argument>") and language, the share of rows
right; the overall figures over the rows that can be scored today (tools in the registry, intents, questions);
the rows waiting for issue 11's tools; the p50/p95 time of one `understand` call; then every failure with its
text, what was expected and what the brain did. Always exits 0: the floor lives in tests/corpus.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.corpus.runner import LANGS, STATUSES, Report, failure_lines, load, run  # noqa: E402


def pct(right: int, whole: int) -> str:
    return f"{100 * right / whole:5.1f} % ({right}/{whole})" if whole else "    -"


def table(report: Report) -> list[str]:
    lines = [f"{'intent':<26} {'fr':<20} {'en':<20} other outcomes"]
    for key, per_lang in sorted(report.by_key().items()):
        cells, others = [], Counter[str]()
        for lang in LANGS:
            counts = per_lang.get(lang, Counter())
            whole = sum(n for status, n in counts.items() if status != "not_implemented")
            cells.append(pct(counts["right"], whole) if whole else f"planned ({counts['not_implemented']})")
            others.update({s: n for s, n in counts.items() if s not in {"right", "not_implemented"}})
        rest = ", ".join(f"{s} {others[s]}" for s in STATUSES if others[s])
        lines.append(f"{key:<26} {cells[0]:<20} {cells[1]:<20} {rest}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.intents", description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--no-failures", action="store_true", help="do not list the failures")
    parser.add_argument("--repeat", type=int, default=3, help="runs for the timing (the accuracy is the same)")
    args = parser.parse_args(argv)

    rows = load()
    report = run(rows)
    for _ in range(max(0, args.repeat - 1)):  # the timing takes the fastest run of each row
        again = run(rows)
        for mine, other in zip(report.verdicts, again.verdicts, strict=True):
            mine.seconds = min(mine.seconds, other.seconds)

    print(
        f"Offline brain on the corpus: {len(rows)} rows ({', '.join(f'{lang} {len(report.of(lang))}' for lang in LANGS)})"
    )
    print()
    print("\n".join(table(report)))
    print()
    for lang in (*LANGS, None):
        scored = report.scored(lang)
        right = sum(v.status == "right" for v in scored)
        statuses = report.statuses(lang)
        rest = ", ".join(f"{s} {statuses[s]}" for s in STATUSES[1:] if statuses[s] and s != "not_implemented")
        print(f"{lang or 'all':<4} scored rows right: {pct(right, len(scored))}   {rest}")
    tools = [v for v in report.scored() if "tool" in v.row.expect]
    print(f"implemented tools only: {pct(sum(v.status == 'right' for v in tools), len(tools))}")
    planned = report.planned()
    print(f"rows waiting for issue 11's tools (not implemented yet): {sum(planned.values())} over {len(planned)} tools")
    p50, p95 = report.times_ms()
    print(f"understand() per utterance: p50 {p50:.3f} ms, p95 {p95:.3f} ms")
    if not args.no_failures:
        failures = report.failures()
        print(f"\nFailures ({len(failures)}):")
        print("\n".join(failure_lines(failures)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
