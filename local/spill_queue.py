"""The emulator's durable spill queue: the webhook writes a file per message it could not store (see
shared/messaging/spill.py); this drains the folder into the `inbound_drain` function, as SQS or Pub/Sub
would deliver to it in the cloud. A file is deleted only once its message is stored; while the database
is still down it stays and is tried again."""

from __future__ import annotations

import importlib
import json
import logging
import threading
from typing import Any

from shared.messaging.spill import FileSpill

log = logging.getLogger("boussole.emulator.spill")


class SpillQueue:
    def __init__(self, spill: FileSpill, deps: Any, *, interval_seconds: float = 1.0, batch: int = 100) -> None:
        self.spill = spill
        self._deps = deps
        self._interval = interval_seconds
        self._batch = batch
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._waiting = False

    def start(self) -> SpillQueue:
        self._thread = threading.Thread(target=self._loop, name="spill-queue", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=10)

    def drain(self) -> int:
        """Deliver every spilled message once; return how many were stored (or found already stored)."""
        function = importlib.import_module("functions.inbound_drain.main")
        done = 0
        with self._lock:  # one consumer at a time, like a queue's visibility
            for path, item in list(self.spill.pending(self._batch)):
                if item is None:
                    log.error("unreadable spilled message moved aside: %s", path.name)
                    self.spill.quarantine(path)
                    continue
                try:
                    function.inbound_drain(self._deps, json.loads(item.to_json()))
                except Exception as exc:
                    if not self._waiting:  # once per outage, not once a second
                        log.warning("spilled messages wait for the database (%s); retrying", type(exc).__name__)
                        self._waiting = True
                    break  # the database is still away: keep the order, try again later
                self.spill.done(path)
                done += 1
            if done and self._waiting:
                log.info("spilled messages are being stored again")
                self._waiting = False
        return done

    def _loop(self) -> None:
        while not self._stop.wait(self._interval):
            try:
                self.drain()
            except Exception:
                log.exception("spill queue pass failed")
