"""The notes slice's tools for both brains, each a thin handler over `service`: write a note, find one by its
words, list the latest, add to one, delete one."""

from __future__ import annotations

import uuid
from typing import Any

from pydantic import BaseModel, Field, field_validator

from shared.agent.registry import NeedsAnswer, Tool, ToolContext, ToolRegistry, ToolResult
from shared.errors import NotFound
from shared.i18n.messages import t
from shared.messaging.segments import fit_field
from shared.notes import service
from shared.notes.models import Note


def _tag_list(value: Any) -> Any:
    """Tags as a list, or as one string "boulot, idées" / "#boulot #idées"."""
    if isinstance(value, str):
        parts = value.replace(";", ",").split(",") if "," in value or ";" in value else value.split()
        return [part.strip().lstrip("#") for part in parts if part.strip().lstrip("#")]
    return value


class AddNote(BaseModel):
    content: str = Field("", max_length=service.MAX_CONTENT, description="what to keep, in the person's words")
    title: str = Field("", max_length=service.MAX_TITLE, description="a short title; empty: the first words")
    tags: list[str] = Field(default_factory=list, max_length=service.MAX_TAGS, description="tags, without '#'")

    _tags = field_validator("tags", mode="before")(_tag_list)


class FindNote(BaseModel):
    query: str = Field("", max_length=300, description="words the note is about (e.g. 'portail', 'wifi')")


class ListNotes(BaseModel):
    tag: str = Field("", max_length=service.MAX_TAG, description="only notes with this tag; empty for all")


class NoteTarget(BaseModel):
    about: str = Field("", max_length=300, description="words naming the note")
    note_id: uuid.UUID | None = Field(None, description="the note's id when known")


class AppendNote(NoteTarget):
    text: str = Field("", max_length=2000, description="what to add at the end of the note")


def _about(note: Note) -> dict[str, Any]:
    return {"id": str(note.id), "title": note.title, "content": note.body, "tags": list(note.tags)}


def _tags_text(note: Note) -> str:
    return " ".join(f"#{tag}" for tag in note.tags)


def add_note(ctx: ToolContext, args: AddNote) -> ToolResult:
    if not args.content.strip() and not args.title.strip():
        raise NeedsAnswer(t("note.ask_content", ctx.lang), missing="content")
    note = service.create(
        ctx.session, user=ctx.user, now=ctx.now, content=args.content, title=args.title or None, tags=args.tags
    )
    if note.tags:
        tags = _tags_text(note)
        say = fit_field(lambda w: t("note.saved_tags", ctx.lang, title=w, tags=tags), note.title)
    else:
        say = fit_field(lambda w: t("note.saved", ctx.lang, title=w), note.title)
    return ToolResult(say=say, data=_about(note), refs=[note.id])


def _shows_title(note: Note) -> bool:
    """The title says something the content does not start with."""
    return not service.fold(note.body).startswith(service.fold(note.title).rstrip(". "))


def find_note(ctx: ToolContext, args: FindNote) -> ToolResult:
    if not args.query.strip():
        return list_notes(ctx, ListNotes(tag=""))
    found = service.find(ctx.session, user=ctx.user, query=args.query, limit=4)
    if not found:
        return ToolResult(say=t("note.none_about", ctx.lang, query=args.query.strip()), data={"notes": []})
    best, others = found[0], found[1:]
    more = ""
    if others:
        titles = ", ".join(n.title for n in others)
        more = "\n" + t("note.found_more", ctx.lang, n=len(others), titles=titles)
    title = best.title
    if _shows_title(best):
        say = fit_field(lambda w: t("note.found", ctx.lang, title=title, content=w) + more, best.body or title)
    else:
        say = fit_field(lambda w: w + more, best.body)
    return ToolResult(say=say, data={"notes": [_about(n) for n in found]}, refs=[n.id for n in found])


def list_notes(ctx: ToolContext, args: ListNotes) -> ToolResult:
    found = service.latest(ctx.session, user=ctx.user, tag=args.tag or None, limit=5)
    if not found:
        key = "note.none_tag" if args.tag.strip() else "note.none"
        return ToolResult(say=t(key, ctx.lang, tag=service.tag_of(args.tag)), data={"notes": []})
    lines = "\n".join(f"- {n.title}" for n in found)
    return ToolResult(
        say=t("note.list", ctx.lang) + "\n" + lines,
        data={"notes": [_about(n) for n in found]},
        refs=[n.id for n in found],
    )


