"""n-step returns: the collector's transitions, the agent's γⁿ target, and training with them."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from dqn_teach.agent import make_agent
from dqn_teach.config import ConfigError, cartpole_2013_config, cartpole_config
from dqn_teach.experience import make_experience
from dqn_teach.multistep import NStepCollector
from dqn_teach.training import train


def one_step(t: int, terminated: bool = False, num_envs: int = 1):
    """Env ``i``'s observation is ``[t, i]``, its reward ``t + 1``, its action ``t % 2``."""
    obs = np.array([[t, i] for i in range(num_envs)], np.float32)
    return make_experience(obs, np.full(num_envs, t % 2), obs + [1, 0],
                           np.full(num_envs, t + 1.0), np.full(num_envs, terminated))


def rows_of(collector, steps, gamma_check=None):
    """Push ``(t, terminated, truncated)`` steps of one env; the emitted rows per step."""
    out = []
    for t, terminated, truncated in steps:
        experience, mask = collector.push(one_step(t, terminated), None, np.array([truncated]))
        assert experience.obs.shape == (1, 2) and mask.shape == (1,)
        out.append(None if not mask[0] else (
            float(experience.obs[0, 0]), int(experience.action[0, 0]),
            float(experience.next_obs[0, 0]), float(experience.reward[0, 0]),
            float(experience.terminated[0, 0])))
    return out


def test_windows_of_n_steps_bootstrap_from_the_state_n_steps_later():
    gamma = 0.5
    rows = rows_of(NStepCollector(3, gamma, 1), [(t, False, False) for t in range(5)])
    # Rewards 1, 2, 3, ...: R(0) = 1 + 0.5·2 + 0.25·3; s_{t+3} is t + 3.
    assert rows == [None, None, (0.0, 0, 3.0, 2.75, 0.0), (1.0, 1, 4.0, 4.5, 0.0),
                    (2.0, 0, 5.0, 6.25, 0.0)]


def test_termination_ends_every_open_window_and_they_wait_for_the_next_episode():
    steps = [(0, False, False), (1, False, False), (2, False, False), (3, False, False),
             (4, True, False),  # the pole falls at t = 4
             (10, False, False), (11, False, False), (12, False, False)]  # a new episode
    rows = rows_of(NStepCollector(3, 0.5, 1), steps)
    assert rows[2] == (0.0, 0, 3.0, 2.75, 0.0)
    assert rows[3] == (1.0, 1, 4.0, 4.5, 0.0)
    # At t = 4 the windows starting at 2, 3, 4 end without bootstrap (terminated = 1); one
    # leaves now, the other two in the new episode's first steps, which end no window.
    assert rows[4] == (2.0, 0, 5.0, 3 + 0.5 * 4 + 0.25 * 5, 1.0)
    assert rows[5] == (3.0, 1, 5.0, 4 + 0.5 * 5, 1.0)
    assert rows[6] == (4.0, 0, 5.0, 5.0, 1.0)
    assert rows[7] == (10.0, 0, 13.0, 11 + 0.5 * 12 + 0.25 * 13, 0.0)


def test_truncation_keeps_the_full_window_and_drops_the_shorter_ones():
    steps = [(0, False, False), (1, False, False), (2, False, False), (3, False, True),
             (10, False, False), (11, False, False), (12, False, False)]
    rows = rows_of(NStepCollector(3, 0.5, 1), steps)
    # t = 3 hits the time limit: the window 1..3 is whole and bootstraps from s_4 (not an end of
    # the task); the windows 2..3 and 3 would need γ² and γ¹, so they are dropped.
    assert rows[:4] == [None, None, (0.0, 0, 3.0, 2.75, 0.0), (1.0, 1, 4.0, 4.5, 0.0)]
    assert rows[4:] == [None, None, (10.0, 0, 13.0, 11 + 0.5 * 12 + 0.25 * 13, 0.0)]


def test_environments_keep_their_own_windows_and_masked_rows_are_not_steps():
    collector = NStepCollector(2, 0.9, 2)
    emitted = []
    for t in range(4):
        terminated = np.array([t == 1, False])
        experience = one_step(t, num_envs=2)._replace(
            terminated=terminated.astype(np.float32)[:, None])
        # Env 0's step 2 is gymnasium's autoreset step (not a transition).
        mask = np.array([t != 2, True])
        rows, store = collector.push(experience, mask, np.zeros(2, bool))
        emitted.append([(float(rows.obs[i, 0]), float(rows.obs[i, 1]),
                         round(float(rows.reward[i, 0]), 4)) if store[i] else None
                        for i in range(2)])
    assert emitted[0] == [None, None]
    assert emitted[1] == [(0.0, 0.0, 2.8), (0.0, 1.0, 2.8)]  # 1 + 0.9 · 2
    assert emitted[2] == [(1.0, 0.0, 2.0), (1.0, 1.0, 4.7)]  # env 0's leftover window
    assert emitted[3] == [None, (2.0, 1.0, 6.6)]  # env 0's new episode has only 1 step


def test_the_agent_bootstraps_with_gamma_to_the_n():
    config = cartpole_config().replace(multi_step=3, double_dqn=False)
    agent = make_agent(config, (4,), 2)
    next_obs = torch.randn(5, 4)
    reward, terminated = torch.rand(5, 1), torch.tensor([[0.0], [1.0], [0.0], [0.0], [1.0]])
    with torch.no_grad():
        best_next = agent.target_network(next_obs).max(dim=1, keepdim=True).values
    expected = reward + 0.99**3 * (1 - terminated) * best_next
    torch.testing.assert_close(agent.compute_td_target(next_obs, reward, terminated), expected)


def test_one_step_is_the_default_and_needs_no_collector():
    assert cartpole_2013_config().multi_step == 1
    assert make_agent(cartpole_2013_config(), (4,), 2).n_step_collector is None


@pytest.mark.parametrize("value", [0, 1.5, True, "3"])
def test_multi_step_must_be_a_positive_integer(value):
    with pytest.raises(ConfigError, match="multi_step"):
        cartpole_config().replace(multi_step=value)


def test_training_stores_n_step_transitions_of_real_episodes():
    config = cartpole_config().replace(multi_step=3, learning_starts=10**6)  # collect only
    agent = make_agent(config, (4,), 2)
    result = train(agent, "CartPole-v1", 600, eval_every=0, progress=False)
    buffer = agent.replay_buffer
    stored = buffer.count
    # Every terminated episode gives all its steps; the n − 1 = 2 newest steps wait.
    assert result.env_steps - 2 - 2 <= stored <= result.env_steps
    rewards = buffer._storage["reward"][:stored, 0]
    terminated = buffer._storage["terminated"][:stored, 0]
    full = 1 + 0.99 + 0.99**2
    # CartPole pays 1 per step: R⁽³⁾ is 1 + γ + γ² unless the window ended with the pole.
    assert np.allclose(rewards[terminated == 0], full)
    ended = rewards[terminated == 1]
    assert ended.size and np.all(np.isclose(ended[:, None], [1.0, 1.99, full]).any(axis=1))
    assert agent.global_time_step == result.env_steps  # schedules still count env steps
