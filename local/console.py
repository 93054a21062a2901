"""Chat with the running emulator as a phone number, like a real phone texting Boussole.

    python -m local.console --phone +33612345678 [--url http://127.0.0.1:8080]

What you type is posted to the Twilio webhook exactly as Twilio would (signed form); every SMS Boussole
sends to your number (replies, and reminders from the sweep) prints as it arrives.
Commands: /wait 2m (move the emulator's clock forward, for every number, and run the sweep; the emulator
keeps that offset across restarts until it is started with --real-time), /token (a bearer token for the API
as this number), /quit.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import re
import sys
import threading
import time
from typing import Any

import httpx

from local.twilio_webhook import inbound_params, sign

_DURATION = re.compile(r"^(\d+)\s*(s|sec|m|min|h)?$")


def parse_duration(text: str) -> float:
    m = _DURATION.match(text.strip().lower())
    if not m:
        raise ValueError("use e.g. /wait 90s, /wait 2m, /wait 1h")
    n, unit = int(m.group(1)), m.group(2) or "m"
    return n * {"s": 1, "sec": 1, "m": 60, "min": 60, "h": 3600}[unit]


def _error(response: httpx.Response) -> str:
    try:
        return str(response.json()["error"])
    except (ValueError, KeyError, TypeError):
        return f"HTTP {response.status_code}"


class Console:
    def __init__(self, url: str, phone: str, out: Any = sys.stdout) -> None:
        self.url = url.rstrip("/")
        self.phone = phone
        self.out = out
        self.http = httpx.Client(base_url=self.url, timeout=15)
        self.info = self.http.get("/_emulator/info").raise_for_status().json()
        self._after = self._latest()
        self._stop = threading.Event()
        self._awaiting = 0  # messages sent whose reply has not arrived yet
        self._poll_lock = threading.Lock()

    def _latest(self) -> str:
        entries = self.http.get("/_emulator/sms", params={"to": self.phone, "after": "0"}).json()["messages"]
        return entries[-1]["id"] if entries else "0"

    def send(self, body: str) -> int:
        form = inbound_params(
            from_=self.phone, to=self.info["boussole_number"], body=body, account_sid=self.info["twilio_account_sid"]
        )
        signature = sign(self.info["public_base_url"] + "/sms/inbound", form, self.info["twilio_auth_token"])
        r = self.http.post("/sms/inbound", data=form, headers={"X-Twilio-Signature": signature})
        if r.status_code == 200:
            self._awaiting += 1
        else:
            print(f"  (webhook answered {r.status_code}: {r.text})", file=self.out, flush=True)
        return r.status_code

    def poll_once(self) -> list[str]:
        with self._poll_lock:  # the watcher thread and drain() both poll
            entries = self.http.get("/_emulator/sms", params={"to": self.phone, "after": self._after}).json()[
                "messages"
            ]
            return self._show(entries)

    def _show(self, entries: list[dict[str, str]]) -> list[str]:
        bodies = []
        for e in entries:
            self._after = e["id"]
            self._awaiting = max(0, self._awaiting - 1)
            bodies.append(e["body"])
            print(f"\n📱 Boussole: {e['body']}", file=self.out, flush=True)
        return bodies

    def watch(self) -> None:
        while not self._stop.is_set():
            with contextlib.suppress(httpx.HTTPError):
                self.poll_once()
            self._stop.wait(0.4)

    def wait(self, seconds: float) -> None:
        response = self.http.post("/_emulator/clock/advance", json={"seconds": seconds}, timeout=120)
        if response.status_code != 200:  # e.g. beyond what one /wait may move: the emulator says why
            print(f"  (the clock did not move: {_error(response)})", file=self.out, flush=True)
            return
        r = response.json()
        sweep = r["sweep"]
        print(
            f"  (clock moved to {r['now'][11:19]} UTC; sweep sent {sweep['sent']}, failed {sweep['failed']})",
            file=self.out,
            flush=True,
        )
        self.poll_once()  # the sweep has sent by now: show what it sent to this number

    def drain(self, timeout: float = 10.0) -> None:
        """Wait (bounded) for the replies to what was sent, so piped input still shows them."""
        deadline = time.monotonic() + timeout
        while self._awaiting > 0 and time.monotonic() < deadline:
            time.sleep(0.2)
            self.poll_once()

    def run(self) -> None:
        print(
            f"Texting Boussole as {self.phone} via {self.url}. "
            "/wait 2m jumps ahead, /token gives an API token, /quit leaves.",
            file=self.out,
            flush=True,
        )
        threading.Thread(target=self.watch, daemon=True).start()
        try:
            for line in sys.stdin:
                line = line.strip()
                if not line:
                    continue
                if line in ("/quit", "/exit"):
                    break
                if line.startswith("/wait"):
                    try:
                        self.wait(parse_duration(line[5:] or "1m"))
                    except ValueError as exc:
                        print(f"  {exc}", file=self.out)
                    continue
                if line == "/sleep":  # for scripts: let the replies to what was sent arrive
                    self.drain()
                    continue
                if line == "/token":
                    token = self.http.get("/_emulator/token", params={"phone": self.phone}).json()
                    print(json.dumps(token), file=self.out, flush=True)
                    continue
                self.send(line)
                time.sleep(0.05)
            else:  # end of input (a pipe): show the replies still on their way
                self.drain()
        finally:
            self._stop.set()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m local.console", description=__doc__.split("\n\n")[0])
    parser.add_argument("--phone", default="+33612345678", help="your number, E.164")
    parser.add_argument("--url", default="http://127.0.0.1:8080")
    args = parser.parse_args(argv)
    try:
        Console(args.url, args.phone).run()
    except httpx.ConnectError:
        print(f"No emulator at {args.url}: start it with `make dev`.", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
