"""JSON log lines: parseable, correlated, and free of secrets."""

from __future__ import annotations

import io
import json
import logging

from shared.runtime.logs import JsonFormatter, correlation_id


def emit(*args, exc=False, **extra):
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter("sms_inbound"))
    logger = logging.getLogger("boussole.test.logs")
    logger.handlers[:] = [handler]
    logger.propagate = False
    if exc:
        try:
            raise RuntimeError("boom")
        except RuntimeError:
            logger.exception(*args, extra=extra)
    else:
        logger.warning(*args, extra=extra)
    return json.loads(stream.getvalue())


class TestJsonLogs:
    def test_one_json_object_with_the_function_and_extras(self):
        line = emit("send failed for %s", "outbox-1", outbox_id="outbox-1")
        assert line["message"] == "send failed for outbox-1" and line["level"] == "WARNING"
        assert line["function"] == "sms_inbound" and line["outbox_id"] == "outbox-1"
        assert line["time"].endswith("Z")

    def test_correlation_id_follows_the_unit_of_work(self):
        token = correlation_id.set("SM" + "a" * 32)
        try:
            assert emit("x")["correlation_id"] == "SM" + "a" * 32
        finally:
            correlation_id.reset(token)
        assert "correlation_id" not in emit("x")

    def test_exceptions_are_kept_in_one_line(self):
        line = emit("failed", exc=True)
        assert "RuntimeError: boom" in line["exception"]
