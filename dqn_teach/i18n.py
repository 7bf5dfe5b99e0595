"""Korean and English: one text type for everything a learner reads.

Checks, widgets, exercises, the notebook builder and the package's own error messages all pick
their language the same way:

- a :class:`Bi` holds one text in both languages; ``Bi(ko=..., en=...)(lang)`` picks one;
- ``lang`` is ``"ko"`` or ``"en"``; ``None`` means the current language, which is the one
  :func:`set_lang` chose (``dqn_teach.course.setup(lang=...)`` calls it at the top of every
  notebook), else the ``DQN_TEACH_LANG`` environment variable, else English.

>>> message = Bi(ko="학습률은 양수여야 합니다.", en="The learning rate must be positive.")
>>> message("en")
'The learning rate must be positive.'
>>> Bi(ko="{n}개", en="{n} items").format(n=3)("ko")
'3개'
"""

from __future__ import annotations

import os
from dataclasses import dataclass

LANGS = ("ko", "en")
LANG_ENV_VAR = "DQN_TEACH_LANG"
_chosen_lang: str | None = None


def check_lang(lang: str) -> str:
    """Validate a ``lang`` argument ("ko" or "en") and return it."""
    if lang not in LANGS:
        from dqn_teach import messages  # messages imports Bi from here

        raise ValueError(str(messages.LANG_CHOICE.format(lang=lang)))
    return lang


def set_lang(lang: str | None) -> None:
    """Choose the language of the package's messages; ``None`` goes back to the default."""
    global _chosen_lang
    _chosen_lang = None if lang is None else check_lang(lang)


def get_lang() -> str:
    """The current language: :func:`set_lang`'s choice, else ``$DQN_TEACH_LANG``, else "en".

    An unknown ``DQN_TEACH_LANG`` (say ``"ja"``) falls back to English rather than failing,
    because the variable may be set for other programs too.
    """
    if _chosen_lang is not None:
        return _chosen_lang
    from_env = os.environ.get(LANG_ENV_VAR, "").strip().lower()
    return from_env if from_env in LANGS else "en"


def resolve_lang(lang: str | None) -> str:
    """``lang`` validated, or the current language when ``lang`` is None."""
    return get_lang() if lang is None else check_lang(lang)


@dataclass(frozen=True)
class Bi:
    """One text in Korean and English.

    Call it with a language (or ``None`` for the current one) to get the string; ``str()`` gives
    the current language. ``format`` fills ``{placeholders}`` in both languages at once.
    """

    ko: str
    en: str

    def __call__(self, lang: str | None = None) -> str:
        return self.ko if resolve_lang(lang) == "ko" else self.en

    def __str__(self) -> str:
        return self()

    def format(self, *args: object, **kwargs: object) -> Bi:
        """Both texts with ``str.format(*args, **kwargs)`` applied."""
        return Bi(ko=self.ko.format(*args, **kwargs), en=self.en.format(*args, **kwargs))

    def __add__(self, other: Bi | str) -> Bi:
        if isinstance(other, Bi):
            return Bi(ko=self.ko + other.ko, en=self.en + other.en)
        return Bi(ko=self.ko + other, en=self.en + other)


def tr(lang: str | None, ko: str, en: str) -> str:
    """Pick the Korean or English text: ``tr(lang, "보상", "reward")``."""
    return Bi(ko=ko, en=en)(lang)
