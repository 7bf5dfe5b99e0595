"""Q-networks: observation in, one Q-value per action out (notebook 04 and 08).

Every network here maps ``(batch, *obs_shape)`` to ``(batch, num_actions)`` and can describe itself
with :meth:`spec`, so a checkpoint can rebuild it from JSON without unpickling code.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import torch
from torch import nn

from dqn_teach import messages


class MLPQNet(nn.Module):
    """A fully connected Q-network for vector observations.

    Args:
        num_obs_features: length of the (flat) observation.
        num_actions: number of discrete actions.
        hidden_sizes: widths of the hidden layers, each followed by ReLU.
        layer_norm: normalise every hidden layer's output (``nn.LayerNorm``) before its ReLU.

    Shapes: ``(batch, num_obs_features)`` → ``(batch, num_actions)``.
    """

    def __init__(
        self,
        num_obs_features: int,
        num_actions: int,
        hidden_sizes: Sequence[int] = (128, 64),
        layer_norm: bool = False,
    ) -> None:
        super().__init__()
        self.num_obs_features, self.num_actions = num_obs_features, num_actions
        self.hidden_sizes = tuple(hidden_sizes)
        self.layer_norm = layer_norm
        layers: list[nn.Module] = []
        width = num_obs_features
        for hidden in self.hidden_sizes:
            layers.append(nn.Linear(width, hidden))
            if layer_norm:
                layers.append(nn.LayerNorm(hidden))
            layers.append(nn.ReLU())
            width = hidden
        layers.append(nn.Linear(width, num_actions))
        self.layers = nn.Sequential(*layers)

    def forward(self, obs: torch.Tensor) -> torch.Tensor:
        return self.layers(obs)

    def spec(self) -> dict[str, Any]:
        return {
            "class": "MLPQNet",
            "kwargs": {
                "num_obs_features": self.num_obs_features,
                "num_actions": self.num_actions,
                "hidden_sizes": list(self.hidden_sizes),
                "layer_norm": self.layer_norm,
            },
        }


class CartPoleQNet(MLPQNet):
    """The seed notebook's CartPole network: input → 128 → 64 → Q(s, ·), ReLU between."""

    def __init__(self, num_obs_features: int, num_actions: int) -> None:
        super().__init__(num_obs_features, num_actions, hidden_sizes=(128, 64))


class AtariQNet(nn.Module):
    """The network of Mnih et al. (2013), "Playing Atari with Deep Reinforcement Learning".

    conv 16 filters 8×8 stride 4 → ReLU → conv 32 filters 4×4 stride 2 → ReLU → fully connected
    256 → ReLU → one linear output per action.

    Args:
        num_actions: number of discrete actions.
        in_channels: stacked frames (4 in the paper).

    Shapes: ``(batch, in_channels, 84, 84)`` uint8 (0–255) or float → ``(batch, num_actions)``.
    uint8 input is scaled to [0, 1] inside ``forward``, so the replay buffer can keep bytes.
    """

    def __init__(self, num_actions: int, in_channels: int = 4) -> None:
        super().__init__()
        self.num_actions, self.in_channels = num_actions, in_channels
        self.layers = nn.Sequential(
            nn.Conv2d(in_channels, 16, kernel_size=8, stride=4),  # → (16, 20, 20)
            nn.ReLU(),
            nn.Conv2d(16, 32, kernel_size=4, stride=2),  # → (32, 9, 9)
            nn.ReLU(),
            nn.Flatten(),
            nn.Linear(32 * 9 * 9, 256),
            nn.ReLU(),
            nn.Linear(256, num_actions),
        )

    def forward(self, obs: torch.Tensor) -> torch.Tensor:
        if obs.shape[-3:] != (self.in_channels, 84, 84):
            raise ValueError(
                str(
                    messages.ATARI_FRAMES_SHAPE.format(
                        channels=self.in_channels, shape=tuple(obs.shape)
                    )
                )
            )
        if obs.dtype == torch.uint8:
            obs = obs.float() / 255.0
        return self.layers(obs)

    def spec(self) -> dict[str, Any]:
        return {
            "class": "AtariQNet",
            "kwargs": {"num_actions": self.num_actions, "in_channels": self.in_channels},
        }


_REGISTRY: dict[str, type[nn.Module]] = {
    "MLPQNet": MLPQNet,
    "CartPoleQNet": MLPQNet,
    "AtariQNet": AtariQNet,
}


def network_from_spec(spec: dict[str, Any]) -> nn.Module:
    """Rebuild a network from :meth:`spec` output (no code is unpickled)."""
    name = spec.get("class")
    if name not in _REGISTRY:
        raise ValueError(
            str(messages.UNKNOWN_NETWORK_CLASS.format(name=name, known=sorted(_REGISTRY)))
        )
    return _REGISTRY[name](**spec["kwargs"])


def count_parameters(network: nn.Module) -> int:
    """Number of trainable parameters."""
    return sum(p.numel() for p in network.parameters() if p.requires_grad)
