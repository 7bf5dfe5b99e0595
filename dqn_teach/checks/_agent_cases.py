"""Test material for notebook 05's check: tiny configs and networks, deterministic experience,
and versions of the package's ``DQN`` that the learner's agent is compared with.

Two kinds of versions:

- *accepted* ones do what the notebook's text allows (ε from the step count before advancing it,
  training before adding the new experience); a learner's agent that behaves like the package's
  ``DQN`` or like one of these passes;
- *known mistakes* (no ``optimizer.zero_grad()``, no clipping before ``step()``, one
  gradient step per ``train()`` whatever ``epoch`` says, always MSE): when the learner's weights
  match one of these, the report names that mistake instead of a generic difference.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from dqn_teach.agent import DQN as PackageDQN
from dqn_teach.checks._core import seeded
from dqn_teach.config import DQNConfig
from dqn_teach.experience import Experience
from dqn_teach.i18n import Bi
from dqn_teach.networks import MLPQNet

BATCH_FIELDS = ("obs", "action", "next_obs", "reward", "terminated")


def tiny_config(**changes: Any) -> DQNConfig:
    """A config small enough to follow by hand: 2-d observations, 3 actions."""
    settings: dict[str, Any] = dict(
        training_freq=2, batch_size=4, capacity=64, epoch=1,
        epsilon_linear_decay=(0, 10, 1.0, 0.1), gamma=0.9, learning_rate=0.01,
        hidden_sizes=(8,), seed=0,
    )
    settings.update(changes)
    return DQNConfig(**settings)


def tiny_network(seed: int = 0) -> nn.Module:
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        return MLPQNet(2, 3, (8,))


def make_agent(agent_class: type, config: DQNConfig, num_envs: int) -> Any:
    """An agent of ``agent_class`` with the same network, optimizer and seeds every time."""
    network = tiny_network()
    optimizer = torch.optim.Adam(network.parameters(), lr=config.learning_rate)
    return agent_class(config, network, optimizer, num_envs=num_envs)


def step_experience(step: int, num_envs: int, reward_scale: float = 1.0) -> Experience:
    """A deterministic transition per env: 2-d observations, 3 actions, a terminal every 5th."""
    ids = np.arange(step * num_envs, (step + 1) * num_envs)
    obs = np.stack([np.sin(ids), np.cos(ids)], axis=1).astype(np.float32)
    return Experience(
        obs=obs,
        action=(ids % 3).reshape(-1, 1).astype(np.int64),
        next_obs=np.stack([np.sin(ids + 1), np.cos(ids + 1)], axis=1).astype(np.float32),
        reward=(reward_scale * (np.cos(ids) > 0)).reshape(-1, 1).astype(np.float32),
        terminated=(ids % 5 == 4).reshape(-1, 1).astype(np.float32),
    )


def fixed_batch(size: int, reward_scale: float = 1.0) -> list[torch.Tensor]:
    """``size`` transitions as the tensors ``sample()`` returns: obs, action, next_obs, ..."""
    experience = step_experience(0, size, reward_scale)
    return [torch.from_numpy(np.asarray(getattr(experience, name))) for name in BATCH_FIELDS]


def parameters(network: nn.Module) -> list[torch.Tensor]:
    return [p.detach().clone() for p in network.parameters()]


def same(a: list[torch.Tensor], b: list[torch.Tensor]) -> bool:
    return all(torch.equal(x, y) for x, y in zip(a, b, strict=True))


def close_weights(a: Sequence[torch.Tensor], b: Sequence[torch.Tensor]) -> bool:
    return all(x.shape == y.shape and torch.allclose(x, y, rtol=1e-4, atol=1e-5)
               for x, y in zip(a, b, strict=True))


def run_updates(agent: Any, num_updates: int, num_envs: int,
                masks: list[np.ndarray | None] | None = None) -> list[bool]:
    """Call ``agent.update`` ``num_updates`` times; return, per call, whether it trained (the
    online weights changed)."""
    trained = []
    with seeded(0):  # in case the learner's code draws from a global generator
        for step in range(num_updates):
            before = parameters(agent.network)
            mask = None if masks is None else masks[step % len(masks)]
            if mask is None:
                agent.update(step_experience(step, num_envs))
            else:
                agent.update(step_experience(step, num_envs), mask)
            trained.append(not same(before, parameters(agent.network)))
    return trained


def reference_loss(network: nn.Module, target: nn.Module, batch: list[torch.Tensor],
                   gamma: float, loss: str = "mse") -> torch.Tensor:
    obs, action, next_obs, reward, terminated = batch
    q_value = network(obs).gather(1, action)
    with torch.no_grad():
        y = reward + gamma * (1 - terminated) * target(next_obs).max(dim=1, keepdim=True).values
    return F.smooth_l1_loss(q_value, y) if loss == "huber" else F.mse_loss(q_value, y)


# ============================================================================ versions of DQN
class _Variant(PackageDQN):
    """The package's DQN with switches for the accepted variants and the known mistakes."""

    zero_grad = True
    clip = "before step"  # or "never" (clipping after step() has the same effect)
    all_epochs = True
    honour_loss = True
    train_before_add = False

    def update(self, experience: Experience, store_mask: np.ndarray | None = None,
               truncated: np.ndarray | None = None) -> None:
        if not self.train_before_add:
            super().update(experience, store_mask, truncated)
            return
        self.global_time_step += self.num_envs if store_mask is None else int(
            np.count_nonzero(store_mask))
        self.policy.epsilon = self.epsilon_schedule(self.global_time_step)
        if self.global_time_step >= self.config.learning_starts and self.replay_buffer.can_sample:
            self.train()
        self.replay_buffer.add(experience, store_mask)

    def train(self) -> None:
        for _ in range(self.config.epoch if self.all_epochs else 1):
            batch = self.replay_buffer.sample()
            td_loss = self.compute_td_loss(*batch)
            if self.zero_grad:
                self.optimizer.zero_grad()
            td_loss.backward()
            if self.clip == "before step":
                self._clip()
            self.optimizer.step()
            self.training_step += 1
            period = self.config.target_update_period
            if period is not None and self.training_step % period == 0:
                self.sync_target_network()
            self.num_losses += 1
            self.avg_loss += (td_loss.item() - self.avg_loss) / self.num_losses

    def _clip(self) -> None:
        if self.config.max_grad_norm is not None:
            nn.utils.clip_grad_norm_(self.network.parameters(), self.config.max_grad_norm)

    def compute_td_loss(self, *batch: torch.Tensor) -> torch.Tensor:
        if self.honour_loss:
            return super().compute_td_loss(*batch)
        target_network = self.target_network or self.network
        return reference_loss(self.network, target_network, list(batch), self.config.gamma)


