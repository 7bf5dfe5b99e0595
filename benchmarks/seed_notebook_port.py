"""The seed notebook's DQN, ported to gymnasium for benchmarking (/work/shared/seed/*.txt).

Kept exactly as the notebook has them: the list-of-arrays ``ReplayBuffer``, the ``DQNConfig``
NamedTuple and its CartPole values, the ε-greedy policy built on ``Categorical``, the ``DQN`` class
(no target network, MSE loss, ε decays only on steps that train), ``CartPoleQNet`` and Adam at
lr 1e-3. The only port is ``import gym`` → ``import gymnasium``: the notebook already used the
5-tuple ``step`` API.

Behaviour kept on purpose, so the benchmark measures the notebook as it was:

* **Truncation is stored as termination.** The notebook's loop does
  ``terminated = terminated | truncated``, so at CartPole's 500-step time limit the TD target does
  not bootstrap although the pole is still up. dqn_teach fixes this.
* Sampling draws from numpy's *global* generator and the policy from torch's *global* one; the
  benchmark seeds both with the run's seed (:func:`seed_globals`).

What is not the notebook's: :func:`run_episode_steps` replaces its episode loop with one that
counts environment steps (the benchmark evaluates every 2 000 steps); each step does exactly what
the notebook's loop body does.
"""

from __future__ import annotations

import operator
import random
from collections.abc import Callable, Iterator
from typing import NamedTuple

import gymnasium as gym
import numpy as np
import torch
import torch.nn.functional as F
from torch import nn, optim
from torch.distributions import Categorical


class Experience(NamedTuple):
    obs: np.ndarray
    action: np.ndarray
    next_obs: np.ndarray
    reward: np.ndarray
    terminated: np.ndarray


class ReplayBuffer:
    """The notebook's buffer: five Python lists of per-transition arrays."""

    def __init__(
        self, training_freq: int, sampled_batch_size: int, capacity: int, num_envs: int
    ) -> None:
        self.training_freq = training_freq
        self.sampled_batch_size = sampled_batch_size
        self.capacity = capacity
        self.num_envs = num_envs
        self.reset()

    def reset(self) -> None:
        self.n_step = 0
        self.count = 0
        self.recent_idx = -1
        self.obs = [None] * self.capacity
        self.action = [None] * self.capacity
        self.next_obs = [None] * self.capacity
        self.reward = [None] * self.capacity
        self.terminated = [None] * self.capacity

    @property
    def can_sample(self) -> bool:
        return self.count >= self.sampled_batch_size and self.n_step >= self.training_freq

    def add(self, experience: Experience) -> None:
        self.n_step += 1
        for i in range(self.num_envs):
            self.recent_idx = (self.recent_idx + 1) % self.capacity
            self.count = min(self.count + 1, self.capacity)
            self.obs[self.recent_idx] = experience.obs[i]
            self.action[self.recent_idx] = experience.action[i]
            self.next_obs[self.recent_idx] = experience.next_obs[i]
            self.reward[self.recent_idx] = experience.reward[i]
            self.terminated[self.recent_idx] = experience.terminated[i]

    def sample(self) -> tuple[np.ndarray, ...]:
        self.n_step = 0
        sample_idx = self._sample_idxs()
        return tuple(
            self._get_batch_tensor(items, sample_idx)
            for items in (self.obs, self.action, self.next_obs, self.reward, self.terminated)
        )

    def _sample_idxs(self) -> np.ndarray:
        return np.random.randint(self.count, size=self.sampled_batch_size)

    def _get_batch_tensor(self, items: list, batch_idx: np.ndarray) -> np.ndarray:
        return np.array(operator.itemgetter(*batch_idx)(items))


class DQNConfig(NamedTuple):
    training_freq: int
    batch_size: int
    capacity: int
    epoch: int
    epsilon_linear_decay: tuple[int, int, float, float]
    gamma: float = 0.99


#: The notebook's CartPole config, unchanged.
SEED_CONFIG = DQNConfig(
    training_freq=16,
    batch_size=128,
    capacity=1000,
    epoch=3,
    epsilon_linear_decay=(0, 100000, 0.3, 0.01),
    gamma=0.99,
)
SEED_LEARNING_RATE = 0.001


class EpsilonGreedyPolicy:
    def __init__(self, epsilon: float) -> None:
        self.epsilon = epsilon

    def sample(self, q_values: torch.Tensor) -> torch.Tensor:
        """``(num_envs, num_actions)`` Q-values → ``(num_envs, 1)`` sampled actions."""
        num_actions = q_values.shape[1]
        greedy_action_prob = 1.0 - self.epsilon + self.epsilon / num_actions
        non_greedy_action_prob = self.epsilon / num_actions
        greedy_action = q_values.argmax(dim=1, keepdim=True)
        epsilon_greedy_prob = torch.full_like(q_values, non_greedy_action_prob)
        epsilon_greedy_prob.scatter_(1, greedy_action, greedy_action_prob)
        return Categorical(probs=epsilon_greedy_prob).sample().unsqueeze_(-1)


