"""Word tables per language for the offline understanding, shared by every intent rule. Patterns are
written against folded text (lowercase, no accents: see `fold`), so "debordee" matches "débordée"."""

from __future__ import annotations

from shared.brains.offline.lexicon import en, fr

TABLES = {"fr": fr, "en": en}
