import math

import pytest
import torch

from dqn_teach.policy import EpsilonGreedyPolicy, LinearSchedule


@pytest.mark.parametrize("epsilon", [0.0, 0.1, 0.5, 1.0])
def test_probabilities_follow_the_seed_formula(epsilon):
    q_values = torch.tensor([[1.0, 3.0, 2.0, 0.0], [5.0, 1.0, 1.0, 1.0]])
    probs = EpsilonGreedyPolicy(epsilon).probabilities(q_values)
    n = 4
    greedy, other = 1 - epsilon + epsilon / n, epsilon / n
    expected = torch.tensor([[other, greedy, other, other], [greedy, other, other, other]])
    assert torch.allclose(probs, expected)
    assert torch.allclose(probs.sum(dim=1), torch.ones(2))


def test_sampled_frequencies_match_probabilities_within_statistical_bounds():
    policy = EpsilonGreedyPolicy(0.3, generator=torch.Generator().manual_seed(0))
    n_samples, q_values = 20_000, torch.tensor([[0.0, 1.0, 0.5]])
    actions = policy.sample(q_values.expand(n_samples, 3))
    assert actions.shape == (n_samples, 1) and actions.dtype == torch.int64
    freq = torch.bincount(actions[:, 0], minlength=3).double() / n_samples
    expected = torch.tensor([0.1, 0.8, 0.1], dtype=torch.float64)
    sigma = torch.sqrt(expected * (1 - expected) / n_samples)
    assert torch.all((freq - expected).abs() < 5 * sigma), (freq, expected)


def test_same_generator_seed_same_actions():
    q_values = torch.zeros(100, 4)
    a = EpsilonGreedyPolicy(0.5, torch.Generator().manual_seed(3)).sample(q_values)
    b = EpsilonGreedyPolicy(0.5, torch.Generator().manual_seed(3)).sample(q_values)
    assert torch.equal(a, b)


def test_epsilon_zero_is_greedy_and_ties_go_to_lowest_index():
    policy = EpsilonGreedyPolicy(0.0)
    assert policy.sample(torch.tensor([[1.0, 2.0, 2.0]])).item() == 1


@pytest.mark.parametrize("bad", [-0.1, 1.5, math.nan])
def test_epsilon_out_of_range_is_rejected(bad):
    with pytest.raises(ValueError, match="epsilon must be between 0 and 1"):
        EpsilonGreedyPolicy(bad)
    policy = EpsilonGreedyPolicy(0.5)
    with pytest.raises(ValueError, match="epsilon must be between 0 and 1"):
        policy.epsilon = bad


def test_q_values_must_be_two_dimensional():
    with pytest.raises(ValueError, match=r"\(num_envs, num_actions\).*unsqueeze\(0\)"):
        EpsilonGreedyPolicy(0.1).sample(torch.tensor([1.0, 2.0]))


def test_linear_schedule_interpolates_and_clips_both_sides():
    schedule = LinearSchedule(100, 200, 1.0, 0.1)
    assert schedule(0) == 1.0
    assert schedule(100) == 1.0
    assert schedule(150) == pytest.approx(0.55)
    assert schedule(200) == pytest.approx(0.1)
    assert schedule(10_000) == pytest.approx(0.1)
    rising = LinearSchedule(0, 10, 0.0, 1.0)
    assert rising(-5) == 0.0 and rising(5) == 0.5 and rising(50) == 1.0


def test_linear_schedule_needs_end_after_start():
    with pytest.raises(ValueError, match=r"end_t \(5\) must be greater than start_t \(5\)"):
        LinearSchedule(5, 5, 1.0, 0.0)


@pytest.mark.parametrize("epsilon", [0.0, 0.05, 0.5, 0.99, 1.0])
@pytest.mark.parametrize(("num_envs", "num_actions"), [(1, 2), (3, 2), (4, 6), (2, 1)])
def test_lazy_sampling_draws_what_sample_draws(epsilon, num_envs, num_actions):
    eager = EpsilonGreedyPolicy(epsilon, torch.Generator().manual_seed(5))
    lazy = EpsilonGreedyPolicy(epsilon, torch.Generator().manual_seed(5))
    values = torch.Generator().manual_seed(6)
    forward_passes = 0

    def compute_q_values():
        nonlocal forward_passes
        forward_passes += 1
        return q_values

    for step in range(400):
        q_values = torch.randn(num_envs, num_actions, generator=values)
        if step % 5 == 0:
            q_values[0] = 0.0  # a tie: both must pick the lowest index
        expected = eager.sample(q_values)
        actions = lazy.sample_lazily(compute_q_values, num_envs, num_actions)
        assert actions.dtype == torch.int64 and torch.equal(actions, expected), step
    # The same generator state after: every later draw stays the same too.
    assert torch.equal(lazy.generator.get_state(), eager.generator.get_state())
    if epsilon == 1.0 or num_actions == 1:
        assert forward_passes == 0  # the Q-values cannot change a uniformly random action
    elif epsilon == 0.0:
        assert forward_passes == 400  # greedy: every action needs them
    elif (epsilon, num_envs, num_actions) == (0.5, 1, 2):
        assert 120 < forward_passes < 280  # one env, two actions: a share 1 − ε of the steps
