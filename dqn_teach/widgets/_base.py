"""What every explorer shares: the figure/readout/static-display machinery and number formats."""

from __future__ import annotations

import base64
import html
import io
import threading
from collections.abc import Sequence
from typing import Any

import ipywidgets as widgets
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from dqn_teach.fonts import setup_fonts
from dqn_teach.i18n import check_lang, tr

FIGURE_DPI = 80  # small PNGs: they are stored in the notebooks and re-sent on every slider move
CARTPOLE_MAX_STEPS = 500  # CartPole-v1's time limit: a perfect episode is 500 rewards of 1
HIGHLIGHT, MUTED, ACCENT = "#d62728", "#9aa7b8", "#1f77b4"


def figure_png(figure: Figure) -> bytes:
    """Render a matplotlib ``Figure`` to PNG bytes (Agg; no pyplot, safe in a worker thread)."""
    FigureCanvasAgg(figure)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=FIGURE_DPI)
    return buffer.getvalue()


def _key(lang: str, ko: str, en: str) -> str:
    """A readout label: the Korean term with its English key, or the English key alone."""
    return tr(lang, f"{ko}({en})", en)


def _format_array(values: np.ndarray, decimals: int = 4) -> str:
    """``[0.025 0.925 0.025 0.025]``: rounded so float noise from the sliders never shows."""
    return np.array2string(np.round(np.asarray(values, dtype=np.float64), decimals) + 0.0)


def _format_number(value: float, decimals: int = 3) -> str:
    return str(round(float(value), decimals) + 0.0)  # + 0.0 turns -0.0 into 0.0


class Explorer:
    """Shared machinery: a widget tree with a figure, a text readout and a static display.

    Subclasses build ``controls`` and implement :meth:`figure` and :meth:`readout_lines`.

    Attributes:
        lang: language of the widget labels ("ko" or "en").
        figure_lang: language of the figure labels: ``lang``, or "en" when no Hangul font exists.
        image: ``ipywidgets.Image`` showing the current figure as PNG.
        readout: ``ipywidgets.HTML`` with the key numbers (one per line).
        widget: the root ``ipywidgets`` box.
    """

    css_class = "dqn-explorer"  # subclasses add their own, e.g. "dqn-epsilon-explorer"

    def __init__(self, lang: str) -> None:
        self.lang = check_lang(lang)
        self.figure_lang = setup_fonts(lang)
        self._render_lock = threading.Lock()
        self.image = widgets.Image(format="png", layout=widgets.Layout(max_width="100%"))
        self.readout = widgets.HTML()
        self.readout.add_class("dqn-readout")
        self.widget: widgets.Box = widgets.VBox()

    # -- for subclasses ---------------------------------------------------------------------------
    def figure(self) -> Figure:
        """The figure for the current control values."""
        raise NotImplementedError

    def readout_lines(self) -> list[str]:
        """The key numbers for the current control values, one ``label: value`` per line."""
        raise NotImplementedError

    def _assemble(self, controls: Sequence[widgets.Widget]) -> None:
        self.widget.children = (*controls, self.image, self.readout)
        self.widget.add_class(Explorer.css_class)
        self.widget.add_class(self.css_class)
        self.refresh()
        # What front ends without a live kernel show: the figure and numbers of the defaults.
        self.default_png, self.default_text = bytes(self.image.value), self.text

    # -- shared -----------------------------------------------------------------------------------
    @property
    def text(self) -> str:
        """The readout as plain text."""
        return "\n".join(self.readout_lines())

    def refresh(self, _change: Any = None) -> None:
        """Redraw the figure and the readout from the current control values."""
        with self._render_lock:
            self.image.value = figure_png(self.figure())
            self.readout.value = f"<pre>{html.escape(self.text)}</pre>"

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        bundle = self.widget._repr_mimebundle_()
        bundle["image/png"] = base64.b64encode(self.default_png).decode("ascii")
        bundle["text/plain"] = self.default_text
        return bundle
