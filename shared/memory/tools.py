"""The memory slice's tools for both brains, each a thin handler over `service`: remember a fact, recall it
(memories and notes, saying where an answer came from), what Boussole knows about the person, forget for real.

Answers come only from the store: a question with nothing behind it says so, never a guess. The embedder is
the process's (Deps, chosen from settings); without one, search runs on words only."""

from __future__ import annotations

import logging
import uuid
from typing import Any

from pydantic import BaseModel, Field, field_validator

from shared.agent.registry import NeedsAnswer, Tool, ToolContext, ToolRegistry, ToolResult
from shared.i18n.messages import t
from shared.memory import service
from shared.memory.embeddings.port import Embedder
from shared.memory.models import LtmMemory
from shared.memory.service import fold
from shared.messaging.segments import fit_field

log = logging.getLogger("boussole.memory.tools")

SHOWN = 3  # results a recall shows in one SMS
LINE = 110  # characters of one memory in a list


def current_embedder() -> Embedder | None:
    """The process's embedder (Deps picks the adapter from settings once per cold start); None when there is
    none or it cannot be built: search then runs on words only, which is still an answer from the store."""
    try:
        from shared.wiring import get_deps

        embedder: Embedder | None = getattr(get_deps(), "embedder", None)
        return embedder
    except Exception as exc:
        log.warning("no embedder for memory search", extra={"error": type(exc).__name__})
        return None


def _tag_list(value: Any) -> Any:
    if isinstance(value, str):
        parts = value.replace(";", ",").split(",") if "," in value or ";" in value else value.split()
        return [part.strip().lstrip("#") for part in parts if part.strip().lstrip("#")]
    return value


class Remember(BaseModel):
    content: str = Field(
        "",
        max_length=service.MAX_CONTENT,
        description="the fact to keep, in the person's words, one fact per call (e.g. 'le digicode de Léa est 12B45')",
    )
    category: str | None = Field(
        None,
        max_length=service.MAX_CATEGORY,
        description="person, code, place, preference, birthday, health or fact",
    )
    tags: list[str] = Field(
        default_factory=list, max_length=service.MAX_TAGS, description="short tags such as a person's name"
    )

    _tags = field_validator("tags", mode="before")(_tag_list)


class Recall(BaseModel):
    query: str = Field("", max_length=300, description="what the person asks about, in their words ('digicode Léa')")


class AboutMe(BaseModel):
    pass


class Forget(BaseModel):
    about: str = Field("", max_length=300, description="words naming what to forget ('le digicode')")
    memory_id: uuid.UUID | None = Field(None, description="the memory's id when known")


def _short(text: str, size: int = LINE) -> str:
    text = " ".join(text.split())
    return text if len(text) <= size else text[: size - 1].rstrip() + "…"


def _about(memory: LtmMemory) -> dict[str, Any]:
    return {
        "id": str(memory.id),
        "content": memory.content,
        "category": memory.category,
        "tags": list(memory.tags or []),
        "created_at": memory.created_at.isoformat() if memory.created_at else None,
    }


def remember(ctx: ToolContext, args: Remember) -> ToolResult:
    content = args.content.strip()
    if not content:
        raise NeedsAnswer(t("memory.ask_content", ctx.lang), missing="content")
    done = service.remember(
        ctx.session,
        user=ctx.user,
        now=ctx.now,
        content=content,
        embedder=current_embedder(),
        category=args.category,
        tags=args.tags,
        language=ctx.lang,
        source_message_id=ctx.message_id,
    )
    memory = done.memory
    if done.action == "replaced" and done.replaced is not None:
        old = _short(done.replaced.content, 90)
        say = fit_field(lambda w: t("memory.replaced", ctx.lang, content=w, old=old), memory.content)
    elif done.action == "merged":
        say = fit_field(lambda w: t("memory.merged", ctx.lang, content=w), memory.content)
    else:
        say = fit_field(lambda w: t("memory.saved", ctx.lang, content=w), memory.content)
    data = _about(memory) | {"action": done.action}
    if done.replaced is not None:
        data["replaced"] = {"id": str(done.replaced.id), "content": done.replaced.content}
    return ToolResult(say=say, data=data, refs=[memory.id])


