"""Atari the 2013 way: preprocessing, the network, the frame-sharing replay memory, the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import cv2
import gymnasium as gym
import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from dqn_teach.agent import DQN, make_agent
from dqn_teach.atari import AtariReplayBuffer, make_atari_agent, make_atari_env, register_atari_envs
from dqn_teach.config import preset
from dqn_teach.envs import env_factory, env_shapes, is_atari
from dqn_teach.experience import make_experience
from dqn_teach.networks import AtariQNet, count_parameters
from dqn_teach.replay_buffer import ReplayBuffer
from dqn_teach.training import make_vector_env

ROOT = Path(__file__).resolve().parents[1]


# --------------------------------------------------------------------------- preprocessing
def test_observation_is_a_stack_of_four_84x84_uint8_frames():
    env = env_factory("ALE/Pong-v5")()
    try:
        assert env.observation_space == gym.spaces.Box(0, 255, (4, 84, 84), np.uint8)
        obs, _ = env.reset(seed=0)
        assert obs.shape == (4, 84, 84) and obs.dtype == np.uint8
        assert env.observation_space.contains(obs)
        assert obs.min() < obs.max()  # a real screen, not a blank
        # a reset repeats its first frame 4 times
        assert all(np.array_equal(frame, obs[0]) for frame in obs)
        for action in (2, 3, 2, 0, 3):
            next_obs, *_ = env.step(action)
            assert next_obs.shape == (4, 84, 84) and next_obs.dtype == np.uint8
            # the stack moves on by one frame: the oldest drops out, a new one comes in
            assert np.array_equal(next_obs[:-1], obs[1:])
            obs = next_obs
    finally:
        env.close()


def test_one_agent_step_is_four_emulator_frames():
    env = make_atari_env("ALE/Pong-v5")
    try:
        env.reset(seed=0)
        ale = env.unwrapped.ale
        for _ in range(3):
            before = ale.getEpisodeFrameNumber()
            env.step(1)
            assert ale.getEpisodeFrameNumber() - before == 4
    finally:
        env.close()


def test_newest_frame_is_the_max_of_the_last_two_grayscale_frames_resized_to_84():
    """Redo the preprocessing by hand on the raw emulator and compare pixel for pixel."""
    register_atari_envs()
    raw = gym.make("ALE/Pong-v5", frameskip=1, repeat_action_probability=0.0)
    env = make_atari_env("ALE/Pong-v5", noop_max=0)  # no random no-ops: both start alike
    try:
        raw.reset(seed=5)
        env.reset(seed=5)
        for action in (0, 2, 3, 2, 2, 3, 0, 1):
            grays = []
            for _ in range(4):  # frame skip 4: the same action on 4 emulator frames
                screen, *_ = raw.step(action)
                assert screen.shape == (210, 160, 3)
                grays.append(raw.unwrapped.ale.getScreenGrayscale())
            pooled = np.maximum(grays[-2], grays[-1])
            expected = cv2.resize(pooled, (84, 84), interpolation=cv2.INTER_AREA)
            obs, *_ = env.step(action)
            assert np.array_equal(obs[-1], expected)
    finally:
        raw.close()
        env.close()


def test_rewards_are_clipped_to_their_sign():
    # Space Invaders pays 5-30 points per alien, so clipping changes real rewards.
    raw = make_atari_env("ALE/SpaceInvaders-v5", clip_rewards=False)
    clipped = make_atari_env("ALE/SpaceInvaders-v5")
    try:
        raw.reset(seed=3)
        clipped.reset(seed=3)
        rng = np.random.default_rng(0)
        raw_rewards, clipped_rewards = [], []
        for _ in range(150):
            action = int(rng.integers(raw.action_space.n))
            raw_rewards.append(raw.step(action)[1])
            clipped_rewards.append(clipped.step(action)[1])
    finally:
        raw.close()
        clipped.close()
    raw_rewards, clipped_rewards = np.array(raw_rewards), np.array(clipped_rewards)
    assert raw_rewards.max() > 1  # the test saw rewards that need clipping
    assert np.array_equal(clipped_rewards, np.sign(raw_rewards))
    assert set(np.unique(clipped_rewards)) <= {-1.0, 0.0, 1.0}


def test_make_atari_env_rejects_a_non_atari_id():
    with pytest.raises(ValueError, match="ALE id"):
        make_atari_env("CartPole-v1")


# --------------------------------------------------------------------------------- network
def paper_parameter_count(num_actions: int) -> int:
    """Weights + biases of the 2013 network, from the paper's layer sizes."""
    conv1 = 4 * 16 * 8 * 8 + 16  # 4 input frames → 16 filters 8×8
    conv2 = 16 * 32 * 4 * 4 + 32  # 16 → 32 filters 4×4
    conv2_side = ((84 - 8) // 4 + 1 - 4) // 2 + 1  # 84 → 20 → 9
    hidden = 32 * conv2_side**2 * 256 + 256  # fully connected 256
    output = 256 * num_actions + num_actions
    return conv1 + conv2 + hidden + output


@pytest.mark.parametrize("num_actions", [4, 6, 18])
def test_atari_qnet_has_the_papers_parameter_count(num_actions):
    net = AtariQNet(num_actions)
    assert count_parameters(net) == paper_parameter_count(num_actions)
    assert paper_parameter_count(6) == 677_686  # Pong


def test_atari_qnet_layer_shapes_and_output():
    torch.manual_seed(0)
    net = AtariQNet(6)
    frames = torch.randint(0, 256, (5, 4, 84, 84), dtype=torch.uint8)
    scaled = frames.float() / 255.0
    assert net.layers[:2](scaled).shape == (5, 16, 20, 20)
    assert net.layers[:4](scaled).shape == (5, 32, 9, 9)
    q_values = net(frames)
    assert q_values.shape == (5, 6) and q_values.dtype == torch.float32
    # uint8 frames are scaled to [0, 1] inside the network
    torch.testing.assert_close(q_values, net(scaled))
    kinds = [type(layer).__name__ for layer in net.layers]
    assert kinds == ["Conv2d", "ReLU", "Conv2d", "ReLU", "Flatten", "Linear", "ReLU", "Linear"]


def test_atari_qnet_names_the_fix_for_unprocessed_frames():
    with pytest.raises(ValueError, match="make_atari_env"):
        AtariQNet(6)(torch.zeros(1, 210, 160, 3))


# ---------------------------------------------------------------- frame-sharing replay buffer
class FakeStackedEnv:
    """Frames like FrameStackObservation's, each unique (it encodes a counter), episodes of
    given lengths that end by termination or truncation."""

    def __init__(self, lengths, counter, padding="reset", stack=4, frame_shape=(1, 4)):
        self.lengths, self.counter, self.padding = iter(lengths), counter, padding
        self.stack, self.frame_shape = stack, frame_shape

    def _frame(self):
        self.counter[0] += 1
        return np.frombuffer(np.uint32(self.counter[0]).tobytes(), np.uint8).reshape(
            self.frame_shape
        )

    def reset(self):
        self.length, self.t = next(self.lengths), 0
        first = self._frame()
        pad = first if self.padding == "reset" else np.zeros_like(first)
        self.obs = np.stack([pad] * (self.stack - 1) + [first])
        return self.obs

    def step(self):
        self.t += 1
        self.obs = np.concatenate([self.obs[1:], self._frame()[None]])
        ended = self.t == self.length
        terminated = ended and self.length % 2 == 0  # odd lengths end by truncation
        return self.obs, terminated, ended


def run_fake_vector_env(buffer, lengths_per_env, steps, padding="reset", seed=0):
    """Drive the buffer like training.train does (next-step autoreset rows masked out).

    Returns:
        ``{newest next_obs frame bytes: (obs, action, next_obs, reward, terminated)}`` of every
        stored transition.
    """
    rng = np.random.default_rng(seed)
    counter = [0]
    envs = [FakeStackedEnv(lengths, counter, padding) for lengths in lengths_per_env]
    obs = np.stack([env.reset() for env in envs])
    autoreset = np.zeros(len(envs), dtype=bool)
    stored = {}
    for _ in range(steps):
        next_obs, terminated = obs.copy(), np.zeros(len(envs), dtype=bool)
        ended = np.zeros(len(envs), dtype=bool)
        for i, env in enumerate(envs):
            if autoreset[i]:
                next_obs[i] = env.reset()
            else:
                next_obs[i], terminated[i], ended[i] = env.step()
        action = rng.integers(0, 6, size=len(envs))
        reward = rng.integers(-1, 2, size=len(envs)).astype(np.float32)
        experience = make_experience(obs, action, next_obs, reward, terminated)
        buffer.add(experience, ~autoreset)
        for i in np.flatnonzero(~autoreset):
            row = tuple(np.asarray(field[i]).copy() for field in experience)
            stored[next_obs[i, -1].tobytes()] = row
        autoreset, obs = ended, next_obs
    return stored


def assert_transitions_match(buffer, stored, slots):
    batch = buffer.transitions(slots)
    for k in range(len(slots)):
        expected = stored[batch.next_obs[k, -1].tobytes()]
        for field, want in zip(batch, expected, strict=True):
            np.testing.assert_array_equal(field[k], want)


@settings(max_examples=60, deadline=None)
@given(
    num_envs=st.integers(1, 3),
    extra_capacity=st.integers(0, 60),
    lengths=st.lists(st.integers(1, 12), min_size=40, max_size=40),
    steps=st.integers(1, 120),
    padding=st.sampled_from(["reset", "zero"]),
)
def test_stacks_come_back_identical_across_episodes_and_wrap(
    num_envs, extra_capacity, lengths, steps, padding
):
    capacity = 2 * num_envs * 5 + extra_capacity
    buffer = AtariReplayBuffer(1, 1, capacity, num_envs, seed=0)
    lengths_per_env = [lengths[i:] + lengths[:i] for i in range(num_envs)]
    stored = run_fake_vector_env(buffer, lengths_per_env, steps, padding)

    valid = buffer.valid_slots()
    assert_transitions_match(buffer, stored, valid)  # frames in → identical stacks out
    if buffer.num_written <= capacity:  # nothing overwritten: every transition is there
        assert len(valid) == len(buffer) == len(stored)
    else:  # head frames (≤ 2 per episode here) and the oldest few transitions are not drawn
        assert len(valid) >= capacity // 4
    if len(valid):
        batch = buffer.sample()
        for k in range(len(batch.obs)):
            expected = stored[batch.next_obs[k, -1].numpy().tobytes()]
            for field, want in zip(batch, expected, strict=True):
                np.testing.assert_array_equal(field[k].numpy(), want)


def test_a_new_episode_never_sees_the_previous_episodes_frames():
    buffer = AtariReplayBuffer(1, 1, 200, 1)
    stored = run_fake_vector_env(buffer, [[3, 5, 4]], steps=14)
    batch = buffer.transitions(buffer.valid_slots())
    first_of_episode = [0, 3, 8]  # after 3 and 5 steps (autoreset steps are not stored)
    for k in first_of_episode:
        assert all(np.array_equal(frame, batch.obs[k, 0]) for frame in batch.obs[k])
        assert np.array_equal(batch.next_obs[k, :-1], batch.obs[k, 1:])
    # the episode of length 4 ends by termination; length 3 and 5 by truncation
    assert batch.terminated[:, 0].tolist() == [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]
    assert len(stored) == len(buffer) == 12


def test_ring_wraps_and_reuses_the_oldest_slots():
    capacity = 30
    buffer = AtariReplayBuffer(1, 8, capacity, 1, seed=0)
    stored = run_fake_vector_env(buffer, [[200]], steps=100)  # one long episode
    assert buffer.num_written == 101  # 1 head frame + 100 transitions
    assert len(buffer) == capacity
    valid = buffer.valid_slots()
    # 30 slots hold transitions 71..100; the 4 oldest lost frames they need
    assert len(valid) == capacity - 4
    assert_transitions_match(buffer, stored, valid)
    newest = buffer.transitions(valid).next_obs[:, -1]
    counters = sorted(int(np.frombuffer(f.tobytes(), np.uint32)[0]) for f in newest)
    assert counters == list(range(76, 102))  # transition n brings frame n + 1 (1 = reset)
    drawn = np.concatenate([buffer.sample().reward.numpy() for _ in range(50)])
    assert drawn.shape == (400, 1)


def test_skipped_rows_are_not_stored_and_unshifted_stacks_are_refused():
    buffer = AtariReplayBuffer(1, 1, 100, 2)
    obs = np.zeros((2, 4, 2, 2), np.uint8)
    next_obs = obs.copy()
    next_obs[:, -1] = 7
    experience = make_experience(obs, [0, 1], next_obs, [0.0, 1.0], [False, False])
    buffer.add(experience, store_mask=np.array([False, True]))
    assert len(buffer) == 1 and buffer.n_step == 1
    assert buffer.transitions(buffer.valid_slots()).action[:, 0].tolist() == [1]

    reset_as_next = next_obs.copy()
    reset_as_next[1] = 9  # env 0 is fine, env 1 stores a reset obs as next_obs
    with pytest.raises(ValueError, match="env 1: next_obs must be obs moved on by one frame"):
        buffer.add(make_experience(obs, [0, 0], reset_as_next, [0.0, 0.0], [0, 0]))
    assert len(buffer) == 1 and buffer.num_written == 2  # nothing of the refused add was written
    with pytest.raises(ValueError, match="uint8"):
        buffer.add(make_experience(obs.astype(np.float32), [0, 0], next_obs.astype(np.float32),
                                   [0.0, 0.0], [0, 0]))
    with pytest.raises(ValueError, match="capacity"):
        AtariReplayBuffer(1, 1, 9, 1)
    with pytest.raises(TypeError, match="Experience"):
        buffer.add((obs, 0, next_obs, 0.0, 0.0))


def test_real_pong_frames_round_trip_through_the_ring():
    """Two Pong envs, episodes cut short (truncation) so boundaries and the wrap both happen."""
    factory = env_factory("ALE/Pong-v5", max_num_frames_per_episode=160)  # 40 agent steps
    envs = make_vector_env(factory, 2)
    buffer = AtariReplayBuffer(1, 32, 250, 2, seed=0)
    stored = {}
    try:
        obs, _ = envs.reset(seed=0)
        envs.action_space.seed(0)
        autoreset = np.zeros(2, dtype=bool)
        ended = 0
        for _ in range(200):
            action = envs.action_space.sample()
            next_obs, reward, terminated, truncated, _ = envs.step(action)
            experience = make_experience(obs, action, next_obs, reward, terminated)
            buffer.add(experience, ~autoreset)
            for i in np.flatnonzero(~autoreset):
                key = (next_obs[i, -1].tobytes(), obs[i].tobytes())
                stored[key] = next_obs[i].copy()
            autoreset, obs = terminated | truncated, next_obs
            ended += int(truncated.sum())
            assert not terminated.any()
    finally:
        envs.close()
    assert ended >= 8  # episode boundaries happened
    assert buffer.num_written > buffer.capacity  # it wrapped
    batch = buffer.transitions(buffer.valid_slots())
    assert len(batch.obs) >= buffer.capacity - 2 * 10 - 2 * 5  # ≤ 10 episodes per env
    for k in range(len(batch.obs)):
        key = (batch.next_obs[k, -1].tobytes(), batch.obs[k].tobytes())
        assert np.array_equal(stored[key], batch.next_obs[k])


def test_one_transition_costs_one_frame_not_eight():
    capacity = 1000
    shared = AtariReplayBuffer(1, 1, capacity, 1)
    whole = ReplayBuffer(1, 1, capacity, 1)
    obs = np.zeros((1, 4, 84, 84), np.uint8)
    experience = make_experience(obs, [0], obs, [0.0], [False])
    shared.add(experience)
    whole.add(experience)
    assert shared.nbytes == capacity * AtariReplayBuffer.bytes_per_transition() == 7_081_000
    assert whole.nbytes == capacity * (2 * 4 * 84 * 84 + 8 + 4 + 4)
    assert whole.nbytes / shared.nbytes > 7.9


# ------------------------------------------------------------------------------ agent, CLI
def test_make_atari_agent_uses_the_2013_network_and_the_frame_sharing_buffer():
    config = preset("atari2013", capacity=500, learning_starts=40, device="cpu")
    obs_shape, num_actions = env_shapes(env_factory("ALE/Pong-v5"))
    agent = make_atari_agent(config, obs_shape, num_actions, num_envs=2)
    assert isinstance(agent.network, AtariQNet) and agent.network.num_actions == 6
    assert isinstance(agent.replay_buffer, AtariReplayBuffer)
    assert agent.replay_buffer.capacity == 500 and agent.replay_buffer.num_envs == 2
    assert isinstance(agent.optimizer, torch.optim.RMSprop)
    assert agent.target_network is None  # the 2013 paper has none

    with pytest.warns(UserWarning, match="--capacity"):  # 7 TB: more than any machine's RAM
        make_atari_agent(config.replace(capacity=10**9), obs_shape, num_actions)
    with pytest.raises(ValueError, match="atari2013"):
        make_atari_agent(preset("cartpole"), obs_shape, num_actions)
    with pytest.raises(ValueError, match="make_atari_env"):
        make_atari_agent(config, (4,), 2)


def test_the_config_decides_the_buffer_and_a_checkpoint_brings_it_back(tmp_path):
    config = preset("atari2013", capacity=500, learning_starts=40, device="cpu")
    assert config.replay_buffer == "frame_sharing"
    obs_shape, num_actions = env_shapes(env_factory("ALE/Pong-v5"))
    agent = make_agent(config, obs_shape, num_actions)  # no Atari-specific factory needed
    assert isinstance(agent.replay_buffer, AtariReplayBuffer)
    agent.save(tmp_path / "ckpt")
    loaded = DQN.load(tmp_path / "ckpt")
    assert isinstance(loaded.replay_buffer, AtariReplayBuffer)
    assert loaded.replay_buffer.stack_size == 4 and loaded.obs_shape == (4, 84, 84)
    uniform = make_agent(config.replace(replay_buffer="uniform"), obs_shape, num_actions)
    assert type(uniform.replay_buffer) is ReplayBuffer


def test_every_way_to_build_an_atari_env_preprocesses_it():
    assert is_atari("ALE/Pong-v5") and not is_atari("CartPole-v1")
    envs = make_vector_env("ALE/Pong-v5", 1)  # an id, not a factory
    try:
        assert envs.single_observation_space.shape == (4, 84, 84)
    finally:
        envs.close()


def test_no_module_decides_by_the_spelling_of_an_env_id():
    package = Path(make_agent.__code__.co_filename).parent
    for path in package.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert 'startswith("ALE' not in text and "startswith('ALE" not in text, path


def test_agent_learns_from_the_buffer_in_a_short_pong_run():
    from dqn_teach.training import train

    config = preset("atari2013", capacity=400, learning_starts=64, device="cpu")
    factory = env_factory("ALE/Pong-v5")
    agent = make_atari_agent(config, *env_shapes(factory))
    before = [p.detach().clone() for p in agent.network.parameters()]
    result = train(agent, factory, 120, eval_every=0, progress=False)
    assert result.env_steps == len(agent.replay_buffer) == 120
    assert agent.replay_buffer.num_written == 121  # one head frame: the reset stack
    assert agent.training_step == 120 - 64 + 1  # one gradient step per env step from step 64
    assert all(not torch.equal(a, b) for a, b in zip(before, agent.network.parameters(),
                                                     strict=True))
    # Rewards are in [-1, 1], so |Q| stays small early on; PyTorch's default RMSProp constants
    # sent it to the hundreds within these steps.
    with torch.no_grad():
        q_values = agent.network(agent.replay_buffer.sample().obs)
    assert q_values.abs().max() < 2.0


def read_scalars(logdir: Path, tag: str) -> list[tuple[int, float]]:
    from tensorboard.backend.event_processing.event_accumulator import EventAccumulator

    accumulator = EventAccumulator(str(logdir))
    accumulator.Reload()
    return [(event.step, event.value) for event in accumulator.Scalars(tag)]


def test_cli_atari_smoke_run_writes_checkpoints_and_tensorboard(tmp_path, capsys):
    from dqn_teach.cli import main

    logdir = tmp_path / "run"
    code = main([
        "train", "--preset", "atari2013", "--total-steps", "300", "--learning-starts", "100",
        "--capacity", "1000", "--eval-episodes", "1", "--device", "cpu", "--no-progress",
        "--logdir", str(logdir),
    ])  # in-process: tests/test_cli.py runs the real `python -m dqn_teach` subprocess
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "ALE/Pong-v5" in out  # the preset's env
    summary = json.loads(out.strip().splitlines()[-1])
    assert summary["env_steps"] == 300
    assert summary["best_eval_mean"] is not None and -21 <= summary["best_eval_mean"] <= 21

    assert list(logdir.glob("events.out.tfevents.*"))
    # Pong episodes outlast 300 steps, so the one scalar so far is the evaluation at step 300
    [(step, value)] = read_scalars(logdir, "Evaluation Return")
    assert step == 300 and value == pytest.approx(summary["best_eval_mean"])
    for name in ("best", "last"):
        checkpoint = logdir / "checkpoints" / name
        assert (checkpoint / "config.json").is_file() and (checkpoint / "weights.pt").is_file()
    agent = DQN.load(logdir / "checkpoints" / "last")
    assert isinstance(agent.network, AtariQNet)
    assert isinstance(agent.replay_buffer, AtariReplayBuffer)  # not the 8x larger uniform one
    assert agent.global_time_step == 300
    assert agent.metadata["env_id"] == "ALE/Pong-v5"



def test_an_atari_run_is_saved_without_its_emulator_and_resumes_with_new_episodes(tmp_path):
    from dqn_teach.training import train

    config = preset("atari2013", capacity=300, batch_size=8, learning_starts=20, device="cpu")
    agent = make_agent(config, *env_shapes(env_factory("ALE/Pong-v5")))
    train(agent, "ALE/Pong-v5", 40, eval_every=0, progress=False, checkpoint_dir=tmp_path)
    assert agent.training_step == 40 - 20 + 1
    resumed = DQN.load(tmp_path / "last", resume=True)
    assert resumed.run_state["envs"] is None  # pickling ALE restarts the emulator: not saved
    assert len(resumed.replay_buffer) == 0  # the replay memory is left out by default ...
    assert resumed.learning_starts_at == 40 + 20  # ... so it refills before learning again
    result = train(resumed, "ALE/Pong-v5", 80, eval_every=0, progress=False)
    assert result.env_steps == 80 and len(resumed.replay_buffer) == 40
    assert resumed.training_step == 2 * (40 - 20 + 1)
