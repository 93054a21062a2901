"""Dispatch of queued work. The job row in Postgres is the durable truth; a dispatcher only says
"job X is ready" (in-process in the emulator, SQS on AWS, Pub/Sub on GCP). A lost notice is not a lost
job: the reminder sweep re-dispatches jobs left pending too long."""

from __future__ import annotations

import json
import logging
import queue
import threading
import uuid
from collections.abc import Callable
from typing import Any, Protocol

from shared.runtime.pubsub import PubSubPublisher

log = logging.getLogger("boussole.jobs")


class Dispatcher(Protocol):
    def dispatch(self, kind: str, job_id: uuid.UUID) -> None: ...


class NullDispatcher:
    """Leaves jobs for the sweep's recovery pass (used by scheduled functions that have no queue)."""

    def dispatch(self, kind: str, job_id: uuid.UUID) -> None:
        log.info("job left for recovery", extra={"kind": kind, "job_id": str(job_id)})


class InProcessDispatcher:
    """A worker thread running job handlers in this process (the emulator's queue)."""

    def __init__(self, handlers: dict[str, Callable[[uuid.UUID], object]] | None = None) -> None:
        self.handlers = dict(handlers or {})
        self._queue: queue.Queue[tuple[str, uuid.UUID]] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def dispatch(self, kind: str, job_id: uuid.UUID) -> None:
        self._ensure_thread()
        self._queue.put((kind, job_id))

    def join(self) -> None:
        """Block until every dispatched job has been handled (tests, the emulator's clock jumps)."""
        self._queue.join()

    def _ensure_thread(self) -> None:
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._work, name="jobs", daemon=True)
                self._thread.start()

    def _work(self) -> None:
        while True:
            kind, job_id = self._queue.get()
            try:
                handler = self.handlers.get(kind)
                if handler is None:
                    log.error("no handler for job kind %s", kind)
                else:
                    handler(job_id)
            except Exception:
                log.exception("job %s (%s) failed", job_id, kind)
            finally:
                self._queue.task_done()


class SqsDispatcher:
    """Sends `{"kind", "job_id"}` to an SQS queue; the agent_turn function consumes it."""

    def __init__(self, queue_url: str, client: Any = None) -> None:
        self._queue_url = queue_url
        self._client = client

    def dispatch(self, kind: str, job_id: uuid.UUID) -> None:
        if self._client is None:
            import boto3  # lazy: ~100 ms, only on AWS

            self._client = boto3.client("sqs")
        self._client.send_message(
            QueueUrl=self._queue_url, MessageBody=json.dumps({"kind": kind, "job_id": str(job_id)})
        )


def parse_notice(notice: str | bytes | dict[str, object]) -> tuple[str, uuid.UUID]:
    """Read a dispatch notice (SQS body, Pub/Sub data, or already decoded)."""
    data = notice if isinstance(notice, dict) else json.loads(notice)
    return str(data["kind"]), uuid.UUID(str(data["job_id"]))


class PubSubDispatcher:
    """Publishes `{"kind", "job_id"}` to a Pub/Sub topic (`projects/P/topics/T`)."""

    def __init__(self, publisher: PubSubPublisher) -> None:
        self._publisher = publisher

    def dispatch(self, kind: str, job_id: uuid.UUID) -> None:
        data = json.dumps({"kind": kind, "job_id": str(job_id)}).encode()
        self._publisher.publish(data, {"kind": kind})
