"""Offline brain: deterministic French/English understanding, no network and no model."""
