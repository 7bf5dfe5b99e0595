"""n-step returns: learn from the next n rewards, then bootstrap (notebook 07).

The one-step TD target ``r + γ max_a Q(s′, a)`` moves what the agent learns back by one state per
update. With ``multi_step = n`` every stored transition spans n steps,

    target = R⁽ⁿ⁾ + γⁿ (1 − terminated) max_a Q(s_{t+n}, a),
    R⁽ⁿ⁾ = r_t + γ r_{t+1} + … + γⁿ⁻¹ r_{t+n−1},

so the news that the pole fell reaches the states n steps before it in one update, and every
target holds n real rewards before the network's own guess, which enters discounted by γⁿ
(Sutton 1988; Hessel et al. 2018 found it one of Rainbow's most useful parts). The rewards come
from the ε-greedy policy that collected them, not the greedy one the target assumes; with n small
and ε small the error is small, and DQN's descendants accept it.

:class:`NStepCollector` turns the agent's one-step experience into these transitions before they
reach the replay buffer, one environment at a time:

* a window of n steps inside an episode becomes ``(s_t, a_t, R⁽ⁿ⁾, s_{t+n}, terminated=0)``;
* when the episode terminates, every window still open becomes a transition with
  ``terminated=1``: nothing is bootstrapped, so a window shorter than n is exact;
* when the episode is truncated (a time limit), the windows shorter than n are dropped: their
  target would need γᵐ with m < n. That is at most n − 1 transitions per truncated episode.

Transitions leave at most one per environment per step, so every :class:`Experience` still has
``num_envs`` rows; the windows an episode's end completes at once wait for the first steps of the
next episode, which complete no window of their own.
"""

from __future__ import annotations

from collections import deque
from typing import Any

import numpy as np

from dqn_teach.experience import Experience


class NStepCollector:
    """Per-environment windows of the last n steps, emitted as n-step transitions.

    Args:
        n: steps per transition (``config.multi_step``), at least 2.
        gamma: the discount factor γ of ``R⁽ⁿ⁾``.
        num_envs: environments stepped together.
    """

    def __init__(self, n: int, gamma: float, num_envs: int) -> None:
        self.n, self.gamma, self.num_envs = n, gamma, num_envs
        # Per env: the open window, (obs, action, reward) per step, oldest first; and the
        # finished transitions in Experience's field order (obs, action, next_obs, n-step
        # return, terminated), oldest first.
        self.windows: list[deque[tuple[np.ndarray, int, float]]] = [
            deque() for _ in range(num_envs)
        ]
        self.ready: list[deque[tuple[np.ndarray, int, np.ndarray, float, float]]] = [
            deque() for _ in range(num_envs)
        ]

    def push(
        self, experience: Experience, store_mask: np.ndarray | None, truncated: np.ndarray
    ) -> tuple[Experience, np.ndarray]:
        """One step of every environment in, the n-step transitions ready to store out.

        Args:
            experience: one-step transitions, ``num_envs`` rows (see :class:`Experience`).
            store_mask: ``(num_envs,)`` bool, False for rows that are not transitions
                (gymnasium's autoreset step); None = all are.
            truncated: ``(num_envs,)`` bool, True where this step hit a time limit.

        Returns:
            ``(experience, store_mask)``: ``num_envs`` rows, the n-step transitions in
            ``experience`` where ``store_mask`` is True (``reward`` holds ``R⁽ⁿ⁾``).
        """
        for i in range(self.num_envs):
            if store_mask is None or store_mask[i]:
                self._step(i, experience, bool(truncated[i]))
        emit = np.array([bool(ready) for ready in self.ready])
        if not emit.any():  # nothing to store: the rows are ignored
            return experience, emit
        # A row per env: its oldest waiting transition, or zeros where none waits (not stored).
        blank = None if emit.all() else (
            np.zeros_like(experience.obs[0]), 0, np.zeros_like(experience.next_obs[0]), 0.0, 0.0)
        rows = [ready.popleft() if ready else blank for ready in self.ready]
        columns = [np.array(column, dtype=array.dtype).reshape(array.shape)
                   for column, array in zip(zip(*rows, strict=True), experience, strict=True)]
        return Experience(*columns), emit

    def _step(self, i: int, experience: Experience, truncated: bool) -> None:
        window = self.windows[i]
        window.append((experience.obs[i].copy(), int(experience.action[i, 0]),
                       float(experience.reward[i, 0])))
        next_obs = experience.next_obs[i].copy()
        if experience.terminated[i, 0]:
            while window:  # the pole fell: every open window ends here, without bootstrap
                self.ready[i].append(self._transition(window, next_obs, terminated=1.0))
                window.popleft()
        elif len(window) == self.n:
            self.ready[i].append(self._transition(window, next_obs, terminated=0.0))
            window.popleft()
        if truncated:
            window.clear()  # shorter windows would need γᵐ, m < n: drop them

    def _transition(
        self, window: deque[tuple[np.ndarray, int, float]], next_obs: np.ndarray, terminated: float
    ) -> tuple[np.ndarray, int, np.ndarray, float, float]:
        """A window (oldest step first) as one transition, in Experience's field order."""
        obs, action, _ = window[0]
        n_step_return = sum(self.gamma**k * reward for k, (_, _, reward) in enumerate(window))
        return obs, action, next_obs, n_step_return, terminated

    def state(self) -> dict[str, Any]:
        """The open windows and waiting transitions (for an exact resume)."""
        return {"windows": [list(w) for w in self.windows], "ready": [list(r) for r in self.ready]}

    def load_state(self, state: dict[str, Any]) -> None:
        """Inverse of :meth:`state`."""
        self.windows = [deque(w) for w in state["windows"]]
        self.ready = [deque(r) for r in state["ready"]]