def _variant(name: str, **switches: Any) -> type:
    return type(name, (_Variant,), switches)


@dataclass(frozen=True)
class Version:
    """A version of DQN to compare with: the class, and what it means (for the report)."""

    agent_class: type
    what: Bi


ACCEPTED = (
    Version(PackageDQN, Bi(ko="dqn_teach.agent.DQN", en="dqn_teach.agent.DQN")),
    Version(_variant("TrainBeforeAdd", train_before_add=True),
            Bi(ko="경험을 넣기 전에 학습하는 순서", en="training before adding the experience")),
)

KNOWN_MISTAKES = (
    Version(_variant("NoZeroGrad", zero_grad=False), Bi(
        ko="optimizer.zero_grad()를 부르지 않아 그래디언트가 스텝마다 쌓입니다(누적). "
           "backward() 전에 self.optimizer.zero_grad()를 부르세요.",
        en="optimizer.zero_grad() is never called, so gradients pile up from step to step. "
           "Call self.optimizer.zero_grad() before backward().")),
    Version(_variant("NoClip", clip="never"), Bi(
        ko="config.max_grad_norm이 있는데 그래디언트를 step() 전에 자르지 않았습니다(그래디언트 "
           "클리핑) "
           "(clip_grad_norm_을 빠뜨렸거나, step() 뒤에 불러 효과가 없습니다). backward()와 step() "
           "사이에서 nn.utils.clip_grad_norm_(self.network.parameters(), max_grad_norm)을 "
           "부르세요.",
        en="config.max_grad_norm is set but the gradient is not clipped before step() (no "
           "clip_grad_norm_, or one after step(), where it has no effect). Call "
           "nn.utils.clip_grad_norm_(self.network.parameters(), max_grad_norm) between "
           "backward() and step().")),
    Version(_variant("OneEpoch", all_epochs=False), Bi(
        ko="train() 한 번에 경사 하강을 한 번만 했습니다. config.epoch번 반복하세요.",
        en="train() takes one gradient step, whatever config.epoch says; loop config.epoch "
           "times.")),
    Version(_variant("AlwaysMSE", honour_loss=False), Bi(
        ko="config.loss = 'huber'인데 평균제곱오차를 썼습니다. self.config.loss가 'huber'이면 "
           "F.smooth_l1_loss, 'mse'이면 F.mse_loss를 쓰세요.",
        en="config.loss is 'huber' but the mean squared error was used: use F.smooth_l1_loss "
           "when self.config.loss == 'huber', F.mse_loss for 'mse'.")),
)


@functools.lru_cache(maxsize=64)
def final_weights(agent_class: type, config: DQNConfig, num_envs: int,
                  num_updates: int) -> tuple[torch.Tensor, ...]:
    """The online weights of a package version after ``num_updates`` updates (cached: the
    package's versions always give the same numbers; do not modify the tensors)."""
    agent = make_agent(agent_class, config, num_envs)
    run_updates(agent, num_updates, num_envs)
    return tuple(parameters(agent.network))


@functools.lru_cache(maxsize=64)
def training_pattern(agent_class: type, config: DQNConfig, num_envs: int,
                     num_updates: int) -> tuple[bool, ...]:
    """Whether each of ``num_updates`` updates of a package version trains (cached)."""
    return tuple(run_updates(make_agent(agent_class, config, num_envs), num_updates, num_envs))


def matching(versions: Iterable[Version], weights: list[torch.Tensor], config: DQNConfig,
             num_envs: int, num_updates: int) -> Version | None:
    """The first version whose weights after the same updates equal ``weights``."""
    for version in versions:
        if close_weights(weights, final_weights(version.agent_class, config, num_envs,
                                                num_updates)):
            return version
    return None
