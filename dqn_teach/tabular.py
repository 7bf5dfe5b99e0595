"""Tabular Q-learning and SARSA: the algorithm DQN approximates, on a table (notebook 01b).

A Q-table is a float ``numpy`` array of shape ``(num_states, num_actions)``; states and actions are
the integers of gymnasium's ``Discrete`` spaces (CliffWalking-v1, FrozenLake-v1, Taxi-v3/4).

- :func:`q_learning_update` moves ``Q(s, a)`` toward ``r + γ(1 − terminated) max_a' Q(s', a')``:
  the target uses the *greedy* next action whatever the agent did next, so Q-learning is
  off-policy (it learns the greedy policy's values from any behaviour's data).
- :func:`sarsa_update` uses the action the agent really takes next, ``Q(s', a')``: on-policy.
- :func:`run_episode` is the environment loop: reset, act ε-greedily, step, update, stop on
  ``terminated or truncated``. A truncated last step still bootstraps (only ``terminated`` ends
  the future), exactly as in DQN's TD target (notebook 04).

>>> import gymnasium as gym
>>> run = train(gym.make("CliffWalking-v1"), "q_learning", num_episodes=300, seed=0)
>>> greedy_path(gym.make("CliffWalking-v1"), run.q_table)[:3]
[36, 24, 25]
"""

from __future__ import annotations

from dataclasses import dataclass

import gymnasium as gym
import numpy as np

from dqn_teach import messages

ALGORITHMS = ("q_learning", "sarsa")


def _check_step_sizes(alpha: float, gamma: float) -> None:
    if not 0.0 < alpha <= 1.0:
        raise ValueError(str(messages.ALPHA_RANGE.format(alpha=alpha)))
    if not 0.0 <= gamma <= 1.0:
        raise ValueError(str(messages.TABULAR_GAMMA_RANGE.format(gamma=gamma)))


def new_q_table(env: gym.Env, value: float = 0.0) -> np.ndarray:
    """A ``(num_states, num_actions)`` table filled with ``value`` for a Discrete-Discrete env."""
    spaces = (env.observation_space, env.action_space)
    if not all(isinstance(space, gym.spaces.Discrete) for space in spaces):
        raise TypeError(
            str(
                messages.Q_TABLE_NEEDS_DISCRETE.format(
                    obs_space=env.observation_space, action_space=env.action_space
                )
            )
        )
    return np.full((int(env.observation_space.n), int(env.action_space.n)), float(value))


def q_learning_update(q_table: np.ndarray, obs: int, action: int, reward: float, next_obs: int,
                      terminated: bool, alpha: float, gamma: float) -> float:
    """One Q-learning step, in place: ``Q[s,a] += α (r + γ(1−terminated) max Q[s'] − Q[s,a])``.

    Args:
        q_table: ``(num_states, num_actions)``, changed in place (only ``q_table[obs, action]``).
        terminated: the MDP ended at ``next_obs``; its future is worth 0. Pass ``False`` on a
            truncation (a time limit), so the target still bootstraps from ``next_obs``.

    Returns:
        The TD error ``target − Q[s, a]`` before the update.
    """
    _check_step_sizes(alpha, gamma)
    future = 0.0 if terminated else float(np.max(q_table[next_obs]))
    td_error = reward + gamma * future - q_table[obs, action]
    q_table[obs, action] += alpha * td_error
    return float(td_error)


def sarsa_update(q_table: np.ndarray, obs: int, action: int, reward: float, next_obs: int,
                 next_action: int, terminated: bool, alpha: float, gamma: float) -> float:
    """One SARSA step, in place: the target uses ``Q[s', a']`` for the action ``a'`` really taken.

    Same arguments and return value as :func:`q_learning_update`, plus ``next_action``.
    """
    _check_step_sizes(alpha, gamma)
    future = 0.0 if terminated else float(q_table[next_obs, next_action])
    td_error = reward + gamma * future - q_table[obs, action]
    q_table[obs, action] += alpha * td_error
    return float(td_error)


def epsilon_greedy(q_row: np.ndarray, epsilon: float, rng: np.random.Generator) -> int:
    """With probability ε a uniformly random action, else the greedy one (ties: lowest index).

    Args:
        q_row: ``(num_actions,)`` Q-values of one state.
        rng: the generator every random choice comes from (seeded runs repeat exactly).
    """
    if not 0.0 <= epsilon <= 1.0:
        raise ValueError(str(messages.EPSILON_RANGE.format(epsilon=epsilon)))
    if rng.random() < epsilon:
        return int(rng.integers(len(q_row)))
    return int(np.argmax(q_row))


