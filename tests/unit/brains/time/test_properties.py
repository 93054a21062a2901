"""Properties over generated texts: the grammar never crashes, spans stay inside the text, values are aware."""

from __future__ import annotations

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from shared.brains.offline.time import parse

ZONES = st.sampled_from(["Europe/Paris", "America/New_York", "Indian/Reunion", "Australia/Sydney"])
INSTANTS = st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2028, 12, 31)).map(
    lambda d: d.replace(tzinfo=timezone.utc)
)
_VOCABULARY = (
    "demain à 9h 15h30 le 2 mars prochain tous les jours lundi jeudi soir matin dans 3 jours il y a tomorrow at 5pm "
    "next friday every other day from to - et and 1/2 h 2015 noël xmas ramadan fin début entre midi 2 avant après by "
    "before after 30 minutes 1h avant pm am the of de du 13 au 15 juillet 😀 , ! ?"
)
WORDS = st.sampled_from(_VOCABULARY.split())


@settings(max_examples=300, deadline=None)
@given(st.lists(WORDS, max_size=10).map(" ".join), INSTANTS, ZONES, st.sampled_from(["fr", "en"]))
def test_time_words_in_any_order_never_crash(text: str, now_utc: datetime, zone: str, lang: str) -> None:
    now = now_utc.astimezone(ZoneInfo(zone))
    last_end = 0
    for m in parse(text, now=now, lang=lang):  # type: ignore[arg-type]
        assert last_end <= m.start < m.end <= len(text)
        last_end = m.end
        for value in (m.value, m.end_value, m.first):
            assert value is None or value.tzinfo is not None


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60), st.sampled_from(["fr", "en"]))
def test_any_text_never_crashes(text: str, lang: str) -> None:
    now = datetime(2026, 3, 10, 14, 0, tzinfo=ZoneInfo("Europe/Paris"))
    for m in parse(text, now=now, lang=lang):  # type: ignore[arg-type]
        assert 0 <= m.start < m.end <= len(text)
