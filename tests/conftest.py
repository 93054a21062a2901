"""Real parts for every test: embedded Postgres 16 + pgvector, real Redis, the emulator on loopback, and
the real twilio client talking to a local fake Twilio API. Nothing of ours is mocked."""

from __future__ import annotations

import os
import tempfile
import threading
import time
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")

from local.stack import EmbeddedPostgres, EmbeddedRedis, start_postgres, start_redis  # noqa: E402
from shared.clock import TravelClock  # noqa: E402
from shared.config import LOCAL_TWILIO_SID, LOCAL_TWILIO_TOKEN, Settings  # noqa: E402
from shared.db.models import metadata  # noqa: E402
from tests.fakes.twilio_api import FakeTwilio  # noqa: E402

BOUSSOLE_NUMBER = "+15005550006"


@pytest.fixture(scope="session")
def state_dir() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="boussole-tests-") as d:
        os.chmod(d, 0o755)  # postgres runs as the `pgserver` user when tests run as root
        yield Path(d)


@pytest.fixture(scope="session")
def postgres(state_dir: Path) -> Iterator[EmbeddedPostgres]:
    pg = start_postgres(state_dir / "pg")
    yield pg
    pg.stop()


@pytest.fixture(scope="session")
def database_url(postgres: EmbeddedPostgres) -> str:
    """A database migrated to head once for the whole run; tests clean their rows."""
    from shared.db.migrate import upgrade

    url = postgres.create_database("boussole_test")
    upgrade(url)
    return url


@pytest.fixture(scope="session")
def engine(database_url: str) -> Iterator[Any]:
    from shared.db.session import make_engine

    eng = make_engine(database_url, pool_size=4)
    yield eng
    eng.dispose()


@pytest.fixture()
def clean_db(engine: Any) -> Iterator[Any]:
    """Empty every table before the test (the webhook and workers commit for real, so no rollback trick)."""
    from sqlalchemy import text

    names = ", ".join(f'"{t.name}"' for t in metadata.sorted_tables)
    with engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {names} CASCADE"))
    yield engine


@pytest.fixture()
def db(clean_db: Any) -> Iterator[Any]:
    """One transaction, committed at the end (like the edge does); `db.ana` (fr, Paris) and `db.bob` (en, New
    York) are two people, `db.session` the session."""
    from types import SimpleNamespace

    from shared.db.session import unit_of_work
    from shared.users.models import User
    from tests.helpers import add_people

    ids = add_people(
        clean_db,
        ("ana", "+33611112222", "fr", "Europe/Paris"),
        ("bob", "+14155550000", "en", "America/New_York"),
    )
    with unit_of_work(clean_db) as uow:
        yield SimpleNamespace(
            session=uow.session, ana=uow.session.get(User, ids["ana"]), bob=uow.session.get(User, ids["bob"])
        )


@pytest.fixture()
def people(emulator: Any) -> dict[str, Any]:
    """Two people on the emulator's database, by language: `fr` in Paris and `en` in New York (a file that
    wants others defines its own `people`)."""
    from tests.helpers import add_people

    return add_people(
        emulator.deps.engine,
        ("fr", "+33611112222", "fr", "Europe/Paris"),
        ("en", "+14155552222", "en", "America/New_York"),
    )


@pytest.fixture()
def known_phones(request: pytest.FixtureRequest, clean_db: Any) -> dict[str, Any]:
    """The module's KNOWN_PHONES as people who went through the first-contact dialogue already, with the
    language and time zone it proposes for their number (a module about what happens after it uses this; the
    dialogue itself is tested in tests/onboarding/)."""
    from shared.users.service import guess_language, guess_timezone
    from tests.helpers import add_people

    people = []
    for phone in request.module.KNOWN_PHONES:
        lang = guess_language(phone)
        zone = guess_timezone(phone, language=lang, default_fr="Europe/Paris", default_en="America/New_York")
        people.append((phone, phone, lang, zone))
    return add_people(clean_db, *people)


