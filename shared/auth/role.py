"""`python -m shared.auth.role --phone +33612345678 --role admin` (or `--email`): give a person a role, as an
operator, against BOUSSOLE_DATABASE_URL (or the JSON secret named by BOUSSOLE_SECRETS_ARN). This is how the
first admin is made; afterwards admins can also do it through `PUT /v1/admin/accounts/{id}/role`. Audited."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime

from shared.auth import accounts
from shared.config import Settings
from shared.errors import DomainError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m shared.auth.role", description=__doc__)
    who = parser.add_mutually_exclusive_group(required=True)
    who.add_argument("--phone", help="the person's number, E.164")
    who.add_argument("--email", help="the person's sign-in address")
    parser.add_argument("--role", required=True, choices=accounts.ROLES)
    args = parser.parse_args(argv)
    settings = Settings.from_env()
    from shared.db.session import make_engine, unit_of_work
    from shared.users import repository as users  # an operator's tool: a lookup, the change goes through the service
    from shared.wiring import Deps

    engine = make_engine(settings.database_url, pool_size=1, max_overflow=0)
    ctx = accounts.Context(
        secret=settings.token_secret.get_secret_value(), params=settings.password_params, cache=Deps(settings).cache
    )
    try:
        with unit_of_work(engine) as uow:
            person = (
                users.get_by_phone(uow.session, args.phone)
                if args.phone
                else users.get_by_email(uow.session, args.email.strip().casefold())
            )
            if person is None:
                print(
                    f"nobody with {'the number ' + args.phone if args.phone else 'the address ' + args.email}",
                    file=sys.stderr,
                )
                return 1
            accounts.set_role(
                uow.session, user_id=person.id, role=args.role, actor=None, now=datetime.now(UTC), ctx=ctx
            )
            print(f"{person.id} is now {args.role}")
    except DomainError as exc:
        print(exc.sms("en"), file=sys.stderr)
        return 1
    finally:
        engine.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
