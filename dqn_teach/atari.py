"""Atari as Mnih et al. (2013) played it: preprocessing and a replay memory that fits (notebook 08).

The paper's agent sees what a human sees, the screen, but not as the emulator draws it:

* **Frame skip** — "the agent sees and selects actions on every kth frame instead of every frame,
  and its last action is repeated on skipped frames" (k = 4). Rewards of the skipped frames add up.
* **Grayscale, 84×84** — "converting their RGB representation to gray-scale and down-sampling it
  to a 110×84 image", then cropping 84×84. Gymnasium's ``AtariPreprocessing`` resizes the whole
  210×160 screen to 84×84 instead of cropping, and it takes the pixel-wise maximum of the last two
  frames of each skip (from the 2015 paper; sprites drawn on alternate frames stay visible).
* **A stack of 4** — φ "applies this preprocessing to the last 4 frames of a history and stacks
  them", so one observation shows motion: ``(4, 84, 84)`` uint8.
* **Reward clipping** — "we fixed all positive rewards to be 1 and all negative rewards to be −1,
  leaving 0 rewards unchanged": the sign of the reward, i.e. clipping Atari's integer score
  changes to [−1, 1].

The 2013 emulator was deterministic: no sticky actions (``repeat_action_probability=0``). Episodes
start after 1 to 30 random no-op frames (``noop_max``, from the 2015 paper) so they do not all
begin in the same state.

Memory: one observation is 4 × 84 × 84 = 28 224 bytes, and ``obs``/``next_obs`` share 3 of their 4
frames with each other and with the neighbouring transitions. :class:`AtariReplayBuffer` stores each
84×84 frame once and rebuilds the stacks from links: about 7.1 KB per transition instead of
56.5 KB, so the paper's 1 M transitions take 7.1 GB instead of 56 GB.
"""

from __future__ import annotations

import math
import os
import warnings

import gymnasium as gym
import numpy as np
import torch

from dqn_teach import messages
from dqn_teach.agent import DQN, make_agent
from dqn_teach.config import DQNConfig
from dqn_teach.envs import is_atari
from dqn_teach.experience import Experience
from dqn_teach.replay_buffer import ExperienceBatch, ReplayBuffer, _positive_int

FRAME_SKIP = 4
SCREEN_SIZE = 84
STACK_SIZE = 4
NOOP_MAX = 30


def register_atari_envs() -> None:
    """Make gymnasium know the ``ALE/...`` ids (ale-py's wheel bundles the game ROMs)."""
    try:
        import ale_py
    except ImportError as error:
        raise ImportError(str(messages.ATARI_NEEDS_ALE_PY)) from error
    ale_py.ALEInterface.setLoggerMode(ale_py.LoggerMode.Error)  # no banner in every output
    gym.register_envs(ale_py)


def sign_reward(reward: float) -> float:
    """The paper's reward clipping: +1 for any gain, −1 for any loss, 0 for nothing."""
    return float(np.sign(reward))


def make_atari_env(
    env_id: str,
    *,
    frame_skip: int = FRAME_SKIP,
    screen_size: int = SCREEN_SIZE,
    stack_size: int = STACK_SIZE,
    noop_max: int = NOOP_MAX,
    clip_rewards: bool = True,
    repeat_action_probability: float = 0.0,
    **kwargs,
) -> gym.Env:
    """An Atari env preprocessed as in the 2013 paper (see the module docstring).

    Args:
        env_id: an ALE id such as ``"ALE/Pong-v5"``.
        frame_skip: emulator frames per agent step; the action repeats, rewards add up.
        screen_size: side of the square grayscale frame.
        stack_size: frames per observation.
        noop_max: at most this many random no-op frames after each reset (0 = none).
        clip_rewards: replace each reward by its sign.
        repeat_action_probability: ALE's sticky actions; 0 is the deterministic 2013 emulator
            (ALE v5's own default is 0.25).
        **kwargs: passed to ``gym.make`` (e.g. ``render_mode="rgb_array"``).

    Returns:
        An env whose observations are ``(stack_size, screen_size, screen_size)`` uint8 (0–255).
    """
    if not is_atari(env_id):  # registers the ALE ids on first use
        raise ValueError(str(messages.ATARI_ENV_ID.format(env_id=env_id)))
    # AtariPreprocessing does the frame skipping itself, so the emulator must not skip too.
    env = gym.make(
        env_id, frameskip=1, repeat_action_probability=repeat_action_probability, **kwargs
    )
    env = gym.wrappers.AtariPreprocessing(
        env,
        noop_max=noop_max,
        frame_skip=frame_skip,
        screen_size=screen_size,
        terminal_on_life_loss=False,
        grayscale_obs=True,
    )
    if clip_rewards:
        env = gym.wrappers.TransformReward(env, sign_reward)
    # The first observation of an episode repeats the reset frame stack_size times.
    return gym.wrappers.FrameStackObservation(env, stack_size, padding_type="reset")


