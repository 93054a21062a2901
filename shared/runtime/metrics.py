"""Counters an operator can alert on. Each count goes to an in-process registry (the emulator's
Prometheus page, tests) and, on AWS Lambda, out as one CloudWatch Embedded Metric Format line on stdout,
which CloudWatch turns into a metric without an API call. On Google Cloud, the structured log event that
goes with every count (see callers) feeds a log-based metric."""

from __future__ import annotations

import json
import os
import sys
import threading
import time
from collections import Counter

NAMESPACE = "Boussole"
_lock = threading.Lock()
_counts: Counter[tuple[str, tuple[tuple[str, str], ...]]] = Counter()


def count(name: str, value: int = 1, /, **dimensions: str) -> None:
    """Add `value` to the counter `name` with these dimensions (few, low-cardinality: kind, reason)."""
    key = (name, tuple(sorted(dimensions.items())))
    with _lock:
        _counts[key] += value
    if os.environ.get("AWS_LAMBDA_FUNCTION_NAME"):
        _emit_emf(name, value, dimensions)


def value(name: str, /, **dimensions: str) -> int:
    """The current count (all dimension values summed over those not given)."""
    with _lock:
        return sum(
            n for (metric, dims), n in _counts.items() if metric == name and dimensions.items() <= dict(dims).items()
        )


def prometheus_text() -> str:
    """The registry in Prometheus' text exposition format."""
    lines: list[str] = []
    with _lock:
        items = sorted(_counts.items())
    seen: set[str] = set()
    for (name, dims), n in items:
        metric = f"boussole_{name}_total"
        if metric not in seen:
            seen.add(metric)
            lines.append(f"# TYPE {metric} counter")
        labels = ",".join(f'{k}="{_escape(v)}"' for k, v in dims)
        lines.append(f"{metric}{{{labels}}} {n}" if labels else f"{metric} {n}")
    return "\n".join(lines) + ("\n" if lines else "")


def reset() -> None:
    """Forget every count (tests)."""
    with _lock:
        _counts.clear()


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def _emit_emf(name: str, value: int, dimensions: dict[str, str]) -> None:
    record = {
        "_aws": {
            "Timestamp": int(time.time() * 1000),
            "CloudWatchMetrics": [
                {
                    "Namespace": NAMESPACE,
                    "Dimensions": [sorted(dimensions)],
                    "Metrics": [{"Name": name, "Unit": "Count"}],
                }
            ],
        },
        name: value,
        **dimensions,
    }
    sys.stdout.write(json.dumps(record) + "\n")
    sys.stdout.flush()