def _relevant(query: str, hits: list[service.Hit]) -> list[service.Hit]:
    """The hits that share a word with the question (full-text found them, or a word of the question starts
    one of theirs: "clé" / "clés"); a hit found only by meaning is kept apart."""
    wanted = service.words_of(query)
    out = []
    for hit in hits:
        theirs = service.words_of(hit.content, limit=200)
        shared = any((a[:5] == b[:5] and min(len(a), len(b)) >= 3) or a == b for a in wanted for b in theirs)
        if shared or "words" in hit.why:
            out.append(hit)
    if out:
        top = out[0].score
        out = [h for h in out if h.score >= top * 0.4]
    return out


def _hit_line(hit: service.Hit, lang: str, size: int = LINE) -> str:
    content = _short(hit.passage, size)
    quoted = f"« {content} »" if lang == "fr" else f'"{content}"'
    if hit.source == "note":
        return f"{quoted} " + t("memory.from_note", lang, title=hit.note_title or "")
    return quoted


def _hit_data(hit: service.Hit) -> dict[str, Any]:
    return {
        "source": hit.source,
        "id": str(hit.id),
        "content": hit.content,
        "note_id": str(hit.note_id) if hit.note_id else None,
        "note_title": hit.note_title,
        "why": hit.why,
    }


def recall(ctx: ToolContext, args: Recall) -> ToolResult:
    query = args.query.strip()
    if not query:
        raise NeedsAnswer(t("memory.ask_query", ctx.lang), missing="query")
    hits = service.search(ctx.session, user=ctx.user, now=ctx.now, query=query, embedder=current_embedder(), limit=5)
    sure = _relevant(query, hits)
    refs = [h.memory.id for h in sure if h.memory is not None]
    if len(sure) == 1:
        hit = sure[0]
        if hit.source == "note" and fold(hit.passage) == fold(hit.note_title or ""):
            say = fit_field(lambda w: t("memory.recall_note_whole", ctx.lang, content=w), hit.passage)
        elif hit.source == "note":
            say = fit_field(
                lambda w: t("memory.recall_note", ctx.lang, title=hit.note_title or "", content=w), hit.passage
            )
        else:
            say = fit_field(lambda w: t("memory.recall_one", ctx.lang, content=w), hit.content)
        return ToolResult(say=say, data={"found": True, "results": [_hit_data(hit)]}, refs=refs)
    if sure:
        lines = [t("memory.recall_many", ctx.lang)] + [f"- {_hit_line(h, ctx.lang, 90)}" for h in sure[:SHOWN]]
        return ToolResult(
            say="\n".join(lines), data={"found": True, "results": [_hit_data(h) for h in sure]}, refs=refs
        )
    # Only neighbours by meaning, sharing no word with the question: not an answer (a model may still weigh
    # them, so they go in the data), and the person is told there is nothing on it.
    say = fit_field(lambda w: t("memory.recall_none", ctx.lang, query=w), query)
    return ToolResult(say=say, data={"found": False, "results": [], "closest": [_hit_data(h) for h in hits[:2]]})


def about_me(ctx: ToolContext, args: AboutMe) -> ToolResult:
    memories = service.about_me(ctx.session, user=ctx.user, now=ctx.now, limit=10)
    if not memories:
        return ToolResult(say=t("memory.about_me_none", ctx.lang), data={"memories": []})
    lines = [t("memory.about_me", ctx.lang)]
    size = len(lines[0])
    shown: list[LtmMemory] = []
    for memory in memories:
        line = f"- {_short(memory.content, 80)}"
        if size + len(line) + 1 > 300:
            break
        lines.append(line)
        size += len(line) + 1
        shown.append(memory)
    return ToolResult(
        say="\n".join(lines), data={"memories": [_about(m) for m in memories]}, refs=[m.id for m in shown]
    )