class AtariReplayBuffer(ReplayBuffer):
    """Uniform experience replay that stores every frame once.

    ``obs`` and ``next_obs`` are stacks of the last ``stack_size`` frames and overlap by
    ``stack_size − 1`` frames; consecutive transitions of one episode overlap too. So each slot of
    the ring holds one frame, the newest frame of a transition's ``next_obs``, plus a link to the
    slot holding the frame before it. Following the links back from a slot gives the
    ``stack_size + 1`` frames from which ``obs`` (the oldest ``stack_size``) and ``next_obs``
    (the newest ``stack_size``) are cut.

    Episode boundaries need no flags: when a transition's ``obs`` is not the ``next_obs`` that
    the same env stored last (a new episode, or rows skipped with ``store_mask``), its frames are
    written first as a chain head that is not a transition itself. A head whose oldest frame
    repeats (gymnasium pads a reset with copies of the first frame) is stored once and links to
    itself, so following it keeps returning that frame: an episode costs one extra frame.

    When the ring wraps, the oldest slots are overwritten; a transition whose chain reaches an
    overwritten slot is never sampled (links hold absolute write numbers, so this is a compare).

    Bytes per transition, 84×84 frames: 7 056 (frame) + 8 (link) + 8 (action) + 4 (reward)
    + 4 (terminated) + 1 (is a transition) = 7 081, see :meth:`bytes_per_transition`.
    Storing ``obs`` and ``next_obs`` whole, as :class:`~dqn_teach.replay_buffer.ReplayBuffer`
    does, costs 2 × 4 × 7 056 + 16 = 56 464. The arrays come from ``np.zeros``, which on Linux and
    macOS takes memory page by page as the ring fills, so a short run with the paper's capacity
    uses only what it writes.

    A :class:`~dqn_teach.replay_buffer.ReplayBuffer` with its own storage: the constructor's
    checks, ``seed``, ``__len__`` and ``can_sample`` are inherited; ``add`` and ``sample`` are
    this layout's.

    Args:
        training_freq: ``add`` calls between two samples (see ``can_sample``).
        sampled_batch_size: transitions per ``sample``.
        capacity: frames the ring holds; about that many transitions (one head frame per
            episode is not a transition).
        num_envs: rows in every :class:`Experience` passed to ``add``.
        device: where ``sample`` puts its tensors (uint8 stacks: 4× less to copy than float).
        seed: seed of the sampling generator.
        stack_size: frames per observation.
    """

    def __init__(
        self,
        training_freq: int,
        sampled_batch_size: int,
        capacity: int,
        num_envs: int,
        *,
        device: str | torch.device = "cpu",
        seed: int | None = None,
        stack_size: int = STACK_SIZE,
    ) -> None:
        self.stack_size = _positive_int("stack_size", stack_size)  # reset() needs it
        super().__init__(
            training_freq, sampled_batch_size, capacity, num_envs, device=device, seed=seed
        )
        # Every env's newest stack must survive while the other envs write theirs.
        minimum = 2 * self.num_envs * (stack_size + 1)
        if self.capacity < minimum:
            raise ValueError(
                str(
                    messages.ATARI_CAPACITY_TOO_SMALL.format(
                        capacity=capacity,
                        num_envs=num_envs,
                        stack_size=stack_size,
                        frames=stack_size + 1,
                        minimum=minimum,
                    )
                )
            )

    def reset(self) -> None:
        """Forget every stored transition."""
        self.n_step = 0  # add() calls since the last sample()
        self.num_written = 0  # frames ever written; the next frame's absolute number
        self.count = 0  # slots holding a transition right now (len(self))
        self._frames: np.ndarray | None = None
        self._last_next_obs: np.ndarray | None = None  # (num_envs, stack, H, W)
        self._last_number = np.full(self.num_envs, -1, dtype=np.int64)  # its newest frame's number

    @staticmethod
    def bytes_per_transition(frame_shape: tuple[int, int] = (SCREEN_SIZE, SCREEN_SIZE)) -> int:
        """Storage of one slot: the frame, its link, action, reward, terminated and one flag."""
        frame_bytes = math.prod(frame_shape)  # uint8
        link, action, reward, terminated, is_transition = 8, 8, 4, 4, 1
        return frame_bytes + link + action + reward + terminated + is_transition

    @property
    def nbytes(self) -> int:
        """Bytes of the ring's arrays (0 before the first add)."""
        if self._frames is None:
            return 0
        return sum(a.nbytes for a in (self._frames, self._link, self._action, self._reward,
                                      self._terminated, self._is_transition))

    # ------------------------------------------------------------------ adding
    def add(self, experience: Experience, store_mask: np.ndarray | None = None) -> None:
        """Store one transition per environment.

        Args:
            experience: ``obs`` and ``next_obs`` ``(num_envs, stack_size, H, W)`` uint8, with
                ``next_obs[:, :-1] == obs[:, 1:]`` (a frame stack moves on by one frame);
                ``action``, ``reward``, ``terminated`` ``(num_envs, 1)``.
            store_mask: optional ``(num_envs,)`` bool; rows where it is False are not stored
                (gymnasium's autoreset step, which is not a transition).
        """
        experience = self._validate(experience)
        rows = np.arange(self.num_envs)
        if store_mask is not None:
            store_mask = np.asarray(store_mask, dtype=bool)
            if store_mask.shape != (self.num_envs,):
                raise ValueError(
                    str(messages.STORE_MASK_SHAPE.format(num_envs=self.num_envs,
                                                         shape=store_mask.shape))
                )
            rows = rows[store_mask]
        for env in rows:  # check every row before writing any
            if not np.array_equal(experience.next_obs[env, :-1], experience.obs[env, 1:]):
                raise ValueError(str(messages.FRAME_STACK_NOT_SHIFTED.format(env=env)))
        self.n_step += 1
        for env in rows:
            self._add_row(experience, int(env))

    def _add_row(self, experience: Experience, env: int) -> None:
        obs, next_obs = experience.obs[env], experience.next_obs[env]
        continues = self._stack_is_stored(self._last_number[env]) and np.array_equal(
            obs, self._last_next_obs[env]
        )
        previous = self._last_number[env] if continues else self._write_head(obs)
        self._last_number[env] = self._write(
            next_obs[-1],
            link=previous,
            transition=(
                experience.action[env, 0], experience.reward[env, 0], experience.terminated[env, 0]
            ),
        )
        self._last_next_obs[env] = next_obs

    def _write_head(self, obs: np.ndarray) -> int:
        """Write the frames of an episode's first ``obs``; returns the newest one's number."""
        # The leading run of identical frames (reset padding) becomes one self-linked slot.
        differs = np.flatnonzero([not np.array_equal(frame, obs[0]) for frame in obs])
        first_new = int(differs[0]) if len(differs) else len(obs)
        number = self._write(obs[0], link=self.num_written)
        for frame in obs[first_new:]:
            number = self._write(frame, link=number)
        return number

    def _write(
        self,
        frame: np.ndarray,
        link: int,
        transition: tuple[int, float, float] | None = None,
    ) -> int:
        """Write one frame into the ring and return its absolute number.

        ``transition`` is ``(action, reward, terminated)`` when the frame is the newest frame of
        a stored ``next_obs``; head frames (an episode's first ``obs``) have none.
        """
        slot = self.num_written % self.capacity
        self.count += int(transition is not None) - int(self._is_transition[slot])
        self._frames[slot] = frame
        self._link[slot] = link
        self._is_transition[slot] = transition is not None
        if transition is not None:
            self._action[slot], self._reward[slot], self._terminated[slot] = transition
        self.num_written += 1
        return self.num_written - 1

    # ---------------------------------------------------------------- sampling
    def sample(self) -> ExperienceBatch:
        """Draw ``sampled_batch_size`` transitions uniformly (with replacement).

        Returns:
            ExperienceBatch on ``device``: ``obs`` and ``next_obs`` ``(batch, stack_size, H, W)``
            uint8; ``action`` ``(batch, 1)`` int64; ``reward``, ``terminated`` ``(batch, 1)``
            float32.
        """
        self._start_sampling()
        batch = self.transitions(self._draw_valid_slots(self.sampled_batch_size))
        return ExperienceBatch(
            *(torch.from_numpy(np.ascontiguousarray(array)).to(self.device) for array in batch)
        )

    def transitions(self, slots: np.ndarray) -> Experience:
        """The transitions held in ``slots`` with their stacks rebuilt, as numpy arrays.

        Args:
            slots: ``(n,)`` ring positions, each one of :meth:`valid_slots`.

        Returns:
            Experience with ``obs``/``next_obs`` ``(n, stack_size, H, W)`` uint8 and
            ``(n, 1)`` ``action`` (int64), ``reward`` and ``terminated`` (float32).
        """
        slots = np.asarray(slots, dtype=np.int64)
        if self._frames is None or not self._is_valid(slots).all():
            raise ValueError(str(messages.ATARI_SLOTS_INVALID))
        # The chain runs newest frame first; reversed, it is the stack_size + 1 frames in order.
        frames = self._frames[self._chains(slots)[:, ::-1]]  # (n, stack_size + 1, H, W)
        return Experience(
            obs=frames[:, :-1],
            action=self._action[slots, None],
            next_obs=frames[:, 1:],
            reward=self._reward[slots, None],
            terminated=self._terminated[slots, None],
        )

    def valid_slots(self) -> np.ndarray:
        """Ring positions (ascending) of the transitions ``sample`` can draw: every stored
        transition whose frames are all still in the ring."""
        filled = np.arange(min(self.num_written, self.capacity))
        return filled[self._is_valid(filled)]

    def _draw_valid_slots(self, size: int) -> np.ndarray:
        """Rejection sampling: uniform over valid transitions. Head frames and the few oldest
        transitions whose first frames were overwritten are drawn again."""
        filled = min(self.num_written, self.capacity)
        slots = np.empty(0, dtype=np.int64)
        for _ in range(1000):
            candidates = self.rng.integers(0, filled, size=size - len(slots))
            slots = np.concatenate([slots, candidates[self._is_valid(candidates)]])
            if len(slots) == size:
                return slots
        raise RuntimeError(str(messages.TOO_FEW_SAMPLEABLE.format(filled=filled)))

    def _chains(self, slots: np.ndarray) -> np.ndarray:
        """``(len(slots), stack_size + 1)`` slots: each transition's newest frame, then back."""
        chains = np.empty((len(slots), self.stack_size + 1), dtype=np.int64)
        chains[:, 0] = slots
        for back in range(1, self.stack_size + 1):
            chains[:, back] = self._link[chains[:, back - 1]] % self.capacity
        return chains

    def _is_valid(self, slots: np.ndarray) -> np.ndarray:
        valid = self._is_transition[slots].copy()
        current = slots
        for _ in range(self.stack_size):
            link = self._link[current]
            valid &= self._is_alive(link)
            current = link % self.capacity
        return valid

    def _stack_is_stored(self, newest: int) -> bool:
        """Whether the ``stack_size`` frames ending with frame number ``newest`` are all stored."""
        number = int(newest)
        for _ in range(self.stack_size - 1):
            if not self._is_alive(number):
                return False
            number = int(self._link[number % self.capacity])
        return bool(self._is_alive(number))

    def _is_alive(self, number: int | np.ndarray) -> bool | np.ndarray:
        """Whether the frame with this absolute number is still in the ring."""
        return (number >= 0) & (number >= self.num_written - self.capacity)

    def _validate(self, experience: Experience) -> Experience:
        """Check shapes and dtypes; returns the experience as numpy arrays."""
        if not isinstance(experience, Experience):
            raise TypeError(
                str(messages.ADD_NEEDS_EXPERIENCE.format(type_name=type(experience).__name__))
            )
        experience = Experience(*(np.asarray(field) for field in experience))
        obs, next_obs = experience.obs, experience.next_obs
        if obs.ndim != 4 or obs.shape[:2] != (self.num_envs, self.stack_size):
            raise ValueError(
                str(
                    messages.ATARI_OBS_SHAPE.format(
                        num_envs=self.num_envs, stack_size=self.stack_size, shape=obs.shape
                    )
                )
            )
        if next_obs.shape != obs.shape:
            raise ValueError(
                str(messages.NEXT_OBS_SHAPE.format(next_shape=next_obs.shape, shape=obs.shape))
            )
        if obs.dtype != np.uint8 or next_obs.dtype != np.uint8:
            raise ValueError(
                str(
                    messages.ATARI_FRAMES_DTYPE.format(
                        obs_dtype=obs.dtype, next_obs_dtype=next_obs.dtype
                    )
                )
            )
        for name in ("action", "reward", "terminated"):
            shape = np.shape(getattr(experience, name))
            if shape != (self.num_envs, 1):
                raise ValueError(
                    str(messages.COLUMN_SHAPE.format(name=name, num_envs=self.num_envs,
                                                     shape=shape))
                )
        if not np.issubdtype(experience.action.dtype, np.integer):
            raise ValueError(str(messages.ACTION_DTYPE.format(dtype=experience.action.dtype)))
        if self._frames is None:
            self._allocate(obs.shape[2:])
        elif obs.shape[2:] != self._frames.shape[1:]:
            raise ValueError(
                str(
                    messages.FRAME_SHAPE_CHANGED.format(
                        stored=self._frames.shape[1:], shape=obs.shape[2:]
                    )
                )
            )
        return experience

    def _allocate(self, frame_shape: tuple[int, ...]) -> None:
        # np.zeros maps zero pages lazily: memory is taken as the ring fills, not up front.
        self._frames = np.zeros((self.capacity, *frame_shape), dtype=np.uint8)
        self._link = np.zeros(self.capacity, dtype=np.int64)
        self._action = np.zeros(self.capacity, dtype=np.int64)
        self._reward = np.zeros(self.capacity, dtype=np.float32)
        self._terminated = np.zeros(self.capacity, dtype=np.float32)
        self._is_transition = np.zeros(self.capacity, dtype=bool)
        self._last_next_obs = np.zeros((self.num_envs, self.stack_size, *frame_shape), np.uint8)


