"""Explanations of the errors a learner's code raises inside a check (filled in below)."""

from __future__ import annotations

from dqn_teach.i18n import Bi


def explain(error: BaseException) -> Bi | None:
    """A bilingual hint for a known error, or ``None``."""
    return None
