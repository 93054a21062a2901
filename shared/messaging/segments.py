"""SMS segments, counted the way carriers count them, and texts fitted to a budget of segments.

GSM-7 (the default alphabet) fits 160 characters in one segment and 153 per segment once split; any
character outside it (an emoji, "ê", "…") turns the whole message into UCS-2: 70, then 67 per segment.
"""

from __future__ import annotations

from collections.abc import Callable

MAX_SEGMENTS = 3  # the most any message of ours may cost (replies, reminders, notices)

# GSM 03.38 default alphabet and its escape-table extension (each extension char costs 2 septets).
_GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
_GSM7_EXTENSION = frozenset("^{}\\[~]|€\f")


def is_gsm7(text: str) -> bool:
    return all(ch in _GSM7_BASIC or ch in _GSM7_EXTENSION for ch in text)


def _units(text: str) -> tuple[int, int, int]:
    """(units used, units in a single segment, units per segment once split)."""
    if is_gsm7(text):
        return sum(2 if ch in _GSM7_EXTENSION else 1 for ch in text), 160, 153
    return len(text.encode("utf-16-le")) // 2, 70, 67  # astral chars (emoji) take two units


def count_segments(text: str) -> int:
    """How many SMS segments `text` costs."""
    units, single, multi = _units(text)
    if units <= single:
        return 1
    return -(-units // multi)


def fit(text: str, max_segments: int = MAX_SEGMENTS) -> str:
    """`text` unchanged if it fits in `max_segments`, else cut at a word boundary with an ellipsis."""
    if count_segments(text) <= max_segments:
        return text
    ellipsis = "..." if is_gsm7(text) else "…"
    low, high = 0, len(text)
    while low < high:  # the longest prefix that fits with the ellipsis
        mid = (low + high + 1) // 2
        if count_segments(text[:mid].rstrip() + ellipsis) <= max_segments:
            low = mid
        else:
            high = mid - 1
    cut = text[:low]
    space = cut.rfind(" ")
    if space >= len(cut) * 3 // 4:  # end on a whole word when that costs little
        cut = cut[:space]
    return cut.rstrip(" ,;:-") + ellipsis


def fit_field(render: Callable[[str], str], value: str, max_segments: int = MAX_SEGMENTS) -> str:
    """Render a sentence around `value` (the person's own words), shortening `value`, never the sentence,
    until the whole fits in `max_segments`."""
    text = render(value)
    if count_segments(text) <= max_segments:
        return text
    low, high = 0, len(value)
    while low < high:
        mid = (low + high + 1) // 2
        if count_segments(render(_shorten(value, mid))) <= max_segments:
            low = mid
        else:
            high = mid - 1
    return render(_shorten(value, low))


def _shorten(value: str, length: int) -> str:
    if length >= len(value):
        return value
    ellipsis = "..." if is_gsm7(value) else "…"
    return value[: max(0, length - len(ellipsis))].rstrip() + ellipsis
