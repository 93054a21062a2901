"""`python -m shared.auth.mint --phone +33612345678 [--days 7]`: an API token for one person, outside the
emulator, signed with BOUSSOLE_TOKEN_SECRET against BOUSSOLE_DATABASE_URL (or the JSON secret named by
BOUSSOLE_SECRETS_ARN). An operator's stopgap until accounts with login and MFA arrive; the person must
already exist (they texted Boussole once)."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime, timedelta

from shared.auth import tokens
from shared.config import LOCAL_TOKEN_SECRET, Settings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m shared.auth.mint", description=__doc__)
    parser.add_argument("--phone", required=True, help="the person's number, E.164")
    parser.add_argument("--days", type=float, default=7.0, help="how long the token lives (at most 30)")
    args = parser.parse_args(argv)
    if not 0 < args.days <= 30:
        parser.error("--days must be more than 0 and at most 30")
    settings = Settings.from_env()
    secret = settings.token_secret.get_secret_value()
    if secret == LOCAL_TOKEN_SECRET and settings.env not in ("local", "test"):
        print("BOUSSOLE_TOKEN_SECRET is the local default: set the real one.", file=sys.stderr)
        return 2
    from shared.audit import service as audit
    from shared.db import rls
    from shared.db.session import make_engine, unit_of_work
    from shared.users import repository as users  # an operator's tool, not a route: a lookup, no behaviour

    now = datetime.now(UTC)
    engine = make_engine(settings.database_url, pool_size=1, max_overflow=0)
    try:
        scope = rls.system("operator: mint a token") if settings.row_level_security else None
        with unit_of_work(engine, scope=scope) as uow:
            user = users.get_by_phone(uow.session, args.phone)
            if user is not None:  # the token is issued below only once this is committed
                audit.record(
                    uow.session,
                    event="token.minted",
                    actor="operator",
                    now=now,
                    secret=secret,
                    person=user.id,
                    details={"days": args.days},
                )
    finally:
        engine.dispose()
    if user is None:
        print(f"nobody with the number {args.phone}", file=sys.stderr)
        return 1
    print(tokens.issue(user.id, secret=secret, now=now, ttl=timedelta(days=args.days)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
