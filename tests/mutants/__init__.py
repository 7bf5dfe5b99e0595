"""Wrong implementations that learners really write, one mistake each.

Every mutant is registered with :func:`mutant`: which check must catch it and a keyword (per
language) that the failure message must contain, so the test proves the report *names* the
mistake instead of only failing. ``tests/test_checks.py`` runs them all.

Modules: ``experience`` (notebook 01), ``tabular`` (01b), ``replay_buffer`` (02), ``policy`` and
``schedule`` (03), ``td`` (04), ``agent`` (05), ``double_dqn`` (07), ``raising`` (learner code
that raises).
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from dqn_teach import checks
from dqn_teach.experience import Experience

MODULES = ("experience", "tabular", "replay_buffer", "policy", "schedule", "td", "agent",
           "double_dqn")


@dataclass(frozen=True)
class Mutant:
    """One wrong implementation and how its check must report it.

    Attributes:
        check: name of the function in :mod:`dqn_teach.checks`.
        args: what the learner passes to the check (before ``lang``).
        keywords: ``{lang: text}``; a ❌ line of the report must contain the text.
    """

    check: str
    args: tuple[Any, ...]
    keywords: dict[str, str]

    @property
    def name(self) -> str:
        return self.args[-1].__qualname__

    @property
    def mistake(self) -> str:
        return inspect.getdoc(self.args[-1]).splitlines()[0]

    def run(self, lang: str) -> checks.CheckResult:
        return getattr(checks, self.check)(*self.args, lang=lang)


REGISTRY: list[Mutant] = []


def mutant(check: str, *, en: str, ko: str, experience: type = Experience) -> Callable:
    """Register the decorated class or function as a mutant that ``check`` must catch.

    ``experience`` is the Experience class passed along with a ``to_experience`` mutant.
    """

    def register(candidate: Any) -> Any:
        args = (experience, candidate) if check == "check_experience" else (candidate,)
        REGISTRY.append(Mutant(check, args, {"en": en, "ko": ko}))
        return candidate

    return register


def all_mutants() -> list[Mutant]:
    """Every registered mutant (importing the modules registers them)."""
    for module in MODULES:
        importlib.import_module(f"{__name__}.{module}")
    return list(REGISTRY)
