"""Sealed columns made transparent to services: a model declares which of its text columns are sealed, and
these ORM events seal them when a row is flushed and open them when it is loaded (including rows built from
raw SQL through `from_statement`, like memory_search()'s). In Python the attribute always holds plaintext; in
the database, only the sealed form.

Derived columns (full-text vectors) cannot be computed by Postgres from a sealed value: a model gives a
`derive` function that returns SQL expressions over the plaintext as bound parameters, written in the same
flush. The plaintext travels to the database as a parameter of that statement; it is never stored.

Empty or blank values are stored as they are: they say nothing a ciphertext's length would not.
Bulk inserts that bypass the unit of work (insert(Model) with many rows) seal explicitly (see `seal_row`).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session, attributes
from sqlalchemy.orm.attributes import set_committed_value

from shared.crypto import envelope
from shared.crypto.service import EncryptionUnavailable, open_value, seal

_RESTORE = "crypto.restore"


@dataclass(frozen=True)
class SealedSpec:
    table: str
    columns: tuple[str, ...]
    # {attribute: SQL expression} computed from the object's plaintext attributes, re-derived when any of the
    # sealed columns or `inputs` change.
    derive: Callable[[Any], Mapping[str, Any]] | None
    inputs: tuple[str, ...]


SEALED: dict[str, SealedSpec] = {}  # by table name (export opens these columns too)
_BY_MODEL: dict[type, SealedSpec] = {}


def sealed_columns(
    model: type,
    *columns: str,
    derive: Callable[[Any], Mapping[str, Any]] | None = None,
    inputs: tuple[str, ...] = (),
) -> None:
    """Declare `columns` of `model` sealed (the model has `id` and `user_id`)."""
    table = str(model.__tablename__)  # type: ignore[attr-defined]
    spec = SealedSpec(table, tuple(columns), derive, inputs)
    SEALED[table] = spec
    _BY_MODEL[model] = spec
    event.listen(model, "load", _on_load)
    event.listen(model, "refresh", _on_refresh)


def needs_sealing(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip()) and not envelope.is_sealed(value)


def seal_row(session: Session, table: str, row: dict[str, Any]) -> dict[str, Any]:
    """A row (dict with id and user_id) with its sealed columns sealed, for a bulk insert."""
    spec = SEALED[table]
    out = dict(row)
    for column in spec.columns:
        if needs_sealing(out.get(column)):
            out[column] = seal(
                session, user_id=out["user_id"], table=table, column=column, row=out["id"], plaintext=out[column]
            )
    return out


def open_row(session: Session, table: str, row: dict[str, Any]) -> dict[str, Any]:
    """A raw row (dict) of `table` with its sealed columns opened (export)."""
    spec = SEALED.get(table)
    if spec is None:
        return row
    out = dict(row)
    for column in spec.columns:
        value = out.get(column)
        if isinstance(value, str) and envelope.is_sealed(value):
            out[column] = open_value(
                session, user_id=out["user_id"], table=table, column=column, row=out["id"], sealed=value
            )
    return out


def _open(target: Any, session: Session | None, names: tuple[str, ...]) -> None:
    spec = _BY_MODEL[type(target)]
    for column in names:
        value = target.__dict__.get(column)
        if isinstance(value, str) and envelope.is_sealed(value):
            if session is None:
                raise RuntimeError("a sealed value loaded outside a session")
            plaintext = open_value(
                session, user_id=target.user_id, table=spec.table, column=column, row=target.id, sealed=value
            )
            set_committed_value(target, column, plaintext)


def _on_load(target: Any, context: Any) -> None:
    _open(target, context.session, _BY_MODEL[type(target)].columns)


def _on_refresh(target: Any, context: Any, attrs: Any) -> None:
    spec = _BY_MODEL[type(target)]
    names = spec.columns if attrs is None else tuple(c for c in spec.columns if c in attrs)
    _open(target, context.session, names)


@event.listens_for(Session, "before_flush")
def _seal_pending(session: Session, flush_context: Any, instances: Any) -> None:
    restore: list[tuple[Any, str, str]] = []
    session.info[_RESTORE] = restore
    for obj in [*session.new, *session.dirty]:
        spec = _BY_MODEL.get(type(obj))
        if spec is None:
            continue
        new = inspect(obj).key is None
        if new and obj.id is None:
            obj.id = uuid.uuid4()  # the row id is part of the associated data: fixed before sealing
        changed = [c for c in spec.columns if new or attributes.get_history(obj, c).has_changes()]
        rederive = bool(changed) or any(attributes.get_history(obj, a).has_changes() for a in spec.inputs)
        if not rederive:
            continue
        if spec.derive is not None and all(not envelope.is_sealed(getattr(obj, c)) for c in spec.columns):
            for name, expression in spec.derive(obj).items():
                setattr(obj, name, expression)
        try:
            for column in changed:
                plaintext = getattr(obj, column)
                if needs_sealing(plaintext):
                    sealed = seal(
                        session, user_id=obj.user_id, table=spec.table, column=column, row=obj.id, plaintext=plaintext
                    )
                    setattr(obj, column, sealed)
                    restore.append((obj, column, plaintext))
        except EncryptionUnavailable:
            # Fail closed, and leave the session usable for the rest of the work (the reply that says so): the
            # row that could not be sealed is dropped from this unit of work instead of being retried in the
            # clear by the next flush.
            if new:
                session.expunge(obj)
            else:
                session.expire(obj)
            raise


@event.listens_for(Session, "after_flush_postexec")
def _restore_plaintext(session: Session, flush_context: Any) -> None:
    for obj, column, plaintext in session.info.pop(_RESTORE, []):
        set_committed_value(obj, column, plaintext)
