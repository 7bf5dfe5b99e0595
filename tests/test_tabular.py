"""dqn_teach.tabular (notebook 01b) and its checks: hand-computed updates, the loop's handling of
termination and truncation, SARSA vs Q-learning on CliffWalking. The mutants of
tests/mutants/tabular.py run in tests/test_checks.py with all the others."""

from __future__ import annotations

import doctest
import re

import gymnasium as gym
import numpy as np
import pytest

from dqn_teach import tabular
from dqn_teach.checks import tabular as tabular_checks

LANGS = ("en", "ko")
HANGUL = re.compile("[\uac00-\ud7a3]")


def cliff(max_episode_steps: int | None = None) -> gym.Env:
    return gym.make("CliffWalking-v1", max_episode_steps=max_episode_steps)


def test_q_learning_update_by_hand():
    q = np.array([[0.0, 1.0], [2.0, -3.0]])
    td_error = tabular.q_learning_update(q, 0, 1, 1.0, 1, False, alpha=0.5, gamma=0.9)
    # target = 1 + 0.9 · max(2, −3) = 2.8; TD error 1.8; Q[0,1] = 1 + 0.5 · 1.8 = 1.9
    assert td_error == pytest.approx(1.8)
    np.testing.assert_allclose(q, [[0.0, 1.9], [2.0, -3.0]])


def test_terminated_update_does_not_bootstrap_and_sarsa_uses_the_next_action():
    q = np.array([[0.0, 1.0], [2.0, -3.0]])
    tabular.q_learning_update(q, 0, 0, -1.0, 1, True, alpha=1.0, gamma=0.9)
    assert q[0, 0] == -1.0
    q = np.array([[0.0, 1.0], [2.0, -3.0]])
    tabular.sarsa_update(q, 0, 0, 1.0, 1, 1, False, alpha=1.0, gamma=0.5)
    assert q[0, 0] == pytest.approx(1.0 + 0.5 * -3.0)  # Q[s′, a′ = 1], not max Q[s′]


@pytest.mark.parametrize(("alpha", "gamma"), [(0.0, 0.9), (1.5, 0.9), (0.5, -0.1), (0.5, 1.1)])
def test_bad_step_sizes_are_refused_with_their_name(alpha, gamma):
    with pytest.raises(ValueError, match="alpha|gamma"):
        tabular.q_learning_update(np.zeros((2, 2)), 0, 0, 0.0, 1, False, alpha, gamma)


def test_a_q_table_needs_discrete_spaces():
    assert tabular.new_q_table(cliff()).shape == (48, 4)
    with pytest.raises(TypeError, match="function approximation"):
        tabular.new_q_table(gym.make("CartPole-v1"))


def test_epsilon_greedy_breaks_ties_low_and_explores_uniformly():
    rng = np.random.default_rng(0)
    assert tabular.epsilon_greedy(np.array([1.0, 3.0, 3.0]), 0.0, rng) == 1
    counts = np.bincount([tabular.epsilon_greedy(np.zeros(4) + [0, 0, 1, 0], 1.0, rng)
                          for _ in range(4000)], minlength=4)
    assert np.all(np.abs(counts / 4000 - 0.25) < 0.04)


def test_truncated_last_step_bootstraps_and_the_loop_stops():
    q = tabular_checks.guided_q_table()
    episode_return = tabular.q_learning_episode(cliff(4), q, 0.5, 0.9, 0.0,
                                                np.random.default_rng(0))
    assert episode_return == -4.0
    # 26 → 27 was cut by the time limit: 1 + 0.5 · (−1 + 0.9 · max Q[27] − 1) with max Q[27] = 1
    assert q[26, tabular_checks.RIGHT] == pytest.approx(0.45)
    assert q[27, tabular_checks.RIGHT] == 1.0  # never reached as "obs"


def test_q_learning_walks_the_cliff_and_sarsa_the_safe_path():
    """The classic picture (Sutton & Barto, Example 6.6) on seeds 0-2."""
    for seed in range(3):
        q_run = tabular.train(cliff(), "q_learning", num_episodes=500, seed=seed)
        sarsa_run = tabular.train(cliff(), "sarsa", num_episodes=500, seed=seed)
        q_path = tabular.greedy_path(cliff(), q_run.q_table)
        sarsa_path = tabular.greedy_path(cliff(), sarsa_run.q_table)
        assert len(q_path) - 1 == 13 and q_path[-1] == tabular_checks.GOAL  # optimal, by the cliff
        assert len(sarsa_path) - 1 > 13 and sarsa_path[-1] == tabular_checks.GOAL
        assert not set(sarsa_path) & set(range(26, 33))  # keeps away from the cliff's edge
        # while learning (ε = 0.1), the safe path earns more than the optimal one
        assert sarsa_run.returns[-100:].mean() > q_run.returns[-100:].mean()


def test_training_is_seeded():
    a = tabular.train(cliff(), "q_learning", num_episodes=50, seed=3)
    b = tabular.train(cliff(), "q_learning", num_episodes=50, seed=3)
    np.testing.assert_array_equal(a.q_table, b.q_table)
    np.testing.assert_array_equal(a.returns, b.returns)


def test_module_doctest():
    assert doctest.testmod(tabular).failed == 0


@pytest.mark.parametrize("lang", LANGS)
def test_references_pass_both_checks(lang):
    assert tabular_checks.check_q_learning_update(tabular.q_learning_update, lang=lang).passed
    result = tabular_checks.check_q_learning_episode(tabular.q_learning_episode, lang=lang)
    assert result.passed and len(result.messages) == 3
    assert bool(HANGUL.search(result.report())) == (lang == "ko")


def test_a_learner_exception_is_reported_not_raised():
    def broken(*args):
        raise IndexError("index 48 is out of bounds")

    result = tabular_checks.check_q_learning_episode(broken, lang="en")
    assert not result.passed and "IndexError" in result.report()