def run_episode(env: gym.Env, q_table: np.ndarray, rng: np.random.Generator,
                algorithm: str = "q_learning", alpha: float = 0.1, gamma: float = 1.0,
                epsilon: float = 0.1, seed: int | None = None) -> float:
    """Play one episode with an ε-greedy policy, updating ``q_table`` after every step.

    Returns:
        The episode's return: the undiscounted sum of its rewards.
    """
    if algorithm not in ALGORITHMS:
        raise ValueError(str(messages.ALGORITHM_CHOICE.format(choices=ALGORITHMS, value=algorithm)))
    obs, _ = env.reset(seed=seed)
    action = epsilon_greedy(q_table[obs], epsilon, rng)
    episode_return, done = 0.0, False
    while not done:
        next_obs, reward, terminated, truncated, _ = env.step(action)
        episode_return += float(reward)
        if algorithm == "q_learning":  # update first, then act on the updated table
            q_learning_update(q_table, obs, action, reward, next_obs, terminated, alpha, gamma)
            next_action = epsilon_greedy(q_table[next_obs], epsilon, rng)
        else:  # SARSA's target needs the next action before the update
            next_action = epsilon_greedy(q_table[next_obs], epsilon, rng)
            sarsa_update(q_table, obs, action, reward, next_obs, next_action, terminated, alpha,
                         gamma)
        obs, action, done = next_obs, next_action, terminated or truncated
    return episode_return


def q_learning_episode(env: gym.Env, q_table: np.ndarray, alpha: float, gamma: float,
                       epsilon: float, rng: np.random.Generator) -> float:
    """The loop learners write in notebook 01b: one ε-greedy Q-learning episode, returns its return.

    Same as ``run_episode(env, q_table, rng, "q_learning", alpha, gamma, epsilon)``.
    """
    return run_episode(env, q_table, rng, "q_learning", alpha, gamma, epsilon)


@dataclass
class TabularRun:
    """What :func:`train` returns.

    Attributes:
        q_table: ``(num_states, num_actions)`` after training.
        returns: ``(num_episodes,)`` return of every training episode (ε-greedy, while learning).
    """

    q_table: np.ndarray
    returns: np.ndarray


def train(env: gym.Env, algorithm: str = "q_learning", num_episodes: int = 500,
          alpha: float = 0.1, gamma: float = 1.0, epsilon: float = 0.1,
          seed: int = 0) -> TabularRun:
    """Train a table from zeros for ``num_episodes`` episodes; same seed, same numbers."""
    rng = np.random.default_rng(seed)
    q_table = new_q_table(env)
    returns = np.empty(num_episodes)
    for episode in range(num_episodes):
        returns[episode] = run_episode(env, q_table, rng, algorithm, alpha, gamma, epsilon,
                                       seed=seed + episode)
    return TabularRun(q_table, returns)


def greedy_path(env: gym.Env, q_table: np.ndarray, max_steps: int = 100,
                seed: int | None = None) -> list[int]:
    """The states visited by the greedy policy (ε = 0) from the start, until the episode ends.

    Stops after ``max_steps`` steps, so a policy that walks in circles still returns.
    """
    obs, _ = env.reset(seed=seed)
    path = [int(obs)]
    for _ in range(max_steps):
        obs, _, terminated, truncated, _ = env.step(int(np.argmax(q_table[obs])))
        path.append(int(obs))
        if terminated or truncated:
            break
    return path


def plot_grid_values(ax, q_table: np.ndarray, shape: tuple[int, int] = (4, 12),
                     path: list[int] | None = None, cliff: range | None = range(37, 47),
                     goal: int | None = 47, title: str = "") -> None:
    """Draw ``max_a Q(s, a)`` of a grid world as a heatmap, with the greedy ``path`` on top.

    Args:
        ax: a matplotlib Axes.
        q_table: ``(rows · cols, num_actions)``; state ``s`` sits at row ``s // cols``.
        shape: ``(rows, cols)`` of the grid (CliffWalking: 4 × 12).
        path: states to connect with arrows (e.g. :func:`greedy_path`).
        cliff: states drawn in black (CliffWalking's cliff: 37-46).
        goal: the terminal state, drawn as "G": its Q-values are never updated, so they are
            left out of the colour scale.
    """
    from matplotlib.patches import Rectangle

    rows, cols = shape
    values = q_table.max(axis=1).reshape(rows, cols).astype(float)
    masked = np.ma.masked_array(values, mask=np.zeros_like(values, dtype=bool))
    hidden = [*(cliff or ()), *([] if goal is None else [goal])]
    for state in hidden:
        masked.mask[state // cols, state % cols] = True
    image = ax.imshow(masked, cmap="viridis")
    image.cmap.set_bad("black")
    if goal is not None:
        ax.add_patch(Rectangle((goal % cols - 0.5, goal // cols - 0.5), 1, 1, color="gold"))
        ax.text(goal % cols, goal // cols, "G", ha="center", va="center", fontweight="bold")
    for state in range(rows * cols):
        if state not in hidden:
            ax.text(state % cols, state // cols, f"{values.flat[state]:.0f}", ha="center",
                    va="center", fontsize=7, color="white")
    if path:
        ys, xs = np.divmod(np.asarray(path), cols)
        ax.plot(xs, ys, color="tab:red", linewidth=2.5, alpha=0.8)
        ax.plot(xs[0], ys[0], "o", color="tab:red")
        ax.plot(xs[-1], ys[-1], "*", color="tab:red", markersize=14)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_title(title)
