"""The DQN agent: act ε-greedily, remember, and learn from replayed TD errors (notebook 05).

``DQN`` keeps the seed notebook's interface — ``select_action``, ``update``, ``train``,
``compute_td_loss``, ``log_data`` — and fixes what it got wrong: only ``terminated`` stops the
bootstrap, so a time-limit truncation still bootstraps.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn, optim

from dqn_teach.config import DQNConfig
from dqn_teach.experience import Experience
from dqn_teach.networks import AtariQNet, MLPQNet, network_from_spec
from dqn_teach.policy import EpsilonGreedyPolicy, LinearSchedule
from dqn_teach.replay_buffer import ReplayBuffer

CONFIG_FILE = "config.json"
WEIGHTS_FILE = "weights.pt"


class DQN:
    """Deep Q-Network agent.

    Args:
        config: hyperparameters (see :class:`dqn_teach.config.DQNConfig`).
        network: maps ``(batch, *obs_shape)`` to ``(batch, num_actions)`` Q-values.
        optimizer: optimizer over ``network.parameters()``; ``None`` builds the one the config
            names with ``config.learning_rate``.
        num_envs: environments stepped together; every ``Experience`` has this many rows.
        replay_buffer: a buffer with ``ReplayBuffer``'s interface; ``None`` builds the uniform
            :class:`ReplayBuffer` from the config (Atari uses a frame-sharing one).
    """

    def __init__(
        self,
        config: DQNConfig,
        network: nn.Module,
        optimizer: optim.Optimizer | None = None,
        num_envs: int = 1,
        replay_buffer: ReplayBuffer | None = None,
    ) -> None:
        if not isinstance(config, DQNConfig):
            raise TypeError(f"config must be a DQNConfig, got {type(config).__name__}.")
        self.config = config
        self.device = torch.device(config.resolved_device())
        self.network = network.to(self.device)
        self.optimizer = optimizer if optimizer is not None else make_optimizer(config, network)
        self.num_envs = num_envs

        # The 2013 paper has no separate target network: targets come from `network` itself.
        self.target_network: nn.Module | None = None
        if config.target_update_period is not None:
            self.target_network = copy.deepcopy(network).requires_grad_(False)

        self.epsilon_schedule = LinearSchedule(*config.epsilon_linear_decay)
        generator = torch.Generator().manual_seed(config.seed)
        self.policy = EpsilonGreedyPolicy(self.epsilon_schedule(0), generator=generator)
        self.replay_buffer = replay_buffer if replay_buffer is not None else ReplayBuffer(
            config.training_freq,
            config.batch_size,
            config.capacity,
            num_envs,
            device=self.device,
            seed=config.seed,
        )

        self.global_time_step = 0  # environment transitions seen
        self.training_step = 0  # gradient steps taken
        self.num_losses = 0
        self.avg_loss = 0.0
        self.metadata: dict[str, Any] = {}  # e.g. the env id, filled by training and load()

    # ------------------------------------------------------------------ acting
    def select_action(self, obs: np.ndarray) -> np.ndarray:
        """ε-greedy actions for a batch of observations.

        Args:
            obs: ``(num_envs, *obs_shape)``.

        Returns:
            ``(num_envs, 1)`` int64 actions.
        """
        q_values = self.q_values(obs)
        return self.policy.sample(q_values.cpu()).numpy()

    def greedy_action(self, obs: np.ndarray) -> np.ndarray:
        """Greedy actions (ε = 0) for evaluation: ``(num_envs, *obs_shape)`` → ``(num_envs, 1)``."""
        return self.q_values(obs).argmax(dim=1, keepdim=True).cpu().numpy()

    @torch.no_grad()
    def q_values(self, obs: np.ndarray) -> torch.Tensor:
        """Online-network Q-values without gradient: ``(n, *obs_shape)`` → ``(n, num_actions)``."""
        obs = np.asarray(obs)
        if obs.dtype == np.float64:
            obs = obs.astype(np.float32)
        return self.network(torch.as_tensor(obs, device=self.device))

    # ---------------------------------------------------------------- learning
    def update(self, experience: Experience, store_mask: np.ndarray | None = None) -> None:
        """Remember one step of experience; train when the replay buffer allows it.

        Args:
            experience: one transition per environment (``num_envs`` rows).
            store_mask: optional ``(num_envs,)`` bool; False rows are not transitions (gymnasium's
                autoreset step) and are neither stored nor counted.
        """
        num_new = self.num_envs if store_mask is None else int(np.count_nonzero(store_mask))
        self.global_time_step += num_new
        self.replay_buffer.add(experience, store_mask)
        self.policy.epsilon = self.epsilon_schedule(self.global_time_step)

        learning_started = self.global_time_step >= self.config.learning_starts
        if learning_started and self.replay_buffer.can_sample:
            self.train()

    def train(self) -> None:
        """One training phase: ``config.epoch`` gradient steps on replayed mini-batches."""
        for _ in range(self.config.epoch):
            # Sample a uniform mini-batch of past transitions.
            obs, action, next_obs, reward, terminated = self.replay_buffer.sample()

            # TD loss between Q(s, a) and the (gradient-free) target.
            td_loss = self.compute_td_loss(obs, action, next_obs, reward, terminated)

            # Gradient step on the online network only, optionally with a clipped norm.
            self.optimizer.zero_grad()
            td_loss.backward()
            if self.config.max_grad_norm is not None:
                nn.utils.clip_grad_norm_(self.network.parameters(), self.config.max_grad_norm)
            self.optimizer.step()
            self.training_step += 1

            # Every `target_update_period` gradient steps, copy the online weights (2015 paper).
            period = self.config.target_update_period
            if period is not None and self.training_step % period == 0:
                self.sync_target_network()

            # Running mean of the loss since the last `log_data` read.
            self.num_losses += 1
            self.avg_loss += (td_loss.item() - self.avg_loss) / self.num_losses

    def compute_td_target(
        self, next_obs: torch.Tensor, reward: torch.Tensor, terminated: torch.Tensor
    ) -> torch.Tensor:
        """``r + γ (1 − terminated) max_a' Q_target(s', a')``, without gradient.

        With ``double_dqn`` the next action is chosen by the online network and evaluated by the
        target network.

        Args:
            next_obs: ``(batch, *obs_shape)``.
            reward: ``(batch, 1)``.
            terminated: ``(batch, 1)``, 1.0 where the episode really ended (not truncated).

        Returns:
            ``(batch, 1)`` TD targets.
        """
        with torch.no_grad():
            target_network = self.target_network or self.network
            next_q_values = target_network(next_obs)  # (batch, num_actions)
            if self.config.double_dqn:
                next_action = self.network(next_obs).argmax(dim=1, keepdim=True)  # (batch, 1)
                next_q_value = next_q_values.gather(1, next_action)
            else:
                next_q_value = next_q_values.max(dim=1, keepdim=True).values  # (batch, 1)
            return reward + (1.0 - terminated) * self.config.gamma * next_q_value

    def compute_td_loss(
        self,
        obs: torch.Tensor,
        action: torch.Tensor,
        next_obs: torch.Tensor,
        reward: torch.Tensor,
        terminated: torch.Tensor,
    ) -> torch.Tensor:
        """Mean TD loss of a mini-batch (MSE, or Huber when ``config.loss == "huber"``).

        Args:
            obs: ``(batch, *obs_shape)``.
            action: ``(batch, 1)`` int64.
            next_obs: ``(batch, *obs_shape)``.
            reward: ``(batch, 1)``.
            terminated: ``(batch, 1)``.

        Returns:
            A scalar tensor; its gradient reaches only the online network.
        """
        q_value = self.network(obs).gather(1, action)  # Q(s, a): (batch, 1)
        td_target = self.compute_td_target(next_obs, reward, terminated)  # (batch, 1)
        if q_value.shape != td_target.shape:  # a (B, 1) - (B,) broadcast would give (B, B)
            raise ValueError(
                f"Q(s, a) has shape {tuple(q_value.shape)} but the TD target has "
                f"{tuple(td_target.shape)}; reward and terminated must be (batch, 1)."
            )
        if self.config.loss == "huber":
            return F.smooth_l1_loss(q_value, td_target)
        return F.mse_loss(q_value, td_target)

    def sync_target_network(self) -> None:
        """Copy the online network's weights into the target network."""
        if self.target_network is not None:
            self.target_network.load_state_dict(self.network.state_dict())

    # ----------------------------------------------------------------- logging
    @property
    def log_data(self) -> dict[str, tuple[float, int]]:
        """``{tag: (value, step)}`` for TensorBoard; reading it resets the loss average."""
        data = {"Epsilon": (self.policy.epsilon, self.global_time_step)}
        if self.num_losses > 0:
            data["TD Loss"] = (self.avg_loss, self.training_step)
            self.num_losses, self.avg_loss = 0, 0.0
        return data

    # ------------------------------------------------------------ persistence
    def save(self, path: str | Path, metadata: dict[str, Any] | None = None) -> Path:
        """Write ``config.json`` (config, network spec, ``self.metadata`` updated with
        ``metadata``) and ``weights.pt`` (the network's state dict) into the directory ``path``."""
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        spec = self.network.spec() if hasattr(self.network, "spec") else None
        document = {
            "config": self.config.to_dict(),
            "network": spec,
            "num_envs": self.num_envs,
            "global_time_step": self.global_time_step,
            "training_step": self.training_step,
            "metadata": {**self.metadata, **(metadata or {})},
        }
        (path / CONFIG_FILE).write_text(json.dumps(document, indent=2, ensure_ascii=False))
        torch.save(self.network.state_dict(), path / WEIGHTS_FILE)
        return path

    @classmethod
    def load(
        cls, path: str | Path, network: nn.Module | None = None, num_envs: int | None = None
    ) -> DQN:
        """Rebuild an agent saved by :meth:`save`. Weights load with ``weights_only=True``."""
        path = Path(path)
        if not (path / CONFIG_FILE).is_file() or not (path / WEIGHTS_FILE).is_file():
            raise FileNotFoundError(
                f"{path} is not a dqn_teach checkpoint: it needs {CONFIG_FILE} and {WEIGHTS_FILE}."
            )
        document = json.loads((path / CONFIG_FILE).read_text())
        config = DQNConfig.from_dict(document["config"])
        if network is None:
            if document["network"] is None:
                raise ValueError(
                    "this checkpoint holds a custom network; pass it: DQN.load(path, network=...)."
                )
            network = network_from_spec(document["network"])
        state = torch.load(path / WEIGHTS_FILE, map_location="cpu", weights_only=True)
        network.load_state_dict(state)
        agent = cls(config, network, num_envs=num_envs or document["num_envs"])
        agent.sync_target_network()
        agent.global_time_step = document["global_time_step"]
        agent.training_step = document["training_step"]
        agent.policy.epsilon = agent.epsilon_schedule(agent.global_time_step)
        agent.metadata = document["metadata"]
        return agent