def _target(ctx: ToolContext, args: NoteTarget) -> Note:
    """The note meant: by id, else by words; several close matches make a question."""
    if args.note_id is not None:
        return service.get(ctx.session, user=ctx.user, note_id=args.note_id)
    if not args.about.strip():
        raise NeedsAnswer(t("note.ask_query", ctx.lang), missing="about")
    found = service.find(ctx.session, user=ctx.user, query=args.about, limit=4)
    if not found:
        raise NotFound("note.not_found", key="note.none_about", query=args.about.strip())
    words = service.search_words(args.about)
    full = [n for n in found if all(w in service.fold(f"{n.title} {n.body} {' '.join(n.tags)}") for w in words)]
    if len(found) == 1 or (len(full) == 1 and full[0] is found[0]):
        return found[0]
    options = "\n".join(f"{i}. {n.title}" for i, n in enumerate(found, 1))
    raise NeedsAnswer(t("note.ask_which_of", ctx.lang) + "\n" + options, missing="about")


def delete_note(ctx: ToolContext, args: NoteTarget) -> ToolResult:
    note = _target(ctx, args)
    data = _about(note)
    service.delete(ctx.session, user=ctx.user, now=ctx.now, note_id=note.id)
    say = fit_field(lambda w: t("note.deleted", ctx.lang, title=w), data["title"])
    return ToolResult(say=say, data=data | {"deleted": True})


def append_note(ctx: ToolContext, args: AppendNote) -> ToolResult:
    if not args.text.strip():
        raise NeedsAnswer(t("note.ask_content", ctx.lang), missing="text")
    note = _target(ctx, args)
    service.append(ctx.session, user=ctx.user, now=ctx.now, note_id=note.id, text=args.text)
    say = fit_field(lambda w: t("note.appended", ctx.lang, title=w), note.title)
    return ToolResult(say=say, data=_about(note), refs=[note.id])


def register(tools: ToolRegistry) -> None:
    """Declare this slice's tools."""
    tools.add(
        Tool(
            name="add_note",
            description={
                "en": "Keep a note (a code, a number, an idea). Hashtags or 'tags: a, b' become tags.",
                "fr": "Garder une note (un code, un numéro, une idée). Les #hashtags ou « tags : a, b » sont des tags.",
            },
            args=AddNote,
            handler=add_note,
            writes=True,
            domain="notes",
            asks={"content": "note.ask_content"},
            examples={
                "fr": ("note : le code du portail est 4521", "retiens que la taille de Tom c'est 32"),
                "en": ("note: gate code 4521B", "remember that the wifi password is hunter2"),
            },
        )
    )
    tools.add(
        Tool(
            name="find_note",
            description={
                "en": "Find the person's note about some words and say what it holds.",
                "fr": "Retrouver la note de la personne sur quelque chose et dire ce qu'elle contient.",
            },
            args=FindNote,
            handler=find_note,
            writes=False,
            domain="notes",
            examples={
                "fr": ("retrouve ma note sur le portail", "c'était quoi le code du wifi ? je l'avais noté"),
                "en": ("find my note about the wifi", "search my notes for plumber"),
            },
        )
    )
    tools.add(
        Tool(
            name="list_notes",
            description={
                "en": "List the person's latest notes, or those with a tag.",
                "fr": "Lister les dernières notes de la personne, ou celles qui ont un tag.",
            },
            args=ListNotes,
            handler=list_notes,
            writes=False,
            domain="notes",
            examples={"fr": ("mes notes", "mes notes #boulot"), "en": ("my notes", "notes tagged work")},
        )
    )
    tools.add(
        Tool(
            name="append_note",
            description={
                "en": "Add a line at the end of an existing note, named by its words.",
                "fr": "Ajouter une ligne à la fin d'une note existante, désignée par ses mots.",
            },
            args=AppendNote,
            handler=append_note,
            writes=True,
            domain="notes",
            examples={"fr": ("ajoute à ma note films : Dune",), "en": ("add to my movies note: Dune",)},
        )
    )
    tools.add(
        Tool(
            name="delete_note",
            description={
                "en": "Delete one of the person's notes, named by its words.",
                "fr": "Supprimer une des notes de la personne, désignée par ses mots.",
            },
            args=NoteTarget,
            handler=delete_note,
            writes=True,
            domain="notes",
            examples={"fr": ("supprime ma note sur le wifi",), "en": ("delete my wifi note",)},
        )
    )