def forget(ctx: ToolContext, args: Forget) -> ToolResult:
    if args.memory_id is not None:
        gone = service.forget(ctx.session, user=ctx.user, now=ctx.now, memory_id=args.memory_id)
        say = fit_field(lambda w: t("memory.forgotten", ctx.lang, content=w), gone.content)
        return ToolResult(say=say, data={"forgotten": [str(gone.id)], "content": gone.content})
    about = args.about.strip()
    if not about:
        raise NeedsAnswer(t("memory.ask_forget_what", ctx.lang), missing="about")
    found = service.find_to_forget(ctx.session, user=ctx.user, now=ctx.now, words=about, embedder=current_embedder())
    if not found:
        say = fit_field(lambda w: t("memory.forget_none", ctx.lang, about=w), about)
        return ToolResult(say=say, data={"forgotten": []})
    if len(found) > 1:
        options = "\n".join(f"{i}. {_short(m.content, 70)}" for i, m in enumerate(found[:4], 1))
        raise NeedsAnswer(
            t("memory.ask_which", ctx.lang) + "\n" + options,
            missing="memory_id",
            options=[m.id for m in found[:4]],
        )
    gone = service.forget(ctx.session, user=ctx.user, now=ctx.now, memory_id=found[0].id)
    say = fit_field(lambda w: t("memory.forgotten", ctx.lang, content=w), gone.content)
    return ToolResult(say=say, data={"forgotten": [str(gone.id)], "content": gone.content})


def register(tools: ToolRegistry) -> None:
    """Declare this slice's tools."""
    tools.add(
        Tool(
            name="remember",
            description={
                "en": "Keep a lasting fact the person tells you (a person and their role, a code, where something "
                "is, a preference, a birthday), one fact per call, in their words. Use it quietly when they "
                "mention such a fact in passing; a new fact about the same thing replaces the old one.",
                "fr": "Garder un fait durable que la personne te dit (une personne et son rôle, un code, où est "
                "quelque chose, un goût, un anniversaire), un fait par appel, dans ses mots. À utiliser sans "
                "bruit quand elle le mentionne en passant ; un fait nouveau sur la même chose remplace l'ancien.",
            },
            args=Remember,
            handler=remember,
            writes=True,
            domain="memory",
            asks={"content": "memory.ask_content"},
            examples={
                "fr": ("souviens-toi que le digicode de Léa est 12B45", "mon dentiste c'est le Dr Roy"),
                "en": ("remember Sam hates cilantro", "the spare key is under the mat"),
            },
        )
    )
    tools.add(
        Tool(
            name="recall",
            description={
                "en": "Find what the person told you before (memories and notes) to answer a question about it. "
                "Answer only from what it returns; say so when it finds nothing.",
                "fr": "Retrouver ce que la personne t'a dit (souvenirs et notes) pour répondre à une question. "
                "Réponds seulement avec ce qu'il renvoie ; dis-le quand il ne trouve rien.",
            },
            args=Recall,
            handler=recall,
            writes=False,
            domain="memory",
            asks={"query": "memory.ask_query"},
            examples={
                "fr": ("c'est quoi le digicode de Léa ?", "où sont les clés ?"),
                "en": ("who's my dentist", "when is mom's birthday"),
            },
        )
    )
    tools.add(
        Tool(
            name="about_me",
            description={
                "en": "List the most important things you remember about the person.",
                "fr": "Lister les choses les plus importantes que tu sais sur la personne.",
            },
            args=AboutMe,
            handler=about_me,
            writes=False,
            domain="memory",
            examples={"fr": ("qu'est-ce que tu sais sur moi ?",), "en": ("what do you know about me",)},
        )
    )
    tools.add(
        Tool(
            name="forget",
            description={
                "en": "Forget a memory for real (deleted, not hidden), named by its words or its id; asks which "
                "one when several match.",
                "fr": "Oublier un souvenir pour de bon (supprimé, pas caché), désigné par ses mots ou son id ; "
                "demande lequel quand plusieurs correspondent.",
            },
            args=Forget,
            handler=forget,
            writes=True,
            domain="memory",
            asks={"about": "memory.ask_forget_what"},
            examples={"fr": ("oublie le digicode",), "en": ("forget what i told you about Sam",)},
        )
    )
