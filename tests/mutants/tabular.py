"""Notebook 01b mistakes: the Q-learning update rule and the environment loop."""

from __future__ import annotations

import numpy as np

from dqn_teach.tabular import epsilon_greedy, q_learning_update
from tests.mutants import mutant


# ---------------------------------------------------------------- the update rule
@mutant("check_q_learning_update", en="terminated transition", ko="종료(terminated)된 전이")
def bootstraps_after_termination(q, s, a, r, s2, terminated, alpha, gamma):
    """Ignores terminated: always adds γ max Q[s']."""
    q[s, a] += alpha * (r + gamma * q[s2].max() - q[s, a])


@mutant("check_q_learning_update", en="Q[s', a]", ko="Q[s', a]")
def bootstraps_from_the_same_action(q, s, a, r, s2, terminated, alpha, gamma):
    """Uses Q[s', a] (the action just taken) instead of the maximum over next actions."""
    q[s, a] += alpha * (r + gamma * (1 - terminated) * q[s2, a] - q[s, a])


@mutant("check_q_learning_update", en="mean", ko="평균")
def averages_next_actions(q, s, a, r, s2, terminated, alpha, gamma):
    """Averages the next state's Q-values (expected SARSA under a uniform policy)."""
    q[s, a] += alpha * (r + gamma * (1 - terminated) * q[s2].mean() - q[s, a])


@mutant("check_q_learning_update", en="step α", ko="학습률 α")
def replaces_with_the_target(q, s, a, r, s2, terminated, alpha, gamma):
    """Sets Q[s, a] to the target, ignoring the step size α."""
    q[s, a] = r + gamma * (1 - terminated) * q[s2].max()


@mutant("check_q_learning_update", en="not discounted", ko="할인율 γ")
def forgets_gamma(q, s, a, r, s2, terminated, alpha, gamma):
    """Leaves out γ."""
    q[s, a] += alpha * (r + (1 - terminated) * q[s2].max() - q[s, a])


@mutant("check_q_learning_update", en="current state s", ko="지금 상태 s")
def bootstraps_from_the_current_state(q, s, a, r, s2, terminated, alpha, gamma):
    """Reads max Q[s] instead of max Q[s']."""
    q[s, a] += alpha * (r + gamma * (1 - terminated) * q[s].max() - q[s, a])


@mutant("check_q_learning_update", en="sign is flipped", ko="부호가 반대")
def moves_away_from_the_target(q, s, a, r, s2, terminated, alpha, gamma):
    """Subtracts the TD error."""
    q[s, a] -= alpha * (r + gamma * (1 - terminated) * q[s2].max() - q[s, a])


@mutant("check_q_learning_update", en="in place", ko="제자리")
def returns_a_new_table(q, s, a, r, s2, terminated, alpha, gamma):
    """Builds and returns an updated copy; the caller's table never learns."""
    q = q.copy()
    q[s, a] += alpha * (r + gamma * (1 - terminated) * q[s2].max() - q[s, a])
    return q


@mutant("check_q_learning_update", en="other than", ko="다른 칸")
def updates_the_whole_row(q, s, a, r, s2, terminated, alpha, gamma):
    """Moves every action of state s toward the target."""
    q[s] += alpha * (r + gamma * (1 - terminated) * q[s2].max() - q[s])


# ---------------------------------------------------------------- the environment loop
@mutant("check_q_learning_episode", en="treated as termination", ko="종료처럼")
def passes_truncation_as_termination(env, q, alpha, gamma, epsilon, rng):
    """Passes terminated or truncated to the update, so a time limit stops bootstrapping."""
    obs, _ = env.reset()
    total, done = 0.0, False
    while not done:
        action = epsilon_greedy(q[obs], epsilon, rng)
        next_obs, reward, terminated, truncated, _ = env.step(action)
        done = terminated or truncated
        q_learning_update(q, obs, action, reward, next_obs, done, alpha, gamma)
        total += reward
        obs = next_obs
    return total


@mutant("check_q_learning_episode", en="after the episode ended", ko="에피소드가 끝났는데")
def stops_only_on_termination(env, q, alpha, gamma, epsilon, rng):
    """Loops while not terminated, so it steps past a truncation."""
    obs, _ = env.reset()
    total, terminated = 0.0, False
    while not terminated:
        action = epsilon_greedy(q[obs], epsilon, rng)
        next_obs, reward, terminated, truncated, _ = env.step(action)
        q_learning_update(q, obs, action, reward, next_obs, terminated, alpha, gamma)
        total += reward
        obs = next_obs
    return total


@mutant("check_q_learning_episode", en="obs = next_obs", ko="obs = next_obs")
def never_moves_on(env, q, alpha, gamma, epsilon, rng):
    """Forgets obs = next_obs: every update is credited to the start state."""
    obs, _ = env.reset()
    total, done = 0.0, False
    while not done:
        action = epsilon_greedy(q[obs], epsilon, rng)
        next_obs, reward, terminated, truncated, _ = env.step(action)
        q_learning_update(q, obs, action, reward, next_obs, terminated, alpha, gamma)
        total += reward
        done = terminated or truncated
    return total


@mutant("check_q_learning_episode", en="without discounting", ko="할인하지 않고")
def returns_the_discounted_return(env, q, alpha, gamma, epsilon, rng):
    """Returns Σ γ^t r_t instead of the episode's plain sum of rewards."""
    obs, _ = env.reset()
    total, done, discount = 0.0, False, 1.0
    while not done:
        action = epsilon_greedy(q[obs], epsilon, rng)
        next_obs, reward, terminated, truncated, _ = env.step(action)
        q_learning_update(q, obs, action, reward, next_obs, terminated, alpha, gamma)
        total += discount * reward
        discount *= gamma
        obs, done = next_obs, terminated or truncated
    return total


@mutant("check_q_learning_episode", en="epsilon_greedy", ko="epsilon_greedy")
def never_explores(env, q, alpha, gamma, epsilon, rng):
    """Always takes the greedy action, ignoring ε."""
    obs, _ = env.reset()
    total, done = 0.0, False
    while not done:
        action = int(np.argmax(q[obs]))
        next_obs, reward, terminated, truncated, _ = env.step(action)
        q_learning_update(q, obs, action, reward, next_obs, terminated, alpha, gamma)
        total += reward
        obs, done = next_obs, terminated or truncated
    return total


@mutant("check_q_learning_episode", en="before env.reset()", ko="env.reset()을 부르기 전에")
def never_resets(env, q, alpha, gamma, epsilon, rng):
    """Starts from state 36 without calling env.reset()."""
    obs, total, done = 36, 0.0, False
    while not done:
        action = epsilon_greedy(q[obs], epsilon, rng)
        next_obs, reward, terminated, truncated, _ = env.step(action)
        q_learning_update(q, obs, action, reward, next_obs, terminated, alpha, gamma)
        total += reward
        obs, done = next_obs, terminated or truncated
    return total
