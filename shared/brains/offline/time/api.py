"""parse(): every time mention in a text, resolved against now (see the package docstring)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from shared.brains.offline._lexicon import fold
from shared.brains.offline.time.grammar import Parser
from shared.brains.offline.time.model import (
    Delta,
    Expr,
    Grain,
    Interval,
    Lang,
    Open,
    Point,
    Recur,
    Relative,
    Span,
    TimeMention,
)
from shared.brains.offline.time.recur import schedule
from shared.brains.offline.time.resolve import Res, Resolver
from shared.brains.offline.time.tokens import Lexicon, Tok, tokenize

if TYPE_CHECKING:
    from dateutil.relativedelta import relativedelta


def lexicon(lang: Lang) -> Lexicon:
    if lang == "fr":
        from shared.brains.offline.time.lexicon_fr import LEXICON as FR

        return FR
    from shared.brains.offline.time.lexicon_en import LEXICON as EN

    return EN


def parse(text: str, *, now: datetime, lang: Lang) -> list[TimeMention]:
    """Every time mention in `text`, left to right, without overlaps, resolved against `now` (an aware
    datetime in the person's zone)."""
    if now.tzinfo is None:
        raise ValueError("now must be an aware datetime in the person's time zone")
    lex = lexicon(lang)
    toks = tokenize(text, fold(text), lex)
    parser = Parser(toks, lex)
    resolver = Resolver(now, lang == "fr", dict(lex.extra))
    found = parser.scan()
    mentions: list[TimeMention] = []
    pending: list[tuple[int, Relative]] = []
    for i, j, node in found:
        start, end = _span(toks, i, j)
        try:
            mention = _mention(node, start, end, resolver)
        except (ValueError, OverflowError):  # "dans 99999 ans": beyond what a datetime holds
            mention = None
        if mention is None:
            continue
        if isinstance(node, Relative) and node.anchor is None:
            pending.append((len(mentions), node))
        mentions.append(mention)
    if not mentions:
        bare = parser.bare_hour()
        if bare is not None:
            res = resolver.point(bare)
            if res is not None:
                first = next(t for t in toks if t.text.isalnum())
                mentions.append(_from_res(res, first.start, first.end, bare.said | {"bare"}))
    for index, node in pending:
        mentions[index] = _anchored(mentions, index, node, resolver)
    return mentions


def _span(toks: list[Tok], i: int, j: int) -> tuple[int, int]:
    while j - 1 > i and toks[j - 1].text in (",", "(", "-"):
        j -= 1
    return toks[i].start, toks[j - 1].end


def _from_res(res: Res, start: int, end: int, said: frozenset[str], **extra: object) -> TimeMention:
    kind = res.kind if res.kind in ("instant", "interval", "open_interval") else "instant"
    return TimeMention(
        start=start,
        end=end,
        kind=kind,  # type: ignore[arg-type]
        value=res.start,
        grain=res.grain,
        confident=res.confident,
        has_clock_time=res.has_clock,
        end_value=res.end if kind == "interval" else None,
        said=said,
        **extra,  # type: ignore[arg-type]
    )


def duration_of(delta: Delta) -> timedelta | relativedelta:
    if delta.months:
        from dateutil.relativedelta import relativedelta

        return relativedelta(months=delta.months, days=delta.days, seconds=round(delta.seconds))
    return timedelta(days=delta.days, seconds=delta.seconds)


def _mention(node: Expr, start: int, end: int, resolver: Resolver) -> TimeMention | None:
    if isinstance(node, Point):
        res = resolver.point(node)
        return None if res is None else _from_res(res, start, end, node.said)
    if isinstance(node, Interval):
        res = resolver.interval(node)
        said = node.a.said | (node.b.said if node.b else frozenset())
        return None if res is None else _from_res(res, start, end, said)
    if isinstance(node, Open):
        res = resolver.open(node)
        if res is None:
            return None
        return _from_res(res, start, end, node.point.said, direction=node.direction)
    if isinstance(node, Relative):
        res = resolver.relative(node, None)
        if res is None:
            return None
        said = (node.anchor.said if node.anchor else frozenset()) | {"rel"}
        confident = node.anchor is not None or node.direction == "after"
        mention = _from_res(res, start, end, said, duration=duration_of(node.delta))
        if node.anchor is None:
            return TimeMention(
                start=start,
                end=end,
                kind="instant" if node.direction == "after" else "duration",
                value=mention.value if node.direction == "after" else None,
                grain=mention.grain,
                confident=False if node.direction == "before" else confident,
                direction=node.direction,
                duration=mention.duration,
                said=said,
            )
        return mention
    if isinstance(node, Span):
        return TimeMention(
            start,
            end,
            "duration",
            None,
            node.delta.unit,
            duration=duration_of(node.delta),
            said=frozenset({"duration"}),
        )
    if isinstance(node, Recur):
        found = schedule(node, resolver)
        if found is None:
            return None
        said = node.at.said | {"every"}
        grain: Grain = "minute" if found.at.minute else "hour"
        return TimeMention(
            start,
            end,
            "recurrence",
            found.first,
            grain,
            confident=node.confident,
            has_clock_time=found.has_clock,
            rrule=found.rrule,
            first=found.first,
            said=said,
        )
    return None


def _anchored(mentions: list[TimeMention], index: int, node: Relative, resolver: Resolver) -> TimeMention:
    """ "rdv demain à 14h30, rappelle-moi 1h avant": an offset counts from the time said before it (or
    after it); with none, "after"/"later" counts from now and "before" stays a duration, said unsure."""
    mention = mentions[index]
    before = [m for m in mentions[:index][::-1] if m.kind == "instant" and m.anchor is None and "rel" not in m.said]
    after = [m for m in mentions[index + 1 :] if m.kind == "instant" and m.anchor is None and "rel" not in m.said]
    candidates = before + after
    if not candidates:
        return mention
    anchor = candidates[0]
    assert anchor.value is not None
    res = resolver.relative(node, Res("instant", anchor.value, None, anchor.grain, anchor.has_clock_time))
    if res is None:
        return mention
    return TimeMention(
        start=mention.start,
        end=mention.end,
        kind="instant",
        value=res.start,
        grain=res.grain,
        confident=anchor.confident,
        has_clock_time=res.has_clock,
        duration=mention.duration,
        anchor=anchor,
        said=mention.said | anchor.said,
    )


def recurrence_phrases(text: str, *, lang: Lang) -> list[tuple[int, int, Recur]]:
    """The recurrences of a text with the span of their own words, without the time of day said with them
    ("tous les soirs" in "tous les soirs à 9h"), for callers that resolve that time themselves."""
    lex = lexicon(lang)
    toks = tokenize(text, fold(text), lex)
    found = []
    for _, _, node in Parser(toks, lex).scan():
        if isinstance(node, Recur):
            first, after = node.core
            start, end = _span(toks, first, after)
            found.append((start, end, node))
    return found
