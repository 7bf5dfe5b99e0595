import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from dqn_teach.experience import Experience, make_experience
from dqn_teach.replay_buffer import ExperienceBatch, ReplayBuffer, mirror_half
from tests.conftest import transition


def stored_rewards(buffer: ReplayBuffer) -> list[float]:
    """Rewards in ring order, oldest first."""
    rewards = buffer._storage["reward"][:, 0]
    if len(buffer) < buffer.capacity:
        return rewards[: len(buffer)].tolist()
    return np.roll(rewards, -buffer.next_idx).tolist()


def test_ring_wraps_around_and_overwrites_oldest_first():
    buffer = ReplayBuffer(1, 1, capacity=4, num_envs=1)
    for step in range(6):
        buffer.add(transition(1, step))
    assert len(buffer) == 4
    assert buffer.next_idx == 2
    # slots hold steps 4, 5, 2, 3: the two oldest (0, 1) were overwritten in place
    assert buffer._storage["reward"][:, 0].tolist() == [40.0, 50.0, 20.0, 30.0]
    assert stored_rewards(buffer) == [20.0, 30.0, 40.0, 50.0]


def test_multi_env_add_keeps_env_order_and_wraps_mid_batch():
    buffer = ReplayBuffer(1, 1, capacity=5, num_envs=3)
    buffer.add(transition(3, 1))
    buffer.add(transition(3, 2))
    assert stored_rewards(buffer) == [11.0, 12.0, 20.0, 21.0, 22.0]
    buffer.add(transition(3, 3))
    assert stored_rewards(buffer) == [21.0, 22.0, 30.0, 31.0, 32.0]
    assert buffer.next_idx == 4


def test_store_mask_skips_rows():
    buffer = ReplayBuffer(1, 1, capacity=10, num_envs=3)
    buffer.add(transition(3, 1), store_mask=np.array([True, False, True]))
    assert stored_rewards(buffer) == [10.0, 12.0]
    assert buffer.n_step == 1


def test_samples_only_from_filled_slots():
    buffer = ReplayBuffer(1, 64, capacity=1000, num_envs=1, seed=0)
    for step in range(70):
        buffer.add(transition(1, step))
    seen = set()
    for _ in range(50):
        seen.update(buffer.sample().reward[:, 0].tolist())
    assert seen <= {10.0 * s for s in range(70)}
    assert len(seen) > 60  # uniform over all 70, not a fixed subset


def test_sample_returns_tensors_with_documented_shapes_and_dtypes():
    buffer = ReplayBuffer(1, 8, capacity=100, num_envs=2, seed=0)
    for step in range(10):
        buffer.add(transition(2, step))
    obs, action, next_obs, reward, terminated = buffer.sample()
    assert obs.shape == (8, 3) and obs.dtype == torch.float32
    assert action.shape == (8, 1) and action.dtype == torch.int64
    assert next_obs.shape == (8, 3)
    assert reward.shape == (8, 1) and reward.dtype == torch.float32
    assert terminated.shape == (8, 1) and terminated.dtype == torch.float32
    # rows stay aligned: next_obs = obs + 0.5 and reward = obs for every sampled row
    assert torch.equal(next_obs, obs + 0.5)
    assert torch.equal(reward[:, 0], obs[:, 0])


def test_can_sample_needs_data_and_training_freq_adds():
    buffer = ReplayBuffer(training_freq=3, sampled_batch_size=4, capacity=100, num_envs=1)
    for step in range(3):
        buffer.add(transition(1, step))
    assert not buffer.can_sample  # 3 adds but only 3 < 4 transitions
    buffer.add(transition(1, 3))
    assert buffer.can_sample
    buffer.sample()
    assert not buffer.can_sample  # sampling resets the add counter
    buffer.add(transition(1, 4))
    buffer.add(transition(1, 5))
    assert not buffer.can_sample
    buffer.add(transition(1, 6))
    assert buffer.can_sample


def test_same_seed_same_batches_and_batches_differ_between_calls():
    def batches(seed):
        buffer = ReplayBuffer(1, 16, capacity=100, num_envs=1, seed=seed)
        for step in range(50):
            buffer.add(transition(1, step))
        return [buffer.sample().reward for _ in range(3)]

    first, again = batches(7), batches(7)
    assert all(torch.equal(a, b) for a, b in zip(first, again, strict=True))
    assert not torch.equal(first[0], first[1])


def test_sampling_too_early_is_a_clear_error():
    buffer = ReplayBuffer(1, 32, capacity=100, num_envs=1)
    buffer.add(transition(1, 0))
    with pytest.raises(ValueError, match="holds only 1.*can_sample"):
        buffer.sample()


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda e: e._replace(obs=e.obs[0]), r"obs must have shape \(num_envs=2"),
        (lambda e: e._replace(next_obs=e.next_obs[:, :2]), "next_obs has shape"),
        (lambda e: e._replace(reward=e.reward[:, 0]), r"reward must have shape \(num_envs, 1\)"),
        (lambda e: e._replace(action=e.action.astype(np.float32)), "action must be an integer"),
        (lambda e: e._replace(terminated=e.terminated[:1]), "terminated must have shape"),
        (lambda e: tuple(e), "expects an Experience"),
    ],
)
def test_add_rejects_bad_experience(mutate, message):
    buffer = ReplayBuffer(1, 1, capacity=10, num_envs=2)
    with pytest.raises((ValueError, TypeError), match=message):
        buffer.add(mutate(transition(2, 0)))


