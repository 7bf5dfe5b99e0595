"""One call at the top of every course notebook: threads, seeds and figure fonts."""

from __future__ import annotations

import os

from dqn_teach.fonts import setup_fonts
from dqn_teach.i18n import set_lang
from dqn_teach.runtime import seed_everything, use_threads


def setup(lang: str = "en", seed: int = 0, num_threads: int | None = 1) -> str:
    """Prepare a notebook: one torch thread (see :mod:`dqn_teach.runtime`), seeded global RNGs,
    headless rendering, the language of the package's messages (:func:`dqn_teach.i18n.set_lang`),
    and a Hangul font for ``lang="ko"``.

    Returns:
        The language figures should be labelled in: ``lang``, or ``"en"`` when no Korean font
        is available (a one-line notice is printed then).
    """
    # Rendering (render_mode="rgb_array") needs no screen; without this, pygame complains about
    # XDG_RUNTIME_DIR on headless machines.
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    set_lang(lang)
    use_threads(num_threads)
    seed_everything(seed)
    return setup_fonts(lang)
