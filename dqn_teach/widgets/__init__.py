"""Interactive explorers for the course notebooks: ε (03), γ (04) and a training playground (06).

Every explorer is computed by the package's real code (``EpsilonGreedyPolicy``, ``LinearSchedule``,
``dqn_teach.td.td_target``, ``train``), so what a learner sees is what the agent does.

How an explorer shows itself: put the call last in a cell (or pass it to ``display``). Its display
bundle holds three views of the same thing, and each front end picks the one it can show:

- a live ipywidgets view (JupyterLab with a running kernel): sliders redraw the figure;
- a PNG of the figure for the default values (GitHub, a notebook opened without running it,
  nbval): static and deterministic;
- plain text of the key numbers (a terminal).

The figure is an ``ipywidgets.Image`` and the numbers an ``ipywidgets.HTML``, not an ``Output``
widget, so nothing depends on how a front end captures outputs, and the training thread of the
playground can update them without a cell running. Each readout line names its quantity in
English (after the Korean, in parentheses, for ``lang="ko"``), e.g. ``probabilities: [...]`` or
``행동 확률(probabilities): [...]``, so tests and learners can find a number in either language.
"""

from dqn_teach.widgets.epsilon import EpsilonExplorer, epsilon_explorer
from dqn_teach.widgets.gamma import GammaExplorer, gamma_explorer
from dqn_teach.widgets.playground import TrainingPlayground, training_playground

__all__ = [
    "EpsilonExplorer",
    "GammaExplorer",
    "TrainingPlayground",
    "epsilon_explorer",
    "gamma_explorer",
    "training_playground",
]
