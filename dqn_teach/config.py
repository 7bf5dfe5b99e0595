"""DQNConfig: every hyperparameter of the agent in one validated, JSON-serialisable place.

The first six fields are the seed notebook's; the rest switch on what came after the 2013 paper
(a target network, Double DQN, the Huber loss, gradient clipping) and say where to run.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from dqn_teach import messages
from dqn_teach.i18n import Bi

LOSSES = ("mse", "huber")
OPTIMIZERS = ("adam", "rmsprop")
NETWORKS = ("mlp", "atari2013")
# "uniform": every transition stores obs and next_obs whole (dqn_teach.replay_buffer);
# "frame_sharing": stacked image frames stored once each (dqn_teach.atari, ~8x smaller).
REPLAY_BUFFERS = ("uniform", "frame_sharing")


class ConfigError(ValueError):
    """A DQNConfig field cannot work as given; the message says which and what is allowed."""


@dataclass(frozen=True)
class DQNConfig:
    """Hyperparameters of a :class:`dqn_teach.agent.DQN`.

    Attributes:
        training_freq: environment steps (``update`` calls) between two training phases.
        batch_size: transitions per sampled mini-batch.
        capacity: replay-buffer size in transitions.
        epoch: gradient steps per training phase.
        epsilon_linear_decay: ``(start_t, end_t, start_value, end_value)`` of the ε schedule,
            in environment steps.
        gamma: discount factor γ in [0, 1).
        learning_rate: optimizer step size (at the start, when ``learning_rate_decay`` is set).
        learning_rate_decay: ``(end_t, end_value)``: lower the learning rate linearly from
            ``learning_rate`` at environment step 0 to ``end_value`` at step ``end_t``, then keep
            it there. Large steps learn fast early; small ones stop a solved agent from
            unlearning. ``None`` = a constant learning rate (the papers').
        learning_starts: environment steps collected before the first gradient step.
        target_update_period: copy the online network into a separate target network every this
            many gradient steps. ``None`` = the 2013 paper: no separate target network; targets
            come from the current network (without gradient).
        double_dqn: choose the next action with the online network, evaluate it with the target
            network (needs a target network).
        multi_step: n of n-step returns: each stored transition spans n steps and its target is
            ``R⁽ⁿ⁾ + γⁿ max_a Q(s_{t+n}, a)`` (see :mod:`dqn_teach.multistep`). 1 = the papers'
            one-step target. Needs the ``"uniform"`` replay buffer.
        loss: ``"mse"`` (the 2013 paper) or ``"huber"`` (the 2015 paper's error clipping).
        max_grad_norm: clip the global gradient norm to this value; ``None`` = no clipping.
        optimizer: ``"adam"`` or ``"rmsprop"`` (the paper's).
        network: ``"mlp"`` (vector observations) or ``"atari2013"`` (4×84×84 frames).
        replay_buffer: ``"uniform"`` (stores ``obs`` and ``next_obs`` whole) or
            ``"frame_sharing"`` (stacked frames stored once each; Atari).
        hidden_sizes: hidden layer widths of the ``"mlp"`` network.
        layer_norm: put a LayerNorm (Ba et al. 2016) after every hidden layer of the ``"mlp"``
            network, before its ReLU. It bounds what the last layer sees, so Q-values cannot run
            away on states the replay memory no longer holds (Ball et al. 2023; Gallici et al.
            2024); notebook 07 shows what it changes.
        mirror_augmentation: train on the mirror image of half of every mini-batch: observations
            negated and the action order reversed (``a → num_actions − 1 − a``). Only for
            environments symmetric that way, such as CartPole, where pushing left from
            ``(x, ẋ, θ, θ̇)`` is pushing right from ``(−x, −ẋ, −θ, −θ̇)`` (van der Pol et al. 2020
            use this symmetry): what the agent learns on one side of the track it learns on the
            other too (benchmarks/README.md, sweep Q29). Needs the ``"mlp"`` network;
            :func:`dqn_teach.training.train` accepts it on CartPole only.
        device: ``"cpu"``, ``"cuda"``, ``"cuda:N"`` or ``"auto"`` (CUDA when available).
        seed: seeds the network's initialisation, the replay buffer, exploration and the envs.
    """

    training_freq: int
    batch_size: int
    capacity: int
    epoch: int
    epsilon_linear_decay: tuple[int, int, float, float]
    gamma: float = 0.99
    learning_rate: float = 1e-3
    learning_rate_decay: tuple[int, float] | None = None
    learning_starts: int = 0
    target_update_period: int | None = None
    double_dqn: bool = False
    multi_step: int = 1
    loss: str = "mse"
    max_grad_norm: float | None = None
    optimizer: str = "adam"
    network: str = "mlp"
    replay_buffer: str = "uniform"
    hidden_sizes: tuple[int, ...] = field(default=(128, 64))
    layer_norm: bool = False
    mirror_augmentation: bool = False
    device: str = "cpu"
    seed: int = 0

    def __post_init__(self) -> None:
        # JSON gives lists; store tuples so the config stays hashable and comparable.
        object.__setattr__(self, "epsilon_linear_decay", tuple(self.epsilon_linear_decay))
        object.__setattr__(self, "hidden_sizes", tuple(self.hidden_sizes))
        if isinstance(self.learning_rate_decay, list):
            object.__setattr__(self, "learning_rate_decay", tuple(self.learning_rate_decay))
        _validate(self)

    def replace(self, **changes: Any) -> DQNConfig:
        """A copy with some fields changed (validated again)."""
        unknown = set(changes) - {f.name for f in dataclasses.fields(self)}
        if unknown:
            valid = [f.name for f in dataclasses.fields(self)]
            raise ConfigError(
                str(messages.UNKNOWN_CONFIG_FIELDS.format(unknown=sorted(unknown), valid=valid))
            )
        return dataclasses.replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-serialisable dict (tuples become lists)."""
        return {
            key: list(value) if isinstance(value, tuple) else value
            for key, value in dataclasses.asdict(self).items()
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DQNConfig:
        """Inverse of :meth:`to_dict`; unknown keys are an error."""
        unknown = set(data) - {f.name for f in dataclasses.fields(cls)}
        if unknown:
            raise ConfigError(
                str(messages.UNKNOWN_SAVED_CONFIG_FIELDS.format(unknown=sorted(unknown)))
            )
        return cls(**data)

    def resolved_device(self) -> str:
        """``device`` with ``"auto"`` resolved to ``"cuda"`` or ``"cpu"``."""
        if self.device == "auto":
            import torch

            return "cuda" if torch.cuda.is_available() else "cpu"
        return self.device


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _require(condition: bool, message: Bi) -> None:
    if not condition:
        raise ConfigError(str(message))


def _validate(c: DQNConfig) -> None:
    for name in ("training_freq", "batch_size", "capacity", "epoch"):
        value = getattr(c, name)
        _require(
            _is_int(value) and value >= 1,
            messages.INTEGER_AT_LEAST_ONE.format(name=name, value=value),
        )
    _require(
        c.batch_size <= c.capacity,
        messages.BATCH_LARGER_THAN_CAPACITY.format(batch_size=c.batch_size, capacity=c.capacity),
    )
    decay = c.epsilon_linear_decay
    _require(
        len(decay) == 4,
        messages.EPSILON_DECAY_FORM.format(decay=decay),
    )
    start_t, end_t, start_value, end_value = decay
    _require(
        _is_int(start_t) and _is_int(end_t) and 0 <= start_t < end_t,
        messages.EPSILON_DECAY_STEPS.format(start_t=start_t, end_t=end_t),
    )
    for name, value in (("start_value", start_value), ("end_value", end_value)):
        _require(
            isinstance(value, (int, float)) and 0.0 <= value <= 1.0,
            messages.EPSILON_DECAY_PROBABILITY.format(name=name, value=value),
        )
    _require(
        isinstance(c.gamma, (int, float)) and 0.0 <= c.gamma < 1.0,
        messages.GAMMA_RANGE.format(gamma=c.gamma),
    )
    _require(
        isinstance(c.learning_rate, (int, float))
        and math.isfinite(c.learning_rate)
        and c.learning_rate > 0,
        messages.LEARNING_RATE_POSITIVE.format(value=c.learning_rate),
    )
    decay = c.learning_rate_decay
    _require(
        decay is None
        or (
            isinstance(decay, tuple)
            and len(decay) == 2
            and _is_int(decay[0])
            and decay[0] >= 1
            and isinstance(decay[1], (int, float))
            and math.isfinite(decay[1])
            and decay[1] > 0
        ),
        messages.LEARNING_RATE_DECAY_FORM.format(value=decay),
    )
    _require(
        _is_int(c.learning_starts) and c.learning_starts >= 0,
        messages.LEARNING_STARTS_RANGE.format(value=c.learning_starts),
    )
    _require(
        c.target_update_period is None
        or (_is_int(c.target_update_period) and c.target_update_period >= 1),
        messages.TARGET_UPDATE_PERIOD_RANGE.format(value=c.target_update_period),
    )
    _require(
        isinstance(c.double_dqn, bool),
        messages.DOUBLE_DQN_BOOL.format(value=c.double_dqn),
    )
    _require(
        not (c.double_dqn and c.target_update_period is None),
        messages.DOUBLE_DQN_NEEDS_TARGET,
    )
    _require(
        _is_int(c.multi_step) and c.multi_step >= 1,
        messages.MULTI_STEP_RANGE.format(value=c.multi_step),
    )
    _require(c.loss in LOSSES, messages.LOSS_CHOICE.format(choices=LOSSES, value=c.loss))
    _require(
        c.max_grad_norm is None
        or (isinstance(c.max_grad_norm, (int, float)) and c.max_grad_norm > 0),
        messages.MAX_GRAD_NORM_RANGE.format(value=c.max_grad_norm),
    )
    _require(
        c.optimizer in OPTIMIZERS,
        messages.OPTIMIZER_CHOICE.format(choices=OPTIMIZERS, value=c.optimizer),
    )
    _require(
        c.network in NETWORKS, messages.NETWORK_CHOICE.format(choices=NETWORKS, value=c.network)
    )
    _require(
        c.replay_buffer in REPLAY_BUFFERS,
        messages.REPLAY_BUFFER_CHOICE.format(choices=REPLAY_BUFFERS, value=c.replay_buffer),
    )
    _require(
        c.multi_step == 1 or c.replay_buffer == "uniform",
        messages.MULTI_STEP_NEEDS_UNIFORM.format(replay_buffer=c.replay_buffer),
    )
    _require(
        len(c.hidden_sizes) >= 1 and all(_is_int(h) and h >= 1 for h in c.hidden_sizes),
        messages.HIDDEN_SIZES_FORM.format(value=c.hidden_sizes),
    )
    _require(
        isinstance(c.layer_norm, bool), messages.LAYER_NORM_BOOL.format(value=c.layer_norm)
    )
    _require(
        not (c.layer_norm and c.network != "mlp"),
        messages.LAYER_NORM_NEEDS_MLP.format(network=c.network),
    )
    _require(
        isinstance(c.mirror_augmentation, bool),
        messages.MIRROR_AUGMENTATION_BOOL.format(value=c.mirror_augmentation),
    )
    _require(
        not (c.mirror_augmentation and c.network != "mlp"),
        messages.MIRROR_AUGMENTATION_NEEDS_MLP.format(network=c.network),
    )
    _require(
        isinstance(c.device, str)
        and (c.device in ("cpu", "cuda", "auto", "mps") or c.device.startswith("cuda:")),
        messages.DEVICE_CHOICE.format(value=c.device),
    )
    _require(_is_int(c.seed) and c.seed >= 0, messages.SEED_RANGE.format(value=c.seed))


def seed_notebook_config() -> DQNConfig:
    """The original notebook's settings, unchanged (2013-style: no target network, MSE)."""
    return DQNConfig(
        training_freq=16,
        batch_size=128,
        capacity=1000,
        epoch=3,
        epsilon_linear_decay=(0, 100_000, 0.3, 0.01),
        gamma=0.99,
        learning_rate=1e-3,
        hidden_sizes=(128, 64),
    )


def cartpole_2013_config() -> DQNConfig:
    """The 2013 algorithm tuned for speed on CartPole-v1: it solves fast, then its values diverge.

    No target network and squared error, as in the 2013 paper. Compared with the seed notebook:
    one gradient step every 4 environment steps (0.25 per step, the notebook does 3 every 16),
    learning rate 3e-3, ε decays over the first 8 000 steps instead of 100 000, and a
    10 000-transition memory instead of 1 000. Until 2026-12 this was ``preset("cartpole")``;
    notebooks 05, 06, 06b and 07 keep it to show why DQN needed more than the 2013 paper
    (its max Q reaches 10-100 times the ceiling 1/(1 − γ); benchmarks/README.md).
    """
    return DQNConfig(
        training_freq=4,
        batch_size=128,
        capacity=10_000,
        epoch=1,
        epsilon_linear_decay=(0, 8_000, 0.3, 0.01),
        gamma=0.99,
        learning_rate=3e-3,
        hidden_sizes=(128, 64),
    )


def cartpole_config() -> DQNConfig:
    """Solves CartPole-v1 fast and stays solved, with Q-values near the ceiling 1/(1 − γ).

    :func:`cartpole_2013_config` plus eight things (benchmarks/README.md measures each, also on
    seeds it was not tuned on):

    * ε starts at 1.0 instead of 0.3 and, as before, reaches its end value at 8 000 steps (the
      2013 paper also anneals ε from 1): the first episodes are fully random, so the replay
      memory starts with varied cart positions and speeds. Starting at 0.3, the memory filled
      with near-identical episodes of one way of balancing, and on slow seeds every greedy
      episode let the cart drift off the track for 20 000+ steps;
    * ε ends at 0.05 instead of 0.01: one action in twenty stays random, so a solved agent still
      visits, and its memory still holds, states near a fall (with 0.01 the memory fills with
      the upright pole only);
    * fewer, larger gradient steps: one step on a mini-batch of 1 024 every 16 env steps instead
      of one on 128 every 4, at a learning rate of 0.012 instead of 0.003. An update has a fixed
      cost (~1.3 ms on a 2-core CPU, however small its mini-batch), which this pays a quarter as
      often; each env step still feeds 64 sampled transitions to the gradient (as 256 every 4
      did), and the 4× learning rate moves the weights about as far per env step. A large
      mini-batch also makes a solved agent's steps less noisy, so it wobbles less;
    * 3-step returns (``multi_step=3``): each target adds three real rewards before it
      bootstraps with γ³, so a fall reaches the states three steps before it in one update;
    * a target network copied every 7 gradient steps (112 env steps), with Double DQN
      (2015/2016): the target stops chasing itself, and the max over noisy estimates is taken
      less often;
    * LayerNorm in the hidden layers: it bounds what the last layer sees, so values on states the
      memory no longer holds cannot run away;
    * the learning rate falls to a tenth (0.0012) over the first 30 000 steps: large steps learn
      fast, small ones keep a solved agent solved;
    * mirror images (``mirror_augmentation``): half of every mini-batch is seen from the other
      side of the track, so the agent cannot stay weak in one corner of the start box while it is
      strong in the mirrored one (without it, 5 of 50 seeds kept failing from the same two
      evaluation starts). It is CartPole's symmetry: ``train`` refuses it on other envs; use
      ``mirror_augmentation=False`` there.
    """
    return cartpole_2013_config().replace(
        training_freq=16,
        batch_size=1024,
        learning_rate=0.012,
        epsilon_linear_decay=(0, 8_000, 1.0, 0.05),
        multi_step=3,
        target_update_period=7,
        double_dqn=True,
        layer_norm=True,
        learning_rate_decay=(30_000, 0.0012),
        mirror_augmentation=True,
    )


def atari2013_config() -> DQNConfig:
    """Mnih et al. (2013) on Atari, with every count in agent steps of 4 emulator frames.

    **"Frames".** The paper counts in "frames" without saying whether it means emulator frames
    or agent decisions (one agent step = 4 emulator frames with its frame skip k = 4); Machado
    et al. (2018, "Revisiting the Arcade Learning Environment", JAIR 61) point out this ambiguity
    across the literature and recommend stating the unit. This preset reads every "frame" of the
    paper as an **emulator frame** and converts it to agent steps by dividing by 4:

    * ε annealed from 1 to 0.1 "over the first million frames" → 250 000 agent steps;
    * "a replay memory of one million most recent frames" → ``capacity=250_000`` transitions;
    * "a total of 10 million frames" of training → 2 500 000 agent steps (the CLI's default).

    (DeepMind's released 2015 code counts these in agent steps instead, i.e. 4× more of each.)

    From the 2013 paper: RMSProp, mini-batches of 32, no target network, squared error, γ = 0.99,
    one gradient step per agent step. Not in the 2013 paper, taken from the 2015 Nature paper
    (Mnih et al. 2015, Extended Data Table 1): the learning rate 2.5e-4, the RMSProp constants
    (see :func:`dqn_teach.agent.make_optimizer` for how PyTorch's RMSprop differs from
    DeepMind's) and ``learning_starts`` — the 2015 "replay start size" of 50 000 frames, i.e.
    12 500 agent steps; the 2013 paper gives none. The 2013 paper used a frame skip of 3 instead
    of 4 for Space Invaders (with 4, the blinking lasers were invisible).
    """
    return DQNConfig(
        training_freq=1,
        batch_size=32,
        capacity=250_000,
        epoch=1,
        epsilon_linear_decay=(0, 250_000, 1.0, 0.1),
        gamma=0.99,
        learning_rate=2.5e-4,
        learning_starts=12_500,
        optimizer="rmsprop",
        network="atari2013",
        replay_buffer="frame_sharing",
        device="auto",
    )


@dataclass(frozen=True)
class Preset:
    """A named starting point: the config, and what to train it on and for how long.

    Attributes:
        make_config: builds the :class:`DQNConfig`.
        env_id: the env the preset was made for (the CLI's default ``--env``).
        total_steps: environment steps of a full run (the CLI's default ``--total-steps``).
        eval_every: environment steps between greedy evaluations; cheap for CartPole,
            expensive for Atari (whole games of Pong).
        save_every: environment steps between two saves of the resumable ``last/`` checkpoint
            (None: only at the end); long runs should not lose hours to a crash.
        save_replay: whether ``last/`` holds the replay buffer (an exact resume needs it; the
            Atari memory is 1.8 GB, so it is left out there).
    """

    make_config: Callable[[], DQNConfig]
    env_id: str
    total_steps: int
    eval_every: int
    save_every: int | None = None
    save_replay: bool = True


PRESETS: dict[str, Preset] = {
    "seed-notebook": Preset(seed_notebook_config, "CartPole-v1", 100_000, 2_000),
    "cartpole": Preset(cartpole_config, "CartPole-v1", 40_000, 2_000),
    "cartpole-2013": Preset(cartpole_2013_config, "CartPole-v1", 40_000, 2_000),
    "atari2013": Preset(atari2013_config, "ALE/Pong-v5", 2_500_000, 100_000,
                        save_every=50_000, save_replay=False),
}


def preset(name: str, **changes: Any) -> DQNConfig:
    """A preset config by name, optionally with some fields changed."""
    if name not in PRESETS:
        raise ConfigError(str(messages.UNKNOWN_PRESET.format(name=name, choices=sorted(PRESETS))))
    config = PRESETS[name].make_config()
    return config.replace(**changes) if changes else config