@pytest.fixture(scope="session")
def redis_server(state_dir: Path) -> Iterator[EmbeddedRedis]:
    r = start_redis(state_dir / "redis" / "test.rdb")
    yield r
    r.stop()


@pytest.fixture()
def redis_url(redis_server: EmbeddedRedis) -> str:
    redis_server.client.flushdb()
    return redis_server.url


@pytest.fixture()
def fake_twilio() -> Iterator[FakeTwilio]:
    with FakeTwilio(LOCAL_TWILIO_SID, LOCAL_TWILIO_TOKEN) as fake:
        yield fake


def make_settings(*, database_url: str, redis_url: str, twilio_url: str, port: int = 0, **over: Any) -> Settings:
    """Settings for a test: real database and Redis, Twilio sends to the fake API (on a free port unless given)."""
    if not port:
        from local.emulator import free_port

        port = free_port()
    values: dict[str, Any] = {
        "env": "test",
        "database_url": database_url,
        "public_base_url": f"http://127.0.0.1:{port}",
        "cache": "redis",
        "redis_url": redis_url,
        "sms_gateway": "twilio",
        "twilio_api_base_url": twilio_url,
        "twilio_from_number": BOUSSOLE_NUMBER,
        "queue": "inprocess",
        # Tests about the provider's rate set their own; the rest should not wait on it.
        "sms_send_rate": 1000,
        # Abuse limits would throttle the suites that call the API hundreds of times a minute from one
        # address; tests/api/test_limits.py turns them on.
        "rate_limits": False,
    }
    values.update(over)
    return Settings.model_validate(values)


@pytest.fixture()
def settings_for(clean_db: Any, database_url: str, redis_url: str) -> Any:
    """Settings on this test's clean database and Redis, sending to the given fake Twilio."""

    def make(twilio: FakeTwilio, **over: Any) -> Settings:
        return make_settings(database_url=database_url, redis_url=redis_url, twilio_url=twilio.base_url, **over)

    return make


@dataclass
class Emulator:
    base_url: str
    running: Any  # local.emulator.Running
    clock: TravelClock
    twilio: FakeTwilio
    http: httpx.Client

    @property
    def deps(self) -> Any:
        return self.running.deps

    def settle(self) -> None:
        """Wait until every queued agent turn has run."""
        self.running.dispatcher.join()

    def sweep(self) -> dict[str, Any]:
        from functions.manifest import by_name
        from local.emulator import run_scheduled

        return run_scheduled(by_name("reminder_sweep"))


@contextmanager
def serve_emulator(settings: Settings, clock: TravelClock, twilio: FakeTwilio) -> Iterator[Emulator]:
    """The emulator's app (every function, the in-process queue, the spill queue) on a real uvicorn server on
    loopback, as `make dev` runs it, with these settings."""
    from local.emulator import assemble, uvicorn_server
    from shared.wiring import install

    port = int(settings.public_base_url.rsplit(":", 1)[1])
    running = assemble(settings, clock)
    server = uvicorn_server(running.app, port)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("emulator did not start")
        time.sleep(0.02)
    base = f"http://127.0.0.1:{port}"
    try:
        with httpx.Client(base_url=base, timeout=10) as client:
            yield Emulator(base_url=base, running=running, clock=clock, twilio=twilio, http=client)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        running.dispatcher.join()
        running.close()
        install(None)


@pytest.fixture()
def emulator(clean_db: Any, database_url: str, redis_url: str, fake_twilio: FakeTwilio) -> Iterator[Emulator]:
    """The emulator's app on a real uvicorn server on loopback, with a travelling clock."""
    from local.emulator import free_port

    port = free_port()
    settings = make_settings(database_url=database_url, redis_url=redis_url, twilio_url=fake_twilio.base_url, port=port)
    with serve_emulator(settings, TravelClock(), fake_twilio) as emu:
        yield emu
