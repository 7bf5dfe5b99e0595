"""dqn_teach.capstone: the Acrobot-v1 grade passes a policy that reaches the goal and fails one
that does not, in both languages, and reports an object that cannot act instead of raising."""

from __future__ import annotations

import numpy as np
import pytest

from dqn_teach.capstone import ACROBOT_GOAL, check_capstone


class PumpWithTheElbow:
    """Torque in the direction the second joint turns: a hand-made policy that swings up."""

    def greedy_action(self, obs: np.ndarray) -> np.ndarray:
        return np.where(obs[:, 5:6] > 0, 2, 0)


class DoNothing:
    def greedy_action(self, obs: np.ndarray) -> np.ndarray:
        return np.ones((len(obs), 1), dtype=np.int64)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_a_policy_that_swings_up_passes(lang):
    result = check_capstone(PumpWithTheElbow(), lang=lang)
    assert result.passed, result.report()
    assert ACROBOT_GOAL == -100.0


def test_a_policy_that_never_swings_up_fails_with_the_goal_named():
    result = check_capstone(DoNothing(), lang="en")
    assert not result.passed
    assert any("-100" in line and line.startswith("❌") for line in result.messages)


def test_an_object_without_greedy_action_is_reported():
    result = check_capstone(object(), lang="ko")
    assert not result.passed and "greedy_action" in result.report()
