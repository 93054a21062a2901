"""Run Alembic programmatically (the emulator migrates on start; tests go up and down)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _config(url: str):  # type: ignore[no-untyped-def]
    from alembic.config import Config

    cfg = Config(str(ROOT / "alembic.ini"))
    cfg.set_main_option("script_location", str(ROOT / "migrations"))
    cfg.attributes["database_url"] = url
    return cfg


def upgrade(url: str, revision: str = "head") -> None:
    from alembic import command

    command.upgrade(_config(url), revision)


def downgrade(url: str, revision: str = "base") -> None:
    from alembic import command

    command.downgrade(_config(url), revision)


def current_heads(url: str) -> set[str]:
    from alembic.runtime.migration import MigrationContext

    from shared.db.session import make_engine

    engine = make_engine(url, pool_size=1, max_overflow=0)
    try:
        with engine.connect() as conn:
            return set(MigrationContext.configure(conn).get_current_heads())
    finally:
        engine.dispose()


def main(argv: list[str] | None = None) -> int:
    """`python -m shared.db.migrate [upgrade [REV] | downgrade REV | current]` on BOUSSOLE_DATABASE_URL
    (or the JSON secret named by BOUSSOLE_SECRETS_ARN): how production is migrated, once per release,
    before the new functions take traffic."""
    import argparse

    from shared.config import Settings

    parser = argparse.ArgumentParser(prog="python -m shared.db.migrate", description=main.__doc__)
    parser.add_argument("action", nargs="?", default="upgrade", choices=("upgrade", "downgrade", "current"))
    parser.add_argument("revision", nargs="?", default=None)
    args = parser.parse_args(argv)
    url = Settings.from_env().database_url
    if args.action == "upgrade":
        upgrade(url, args.revision or "head")
    elif args.action == "downgrade":
        if not args.revision:
            parser.error("downgrade needs a revision (e.g. 0010, or base)")
        downgrade(url, args.revision)
    print(", ".join(sorted(current_heads(url))) or "(empty)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
