"""The operator's commands from the README's "going real": migrate a database, mint an API token."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import text

from shared.auth import mint, tokens
from shared.db import migrate


def test_migrate_brings_an_empty_database_to_head_and_reports_it(postgres, monkeypatch, capsys):
    postgres.drop_database("boussole_cli")
    url = postgres.create_database("boussole_cli")
    monkeypatch.setenv("BOUSSOLE_DATABASE_URL", url)
    assert migrate.main(["upgrade"]) == 0
    head = capsys.readouterr().out.strip()
    assert head and head == max(migrate.current_heads(url))
    assert migrate.main(["current"]) == 0
    assert capsys.readouterr().out.strip() == head
    with pytest.raises(SystemExit):
        migrate.main(["downgrade"])  # a downgrade must name where to go
    postgres.drop_database("boussole_cli")


def test_mint_gives_a_token_the_api_accepts_for_that_person_only(clean_db, database_url, monkeypatch, capsys):
    with clean_db.begin() as conn:
        user_id = conn.execute(text("INSERT INTO users (phone) VALUES ('+33677778888') RETURNING id")).scalar_one()
    monkeypatch.setenv("BOUSSOLE_DATABASE_URL", database_url)
    monkeypatch.setenv("BOUSSOLE_ENV", "dev")
    monkeypatch.setenv("BOUSSOLE_TOKEN_SECRET", "a-real-secret-for-this-test-32-bytes+")
    assert mint.main(["--phone", "+33677778888", "--days", "2"]) == 0
    token = capsys.readouterr().out.strip()
    assert tokens.verify(token, secret="a-real-secret-for-this-test-32-bytes+", now=datetime.now(UTC)) == user_id
    with pytest.raises(tokens.InvalidToken):
        tokens.verify(token, secret="another-secret-also-32-bytes-long!!", now=datetime.now(UTC))

    assert mint.main(["--phone", "+33600000000"]) == 1  # nobody with that number
    assert "nobody" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        mint.main(["--phone", "+33677778888", "--days", "365"])


def test_mint_refuses_the_local_secret_outside_a_local_run(clean_db, database_url, monkeypatch, capsys):
    monkeypatch.setenv("BOUSSOLE_DATABASE_URL", database_url)
    monkeypatch.setenv("BOUSSOLE_ENV", "dev")
    monkeypatch.delenv("BOUSSOLE_TOKEN_SECRET", raising=False)
    assert mint.main(["--phone", "+33677778888"]) == 2
    assert "local default" in capsys.readouterr().err