def make_optimizer(config: DQNConfig, network: nn.Module) -> optim.Optimizer:
    """The optimizer ``config.optimizer`` names, at ``config.learning_rate``."""
    if config.optimizer == "rmsprop":
        # DeepMind's DQN constants (squared-gradient momentum 0.95, min squared gradient 0.01);
        # torch's defaults (alpha=0.99, eps=1e-8) made Pong's Q-values explode within 100
        # updates (see tests/test_atari.py). The formula differs from DeepMind's, which is
        # centred with 0.01 inside the root, g / sqrt(E[g²] − E[g]² + 0.01); torch's
        # uncentred g / (sqrt(E[g²]) + 0.01) can step up to ~10× further when gradients are small.
        return optim.RMSprop(network.parameters(), lr=config.learning_rate, alpha=0.95, eps=0.01)
    return optim.Adam(network.parameters(), lr=config.learning_rate)


def make_network(config: DQNConfig, obs_shape: tuple[int, ...], num_actions: int) -> nn.Module:
    """The network ``config.network`` names, initialised from ``config.seed``."""
    torch.manual_seed(config.seed)
    if config.network == "atari2013":
        return AtariQNet(num_actions, in_channels=obs_shape[0])
    if len(obs_shape) != 1:
        raise ValueError(
            f"the 'mlp' network needs flat observations, got obs_shape {obs_shape}. For image "
            "observations use network='atari2013'."
        )
    return MLPQNet(obs_shape[0], num_actions, config.hidden_sizes)


def make_agent(
    config: DQNConfig, obs_shape: tuple[int, ...], num_actions: int, num_envs: int = 1
) -> DQN:
    """A seeded agent with the network and optimizer the config names."""
    network = make_network(config, obs_shape, num_actions)
    return DQN(config, network, num_envs=num_envs)
