"""A fault-injecting fake of AWS KMS's JSON wire protocol (X-Amz-Target: TrentService.*), for what moto cannot
do: moto ignores a key's state, so a disabled key still decrypts there. Modes: "ok" (GenerateDataKey, Decrypt,
DescribeKey, bound to the EncryptionContext), "disabled" (every call: 400 DisabledException, as KMS answers
for a disabled key) and "down" (connections reset)."""

from __future__ import annotations

import base64
import json
import os
from typing import Any

from tests.fakes.server import FakeHandler, FakeServer

ARN = "arn:aws:kms:eu-west-3:123456789012:key/00000000-0000-4000-8000-00000000f4ce"


class FakeKms(FakeServer):
    name = "fake-kms"

    def __init__(self, **kw: Any) -> None:
        super().__init__(**kw)
        self.mode = "ok"
        self.calls: list[str] = []
        self._keys: dict[bytes, tuple[bytes, str]] = {}  # wrapped -> (plaintext, context)

    def _serve(self, handler: FakeHandler, raw: bytes) -> None:
        operation = str(handler.headers.get("X-Amz-Target", "")).rsplit(".", 1)[-1]
        self.calls.append(operation)
        if self.mode == "down":
            handler.abort()
            return
        headers = {"Content-Type": "application/x-amz-json-1.1"}
        if self.mode == "disabled":
            error = {"__type": "DisabledException", "message": f"{ARN} is disabled."}
            handler.send_json(400, error, headers, content_type="application/x-amz-json-1.1")
            return
        body = json.loads(raw or b"{}")
        context = json.dumps(body.get("EncryptionContext") or {}, sort_keys=True)
        if operation == "DescribeKey":
            answer: dict[str, Any] = {"KeyMetadata": {"Arn": ARN, "KeyId": ARN.rsplit("/", 1)[1], "Enabled": True}}
        elif operation == "GenerateDataKey":
            key, wrapped = os.urandom(32), os.urandom(48)
            self._keys[wrapped] = (key, context)
            answer = {"KeyId": ARN, "Plaintext": _b64(key), "CiphertextBlob": _b64(wrapped)}
        elif operation == "Decrypt":
            found = self._keys.get(base64.b64decode(body["CiphertextBlob"]))
            if found is None or found[1] != context:
                error = {"__type": "InvalidCiphertextException", "message": ""}
                handler.send_json(400, error, headers, content_type="application/x-amz-json-1.1")
                return
            answer = {"KeyId": ARN, "Plaintext": _b64(found[0])}
        else:
            handler.send_json(
                400, {"__type": "UnsupportedOperationException"}, content_type="application/x-amz-json-1.1"
            )
            return
        handler.send_json(200, answer, content_type="application/x-amz-json-1.1")


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()
