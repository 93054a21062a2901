"""Segments counted as carriers count them, and texts fitted to a budget without losing the sentence."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shared.i18n.messages import t
from shared.messaging.segments import count_segments, fit, fit_field


class TestCount:
    @pytest.mark.parametrize(
        ("text", "segments"),
        [
            ("a" * 160, 1),
            ("a" * 161, 2),
            ("a" * 306, 2),
            ("a" * 307, 3),
            ("é" * 160, 1),  # é is in the GSM-7 alphabet
            ("ê" * 70, 1),  # ê is not: UCS-2
            ("ê" * 71, 2),
            ("€" * 80, 1),  # an extension character costs two septets
            ("€" * 81, 2),
            ("😀" * 35, 1),  # an emoji is two UTF-16 units
            ("😀" * 36, 2),
        ],
    )
    def test_gsm7_and_ucs2_limits(self, text: str, segments: int) -> None:
        assert count_segments(text) == segments


class TestFit:
    def test_short_text_is_unchanged(self) -> None:
        assert fit("Rappel : appeler la banque") == "Rappel : appeler la banque"

    def test_long_text_is_cut_on_a_word_with_an_ellipsis(self) -> None:
        text = "Rappel : " + " ".join(["appeler"] * 200)
        out = fit(text)
        assert count_segments(out) == 3 and out.endswith("appeler...")
        assert text.startswith(out[:-3])

    def test_a_non_gsm_text_gets_the_single_character_ellipsis(self) -> None:
        out = fit("ê" * 1000)
        assert count_segments(out) == 3 and out.endswith("…")

    @given(st.text(min_size=0, max_size=1600))
    def test_never_over_budget(self, text: str) -> None:
        assert count_segments(fit(text, 3)) <= 3


class TestFitField:
    def test_the_sentence_stays_whole_and_only_the_quoted_words_shrink(self) -> None:
        what = "appeler " * 300
        out = fit_field(lambda w: t("reminder.confirm", "fr", when="demain à 9h", what=w), what)
        assert out.startswith("OK, je te rappelle demain à 9h : appeler")
        assert count_segments(out) <= 3 and out.endswith("...")

    def test_a_fitting_sentence_is_untouched(self) -> None:
        out = fit_field(lambda w: t("reminder.confirm", "en", when="tomorrow at 9 AM", what=w), "call the bank")
        assert out == "OK, I'll remind you tomorrow at 9 AM: call the bank"