class DQN:
    def __init__(
        self, config: DQNConfig, network: nn.Module, optimizer: optim.Optimizer, num_envs: int = 1
    ) -> None:
        self.config = config
        self.network = network
        self.optimizer = optimizer
        self.policy = EpsilonGreedyPolicy(self.config.epsilon_linear_decay[2])
        self.num_envs = num_envs
        self.replay_buffer = ReplayBuffer(
            config.training_freq, config.batch_size, config.capacity, num_envs
        )
        self.global_time_step = 0
        self.training_step = 0
        self.num_losses = 0
        self.avg_loss = 0.0

    def select_action(self, obs: np.ndarray) -> np.ndarray:
        """``(num_envs, *obs_shape)`` float32 → ``(num_envs, 1)`` actions."""
        with torch.no_grad():
            q_values = self.network(torch.from_numpy(obs))
            action = self.policy.sample(q_values)
            return action.detach().cpu().numpy()

    def update(self, experience: Experience) -> None:
        self.global_time_step += 1
        self.replay_buffer.add(experience)
        if self.replay_buffer.can_sample:
            self.train()
            self._epsilon_decay(self.global_time_step)

    def train(self) -> None:
        for _ in range(self.config.epoch):
            exp_batch = self.replay_buffer.sample()
            obs, action, next_obs, reward, terminated = self._to_tensor(exp_batch)
            td_loss = self.compute_td_loss(obs, action, next_obs, reward, terminated)
            self.optimizer.zero_grad()
            td_loss.backward()
            self.optimizer.step()
            self.training_step += 1
            self.num_losses += 1
            self.avg_loss += 1.0 / self.num_losses * (td_loss.item() - self.avg_loss)

    def compute_td_loss(
        self,
        obs: torch.Tensor,
        action: torch.Tensor,
        next_obs: torch.Tensor,
        reward: torch.Tensor,
        terminated: torch.Tensor,
    ) -> torch.Tensor:
        q_values = self.network(obs)
        with torch.no_grad():
            next_q_values = self.network(next_obs)
        q_value = q_values.gather(dim=1, index=action)
        next_max_q_value, _ = next_q_values.max(dim=1, keepdim=True)
        not_terminated = 1 - terminated
        q_target = reward + not_terminated * self.config.gamma * next_max_q_value
        return F.mse_loss(q_target, q_value)

    def _to_tensor(self, exp_batch: tuple[np.ndarray, ...]) -> tuple[torch.Tensor, ...]:
        return tuple(torch.from_numpy(item) for item in exp_batch)

    def _epsilon_decay(self, t: float) -> None:
        start_t, end_t, start_value, end_value = self.config.epsilon_linear_decay
        slope = (end_value - start_value) / (end_t - start_t)
        self.policy.epsilon = np.clip(slope * (t - start_t) + start_value, end_value, start_value)


class CartPoleQNet(nn.Module):
    def __init__(self, num_obs_features: int, num_actions: int) -> None:
        super().__init__()
        self.layers = nn.Sequential(
            nn.Linear(num_obs_features, 128),
            nn.ReLU(),
            nn.Linear(128, 64),
            nn.ReLU(),
            nn.Linear(64, num_actions),
        )

    def forward(self, obs: torch.Tensor) -> torch.Tensor:
        return self.layers(obs)


def seed_globals(seed: int) -> None:
    """The notebook samples from numpy's and torch's global generators: seed them (and Python's)."""
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def make_seed_agent(seed: int, obs_size: int = 4, num_actions: int = 2) -> DQN:
    """The notebook's agent (its config, network and Adam lr 1e-3), seeded."""
    seed_globals(seed)
    network = CartPoleQNet(obs_size, num_actions)
    optimizer = optim.Adam(network.parameters(), lr=SEED_LEARNING_RATE)
    return DQN(SEED_CONFIG, network, optimizer)


def run_episode_steps(dqn: DQN, env: gym.Env, seed: int) -> Iterator[float | None]:
    """Step the notebook's training loop forever, one environment step per ``next()``.

    Yields the episode's return on the step that ends an episode, otherwise ``None``. The first
    reset uses ``seed``; later resets continue the env's own generator.

    Each step is the notebook's loop body: act, step, store ``terminated | truncated`` as
    termination, ``dqn.update``.
    """
    reset_seed: int | None = seed
    while True:
        cumulative_reward = 0.0
        obs, _ = env.reset(seed=reset_seed)
        reset_seed = None
        obs = obs[np.newaxis, ...].astype(np.float32)
        terminated = False
        while not terminated:
            action = dqn.select_action(obs)
            next_obs, reward, terminated, truncated, _ = env.step(action.item())
            terminated = terminated | truncated  # the notebook's truncation-as-termination
            experience = Experience(
                obs,
                action,
                next_obs[np.newaxis, ...].astype(np.float32),
                np.array([[reward]]).astype(np.float32),
                np.array([[terminated]], dtype=np.float32).astype(np.float32),
            )
            dqn.update(experience)
            cumulative_reward += reward
            obs = experience.next_obs
            yield cumulative_reward if terminated else None


def greedy_action_fn(dqn: DQN) -> Callable[[np.ndarray], np.ndarray]:
    """``(n, *obs_shape)`` float32 → ``(n,)`` greedy actions of the notebook's network."""

    def act(obs: np.ndarray) -> np.ndarray:
        with torch.no_grad():
            return dqn.network(torch.from_numpy(obs)).argmax(dim=1).numpy()

    return act
