"""Offline understanding of the memory slice's requests, French and English."""

from __future__ import annotations

from shared.brains.offline.engine import Candidate, Heard


def rule(heard: Heard) -> list[Candidate]:
    return []
