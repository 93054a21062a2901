"""Key rotation without downtime.

- Re-wrap: every data key is wrapped again under the current key-encryption key (KMS ReEncrypt: the data key
  never leaves KMS in the clear; locally, unwrap and wrap). Batches by id, each its own short transaction;
  until a key is re-wrapped its old wrapping still opens (the old KEK stays enabled until this finishes), so
  readers and writers never wait. `--all` re-wraps every key even if already under the current KEK id (after
  KMS rotated the key material behind the same id). `--new-local-key` first adds a local KEK version.
- New data keys (lazy): `--data-keys` gives each person a new data key version; new and changed values are
  sealed under it, older values keep opening with the version they name, and `shared.crypto.backfill`-like
  re-sealing is not needed for them to stay readable.

    python -m shared.crypto.rotate [--new-local-key] [--all] [--data-keys] [--batch 200]
"""

from __future__ import annotations

import argparse
import uuid
from datetime import UTC, datetime
from typing import Any

from shared.crypto import repository as repo
from shared.crypto.keyring import Keyring
from shared.crypto.service import context, new_key


def rewrap(engine: Any, keyring: Keyring, *, now: datetime, batch: int = 200, everything: bool = False) -> int:
    """Re-wrap data keys not under the current KEK (all of them with `everything`); how many were."""
    from shared.db.session import unit_of_work

    current = keyring.current_kek()
    after: uuid.UUID | None = None
    moved = 0
    while True:
        with unit_of_work(engine) as uow:
            keys = repo.batch_after(uow.session, after, limit=batch)
            for key in keys:
                if everything or key.kek_id != current:
                    wrapped, kek_id = keyring.rewrap(key.wrapped, kek_id=key.kek_id, context=context(key.user_id))
                    repo.set_wrapped(uow.session, key.id, wrapped=wrapped, kek_id=kek_id, now=now)
                    moved += 1
        if len(keys) < batch:
            return moved
        after = keys[-1].id


def new_data_keys(engine: Any, keyring: Keyring, *, batch: int = 200) -> int:
    """Give every person who has a data key a newer one (values then sealed under it); how many people."""
    from shared.db.session import unit_of_work

    after: uuid.UUID | None = None
    made = 0
    while True:
        with unit_of_work(engine) as uow:
            people = repo.people_with_keys(uow.session, after, limit=batch)
            for user_id, version in people:
                new_key(uow.session, user_id, version=version + 1, keyring=keyring)
                made += 1
        if len(people) < batch:
            return made
        after = people[-1][0]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m shared.crypto.rotate", description="Rotate encryption keys.")
    parser.add_argument("--new-local-key", action="store_true", help="add a local KEK version first (local only)")
    parser.add_argument("--all", action="store_true", help="re-wrap every data key, even under the current KEK")
    parser.add_argument("--data-keys", action="store_true", help="also give everyone a new data key version")
    parser.add_argument("--batch", type=int, default=200)
    args = parser.parse_args(argv)
    from shared.config import get_settings
    from shared.crypto.keyring import LocalKeyFile
    from shared.wiring import Deps, install

    deps = Deps(get_settings())
    install(deps)
    keyring = deps.keyring
    if args.new_local_key:
        if not isinstance(keyring, LocalKeyFile):
            parser.error("--new-local-key needs the local key file (in KMS, rotate the key or move the alias)")
        print(f"local key-encryption key version {keyring.add_version()}")
    moved = rewrap(deps.engine, keyring, now=datetime.now(UTC), batch=args.batch, everything=args.all)
    print(f"re-wrapped {moved} data keys under {keyring.current_kek()}")
    if args.data_keys:
        print(f"new data keys for {new_data_keys(deps.engine, keyring, batch=args.batch)} people")


if __name__ == "__main__":
    main()
