"""Seal the values written before encryption at rest (migration 0019 keeps them as they were, readable), or
with --open bring sealed values back to plaintext before a downgrade. Batches of rows, each batch its own
transaction (FOR UPDATE SKIP LOCKED: the service keeps running, and two runs share the work). Their full-text
vectors are already right (computed from the same plaintext), so only the text changes.

    python -m shared.crypto.backfill [--batch 500] [--open]
"""

from __future__ import annotations

import argparse
import logging
from typing import Any

from shared.crypto import repository as repo
from shared.crypto.envelope import PREFIX
from shared.crypto.orm import SEALED
from shared.crypto.service import open_value, seal

log = logging.getLogger("boussole.crypto")


def backfill(engine: Any, *, batch: int = 500, reverse: bool = False) -> dict[str, int]:
    """Seal every unsealed value of every sealed column (or open every sealed one); rows done per table."""
    import shared.db.models  # noqa: F401 - registers every sealed column
    from shared.db.session import unit_of_work

    done: dict[str, int] = {}
    for table, spec in sorted(SEALED.items()):
        for column in spec.columns:
            while True:
                with unit_of_work(engine) as uow:
                    rows = repo.unsealed_rows(uow.session, table, column, PREFIX, sealed=reverse, limit=batch)
                    for row_id, user_id, value in rows:
                        if reverse:
                            new = open_value(
                                uow.session, user_id=user_id, table=table, column=column, row=row_id, sealed=value
                            )
                        else:
                            new = seal(
                                uow.session, user_id=user_id, table=table, column=column, row=row_id, plaintext=value
                            )
                        repo.set_value(uow.session, table, column, row_id, new)
                done[table] = done.get(table, 0) + len(rows)
                if len(rows) < batch:
                    break
    return done


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m shared.crypto.backfill", description=__doc__.split("\n\n")[0])
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--open", action="store_true", help="open sealed values back to plaintext (downgrade)")
    args = parser.parse_args(argv)
    from shared.config import get_settings
    from shared.wiring import Deps, install

    deps = Deps(get_settings())
    install(deps)
    print(backfill(deps.engine, batch=args.batch, reverse=args.open))


if __name__ == "__main__":
    main()