def test_add_rejects_changed_obs_shape_and_dtype_and_float64():
    buffer = ReplayBuffer(1, 1, capacity=10, num_envs=1)
    buffer.add(transition(1, 0))
    with pytest.raises(ValueError, match="obs_shape changed"):
        buffer.add(transition(1, 1, obs_dim=4))
    wrong_dtype = transition(1, 1)._replace(
        obs=np.zeros((1, 3), np.float16), next_obs=np.zeros((1, 3), np.float16)
    )
    with pytest.raises(ValueError, match="obs dtype changed"):
        buffer.add(wrong_dtype)
    fresh = ReplayBuffer(1, 1, capacity=10, num_envs=1)
    as_float64 = transition(1, 0)._replace(obs=np.zeros((1, 3)), next_obs=np.zeros((1, 3)))
    with pytest.raises(ValueError, match="float64"):
        fresh.add(as_float64)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"capacity": 0}, "capacity must be a positive integer"),
        ({"num_envs": 0}, "num_envs must be a positive integer"),
        ({"training_freq": 1.5}, "training_freq must be a positive integer"),
        ({"sampled_batch_size": -1}, "sampled_batch_size must be a positive integer"),
        ({"capacity": 2, "num_envs": 3}, "capacity .* must be at least num_envs"),
    ],
)
def test_constructor_validates(kwargs, message):
    args = {"training_freq": 1, "sampled_batch_size": 1, "capacity": 10, "num_envs": 1} | kwargs
    with pytest.raises(ValueError, match=message):
        ReplayBuffer(**args)


def test_make_experience_shapes_and_dtypes():
    experience = make_experience(
        np.zeros((2, 4)),
        np.array([0, 1]),
        np.ones((2, 4)),
        np.array([1.0, 1.0]),
        np.array([True, False]),
    )
    assert experience.obs.dtype == np.float32 and experience.next_obs.dtype == np.float32
    assert experience.action.shape == (2, 1) and experience.action.dtype == np.int64
    assert experience.reward.shape == (2, 1) and experience.reward.dtype == np.float32
    assert experience.terminated.tolist() == [[1.0], [0.0]]


@settings(max_examples=60, deadline=None)
@given(
    capacity=st.integers(1, 12),
    num_envs=st.integers(1, 3),
    masks=st.lists(st.lists(st.booleans(), min_size=3, max_size=3), min_size=1, max_size=15),
)
def test_buffer_matches_a_plain_list_model(capacity, num_envs, masks):
    """Against a list that appends every stored row and keeps the last `capacity` of them."""
    if num_envs > capacity:
        num_envs = capacity
    buffer = ReplayBuffer(1, 1, capacity=capacity, num_envs=num_envs, seed=0)
    model: list[float] = []
    for step, mask in enumerate(masks):
        mask = np.array(mask[:num_envs])
        experience = transition(num_envs, step)
        buffer.add(experience, store_mask=mask)
        model.extend(experience.reward[mask, 0].tolist())
        model = model[-capacity:]
        assert len(buffer) == len(model)
        assert stored_rewards(buffer) == model
    if len(model) > 0:
        sampled = buffer.sample().reward[:, 0].tolist()
        assert set(sampled) <= set(model)


def test_experience_is_the_documented_namedtuple():
    assert Experience._fields == ("obs", "action", "next_obs", "reward", "terminated")


def test_mirror_half_negates_observations_and_reverses_actions_in_the_first_half_only():
    batch = ExperienceBatch(
        obs=torch.arange(12, dtype=torch.float32).reshape(4, 3),
        action=torch.tensor([[0], [2], [1], [2]]),
        next_obs=torch.arange(12, 24, dtype=torch.float32).reshape(4, 3),
        reward=torch.tensor([[1.0], [2.0], [3.0], [4.0]]),
        terminated=torch.tensor([[0.0], [1.0], [0.0], [1.0]]),
    )
    mirrored = mirror_half(tuple(batch), num_actions=3)  # a plain tuple works too
    assert torch.equal(mirrored.obs, torch.cat((-batch.obs[:2], batch.obs[2:])))
    assert torch.equal(mirrored.next_obs, torch.cat((-batch.next_obs[:2], batch.next_obs[2:])))
    assert mirrored.action.tolist() == [[2], [0], [1], [2]]  # a -> 2 - a in the first half
    assert torch.equal(mirrored.reward, batch.reward)
    assert torch.equal(mirrored.terminated, batch.terminated)
    assert [t.dtype for t in mirrored] == [t.dtype for t in batch]
