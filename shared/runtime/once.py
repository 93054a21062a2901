"""Work done once per name, on first need, safe across threads: the lazy loading of routes and tools."""

from __future__ import annotations

import threading
from collections.abc import Callable


class OncePerName:
    """Call `run(name)` the first time a name is asked for, never again (concurrent askers wait for it)."""

    def __init__(self, run: Callable[[str], None]) -> None:
        self._run = run
        self._done: set[str] = set()
        self._lock = threading.Lock()

    def __call__(self, *names: str) -> None:
        for name in names:
            if name in self._done:
                continue
            with self._lock:
                if name not in self._done:
                    self._run(name)
                    self._done.add(name)
