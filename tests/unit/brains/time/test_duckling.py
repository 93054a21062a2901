"""The whole `main` section of Duckling's French and English time corpora, with the floor issue 10 sets:
right + by decision >= 90 % in each language, wrong answers <= 5 % of rows, no negative text parsed.
Reads ../shared/data/duckling beside the checkout (never copied into the repository)."""

from __future__ import annotations

import pytest

from bench.timeparse_duckling import DATA, TARGET_AGREE, TARGET_WRONG, score

pytestmark = pytest.mark.skipif(
    not DATA.is_dir(), reason=f"the Duckling corpora are not at {DATA} (../shared/data beside the checkout)"
)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_duckling_main_section_floor(lang: str) -> None:
    s = score(lang)
    assert s.rows > 400
    assert s.agree >= TARGET_AGREE, f"{lang}: {s.agree:.1%} right or by decision\n" + "\n".join(s.listed["wrong"])
    assert s.wrong <= TARGET_WRONG * s.rows, "\n".join(s.listed["wrong"])
    assert not s.negatives_parsed
