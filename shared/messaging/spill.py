"""Where the webhook keeps an inbound SMS when the database cannot take it, so that it still answers 200
and nothing is lost: the function's own queue in the cloud (SQS on AWS, Pub/Sub on Google Cloud), a
folder of fsynced files locally. A drainer (`inbound_drain`) stores each spilled message later through
the same statement as the webhook, unique on MessageSid, so a message that arrives both ways (spilled,
then retried by Twilio once the database is back) is kept once.

The signature was checked before anything is spilled; what is spilled is the form as Twilio posted it.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol


@dataclass(frozen=True, slots=True)
class Spilled:
    params: dict[str, str]  # Twilio's form fields, signature already verified
    received_at: datetime  # when the webhook got it: the message's time, whenever it is stored

    def to_json(self) -> str:
        return json.dumps({"params": self.params, "received_at": self.received_at.isoformat()}, ensure_ascii=False)

    @classmethod
    def from_json(cls, raw: str | bytes | dict[str, Any]) -> Spilled:
        data = raw if isinstance(raw, dict) else json.loads(raw)
        params = data["params"]
        if not isinstance(params, dict) or not all(isinstance(v, str) for v in params.values()):
            raise ValueError("spilled params must be a map of strings")
        received_at = datetime.fromisoformat(str(data["received_at"]))
        if received_at.tzinfo is None:
            raise ValueError("spilled received_at must be aware")
        return cls(params={str(k): v for k, v in params.items()}, received_at=received_at)


class Spill(Protocol):
    def put(self, item: Spilled) -> None:
        """Keep `item` durably, or raise: only a clean return lets the webhook answer 200."""
        ...


class FileSpill:
    """One file per message in a folder, written atomically and fsynced (the emulator's durable queue).
    Names sort by arrival, so the drainer stores messages in the order they came."""

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)

    def put(self, item: Spilled) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        sid = re.sub(r"[^A-Za-z0-9]", "", item.params.get("MessageSid", ""))[:40] or "nosid"
        name = f"{int(item.received_at.timestamp() * 1_000_000):020d}-{sid}.json"
        fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=".tmp-", suffix=".json")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write(item.to_json())
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, self.folder / name)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        dir_fd = os.open(self.folder, os.O_RDONLY)
        try:
            os.fsync(dir_fd)  # the rename itself survives a crash
        finally:
            os.close(dir_fd)

    def pending(self, limit: int = 100) -> Iterator[tuple[Path, Spilled | None]]:
        """Spilled messages, oldest first; None for a file that cannot be read (left for an operator)."""
        if not self.folder.is_dir():
            return
        for path in sorted(self.folder.glob("[0-9]*.json"))[:limit]:
            try:
                yield path, Spilled.from_json(path.read_text(encoding="utf-8"))
            except (ValueError, KeyError, OSError):
                yield path, None

    def done(self, path: Path) -> None:
        path.unlink(missing_ok=True)

    def quarantine(self, path: Path) -> None:
        """Move an unreadable file aside (never deleted: it may be someone's message)."""
        bad = self.folder / "unreadable"
        bad.mkdir(exist_ok=True)
        os.replace(path, bad / path.name)


class SqsSpill:
    """Spill to the SQS queue that triggers `inbound_drain` (long retention, a dead-letter queue)."""

    def __init__(self, queue_url: str, client: Any = None) -> None:
        self._queue_url = queue_url
        self._client = client

    def put(self, item: Spilled) -> None:
        if self._client is None:
            import boto3  # lazy: only in an outage, never on the webhook's cold start

            self._client = boto3.client("sqs")
        self._client.send_message(QueueUrl=self._queue_url, MessageBody=item.to_json())


class PubSubSpill:
    """Spill to the Pub/Sub topic whose push subscription triggers `inbound_drain`."""

    def __init__(self, topic: str, *, api_url: str, metadata_url: str) -> None:
        from shared.runtime.pubsub import PubSubPublisher

        self._publisher = PubSubPublisher(topic, api_url=api_url, metadata_url=metadata_url)

    def put(self, item: Spilled) -> None:
        self._publisher.publish(item.to_json().encode(), {"kind": "inbound_sms"})