def make_atari_agent(
    config: DQNConfig, obs_shape: tuple[int, ...], num_actions: int, num_envs: int = 1
) -> DQN:
    """:func:`dqn_teach.agent.make_agent` for an Atari config: the 2013 network and the replay
    buffer the config names (the ``atari2013`` preset: an :class:`AtariReplayBuffer` of
    ``config.capacity`` frames), after checking that config and observations fit Atari.

    The optimizer is :func:`~dqn_teach.agent.make_optimizer`'s RMSProp with DeepMind's constants
    but PyTorch's formula (see there for how it differs from DeepMind's).

    Args:
        config: hyperparameters; ``config.network`` must be ``"atari2013"``.
        obs_shape: ``(stack_size, 84, 84)``, as :func:`make_atari_env` gives.
        num_actions: the env's number of discrete actions.
        num_envs: environments stepped together.
    """
    if config.network != "atari2013":
        raise ValueError(str(messages.ATARI_NEEDS_ATARI_NETWORK.format(network=config.network)))
    _check_atari_obs_shape(obs_shape)
    return make_agent(config, obs_shape, num_actions, num_envs)


def frame_sharing_buffer(
    config: DQNConfig, num_envs: int, obs_shape: tuple[int, ...] | None
) -> AtariReplayBuffer:
    """The :class:`AtariReplayBuffer` a config with ``replay_buffer="frame_sharing"`` asks for.

    Args:
        config: gives ``training_freq``, ``batch_size``, ``capacity`` (frames), device and seed.
        num_envs: environments stepped together.
        obs_shape: ``(stack_size, 84, 84)``; the stack size sets how frames are linked.
    """
    if obs_shape is None:
        raise ValueError(str(messages.FRAME_SHARING_NEEDS_OBS_SHAPE))
    _check_atari_obs_shape(obs_shape)
    _warn_if_replay_exceeds_memory(config.capacity, obs_shape[1:])
    return AtariReplayBuffer(
        config.training_freq,
        config.batch_size,
        config.capacity,
        num_envs,
        device=config.resolved_device(),
        seed=config.seed,
        stack_size=obs_shape[0],
    )


def _check_atari_obs_shape(obs_shape: tuple[int, ...]) -> None:
    if len(obs_shape) != 3 or tuple(obs_shape[1:]) != (SCREEN_SIZE, SCREEN_SIZE):
        raise ValueError(
            str(messages.ATARI_OBS_SHAPE_2013.format(size=SCREEN_SIZE, shape=tuple(obs_shape)))
        )


def _warn_if_replay_exceeds_memory(capacity: int, frame_shape: tuple[int, int]) -> None:
    """Warn when a full replay memory would not fit in this machine's RAM."""
    needed = capacity * AtariReplayBuffer.bytes_per_transition(frame_shape)
    try:
        available = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (AttributeError, ValueError, OSError):  # not a POSIX system: nothing to compare with
        return
    if needed > available:
        warnings.warn(
            str(
                messages.REPLAY_EXCEEDS_MEMORY.format(
                    capacity=capacity, needed_gb=needed / 1e9, available_gb=available / 1e9
                )
            ),
            stacklevel=2,
        )
