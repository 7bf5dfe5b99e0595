import hashlib
import json
import os
from pathlib import Path

import numpy as np
import pytest
import torch
from torch import nn

from dqn_teach.agent import DQN, make_agent
from dqn_teach.checkpoint import CheckpointError
from dqn_teach.config import DQNConfig
from dqn_teach.experience import Experience, make_experience
from dqn_teach.policy import EpsilonGreedyPolicy

CONFIG = DQNConfig(
    training_freq=1,
    batch_size=2,
    capacity=100,
    epoch=1,
    epsilon_linear_decay=(0, 100, 1.0, 0.1),
    gamma=0.9,
)


def linear_net(weight) -> nn.Module:
    """Q(s) = W s with a known W: (batch, 2) -> (batch, 2)."""
    net = nn.Linear(2, 2, bias=False)
    with torch.no_grad():
        net.weight.copy_(torch.tensor(weight, dtype=torch.float32))
    return net


BATCH = dict(
    obs=torch.tensor([[1.0, 0.0], [0.0, 1.0]]),
    action=torch.tensor([[0], [1]]),
    next_obs=torch.tensor([[1.0, 2.0], [3.0, 1.0]]),
    reward=torch.tensor([[1.0], [0.5]]),
    terminated=torch.tensor([[0.0], [1.0]]),
)


def test_td_target_is_hand_computed_and_terminal_does_not_bootstrap():
    agent = DQN(CONFIG, linear_net([[1.0, 0.0], [0.0, 1.0]]))  # Q(s) = s
    target = agent.compute_td_target(BATCH["next_obs"], BATCH["reward"], BATCH["terminated"])
    # row 0: 1 + 0.9 * max(1, 2) = 2.8; row 1 is terminated: just the reward 0.5
    assert torch.allclose(target, torch.tensor([[2.8], [0.5]]))


def test_td_loss_is_mse_or_huber_of_hand_computed_errors():
    agent = DQN(CONFIG, linear_net([[1.0, 0.0], [0.0, 1.0]]))
    # Q(s, a): row 0 -> Q([1,0])[0] = 1, row 1 -> Q([0,1])[1] = 1; targets 2.8 and 0.5
    loss = agent.compute_td_loss(**BATCH)
    assert loss.item() == pytest.approx((1.8**2 + 0.5**2) / 2)
    huber = DQN(CONFIG.replace(loss="huber"), linear_net([[1.0, 0.0], [0.0, 1.0]]))
    assert huber.compute_td_loss(**BATCH).item() == pytest.approx(((1.8 - 0.5) + 0.5 * 0.5**2) / 2)


def test_truncated_transition_bootstraps_through_make_experience():
    # A time-limit truncation: terminated False, truncated True -> stored terminated = 0
    experience = make_experience(np.zeros((1, 2)), [0], np.ones((1, 2)), [1.0], [False])
    assert experience.terminated.item() == 0.0
    agent = DQN(CONFIG, linear_net([[1.0, 0.0], [0.0, 1.0]]))
    target = agent.compute_td_target(
        torch.from_numpy(experience.next_obs),
        torch.from_numpy(experience.reward),
        torch.from_numpy(experience.terminated),
    )
    assert target.item() == pytest.approx(1.0 + 0.9 * 1.0)


def test_broadcast_bug_is_caught():
    agent = DQN(CONFIG, linear_net([[1.0, 0.0], [0.0, 1.0]]))
    with pytest.raises(ValueError, match=r"reward and terminated must be \(batch, 1\)"):
        agent.compute_td_loss(**(BATCH | {"reward": BATCH["reward"][:, 0]}))


def test_no_gradient_reaches_the_target_network():
    config = CONFIG.replace(target_update_period=10)
    agent = DQN(config, linear_net([[1.0, 2.0], [3.0, 4.0]]))
    agent.compute_td_loss(**BATCH).backward()
    assert all(p.grad is None for p in agent.target_network.parameters())
    assert all(p.grad is not None for p in agent.network.parameters())
    # also without a target network (2013): the target part carries no gradient
    agent_2013 = DQN(CONFIG, linear_net([[1.0, 2.0], [3.0, 4.0]]))
    target = agent_2013.compute_td_target(BATCH["next_obs"], BATCH["reward"], BATCH["terminated"])
    assert not target.requires_grad


def test_double_dqn_selects_with_online_and_evaluates_with_target():
    config = CONFIG.replace(target_update_period=1000, double_dqn=True)
    online = linear_net([[1.0, 0.0], [0.0, 1.0]])  # prefers action 1 for next_obs [1, 2]
    agent = DQN(config, online)
    with torch.no_grad():
        agent.target_network.weight.copy_(torch.tensor([[5.0, 0.0], [0.0, 0.1]]))
    next_obs = torch.tensor([[1.0, 2.0]])
    target = agent.compute_td_target(next_obs, torch.tensor([[0.0]]), torch.tensor([[0.0]]))
    # online argmax = action 1; target evaluates it: 0.1 * 2 = 0.2 (vanilla would take max = 5)
    assert target.item() == pytest.approx(0.9 * 0.2)
    vanilla = DQN(config.replace(double_dqn=False), linear_net([[1.0, 0.0], [0.0, 1.0]]))
    vanilla.target_network.load_state_dict(agent.target_network.state_dict())
    vanilla_target = vanilla.compute_td_target(
        next_obs, torch.tensor([[0.0]]), torch.tensor([[0.0]])
    )
    assert vanilla_target.item() == pytest.approx(0.9 * 5.0)


def test_target_network_syncs_every_period_gradient_steps():
    config = CONFIG.replace(target_update_period=3, batch_size=1, learning_rate=0.1)
    agent = make_agent(config, (2,), 2)
    exp = make_experience(
        np.ones((1, 2), np.float32), [1], np.ones((1, 2), np.float32), [1.0], [False]
    )
    for _ in range(2):
        agent.update(exp)
    assert agent.training_step == 2
    differs = any(
        not torch.equal(a, b)
        for a, b in zip(agent.network.parameters(), agent.target_network.parameters(), strict=True)
    )
    assert differs
    agent.update(exp)
    assert agent.training_step == 3
    assert all(
        torch.equal(a, b)
        for a, b in zip(agent.network.parameters(), agent.target_network.parameters(), strict=True)
    )


def test_update_trains_only_when_buffer_allows_and_after_learning_starts():
    config = CONFIG.replace(training_freq=2, batch_size=2, epoch=3, learning_starts=4)
    agent = make_agent(config, (2,), 2)
    exp = make_experience(
        np.ones((1, 2), np.float32), [0], np.ones((1, 2), np.float32), [1.0], [False]
    )
    steps = []
    for _ in range(8):
        agent.update(exp)
        steps.append(agent.training_step)
    # learning starts at global step 4; then every 2 adds -> 3 gradient steps
    assert steps == [0, 0, 0, 3, 3, 6, 6, 9]


def test_epsilon_follows_the_schedule_and_log_data_resets_loss():
    agent = make_agent(CONFIG, (2,), 2)
    assert agent.policy.epsilon == 1.0
    exp = make_experience(
        np.ones((1, 2), np.float32), [0], np.ones((1, 2), np.float32), [1.0], [False]
    )
    for _ in range(50):
        agent.update(exp)
    assert agent.policy.epsilon == pytest.approx(1.0 - 0.9 * 50 / 100)
    data = agent.log_data
    assert data["Epsilon"] == (agent.policy.epsilon, 50)
    assert data["TD Loss"][1] == agent.training_step and data["TD Loss"][0] >= 0
    assert "TD Loss" not in agent.log_data


def test_learning_rate_falls_linearly_to_its_end_value_and_is_logged():
    agent = make_agent(CONFIG.replace(learning_rate=1e-3, learning_rate_decay=(40, 1e-4)), (2,), 2)
    exp = make_experience(
        np.ones((1, 2), np.float32), [0], np.ones((1, 2), np.float32), [1.0], [False]
    )
    rates = []
    for _ in range(60):
        agent.update(exp)
        rates.append(agent.optimizer.param_groups[0]["lr"])
    assert rates[19] == pytest.approx(1e-3 - 0.9e-3 * 20 / 40)  # after 20 steps: halfway
    assert rates[39:] == [pytest.approx(1e-4)] * 21  # from step 40 on: the end value
    assert agent.log_data["Learning Rate"] == (pytest.approx(1e-4), 60)
    assert "Learning Rate" not in make_agent(CONFIG, (2,), 2).log_data  # constant: not logged


def test_layer_norm_normalises_every_hidden_layer_and_survives_a_checkpoint(tmp_path):
    agent = make_agent(CONFIG.replace(layer_norm=True, hidden_sizes=(16, 8)), (4,), 2)
    norms = [m for m in agent.network.modules() if isinstance(m, nn.LayerNorm)]
    assert [norm.normalized_shape for norm in norms] == [(16,), (8,)]
    agent.save(tmp_path / "ckpt")
    loaded = DQN.load(tmp_path / "ckpt")
    obs = torch.randn(5, 4)
    assert torch.equal(agent.network(obs), loaded.network(obs))
    # Whatever the input's size, the last hidden layer's output is normalised, so Q stays finite
    # and bounded by the last layer's weights.
    huge = agent.network(obs * 1e6)
    last = agent.network.layers[-1]
    bound = last.weight.abs().sum(dim=1).max() * 8 ** 0.5 + last.bias.abs().max()
    assert huge.abs().max() <= bound


def test_select_action_shapes_and_greedy_action():
    agent = DQN(
        CONFIG.replace(epsilon_linear_decay=(0, 10, 0.0, 0.0)), linear_net([[1.0, 0.0], [0.0, 1.0]])
    )
    obs = np.array([[2.0, 1.0], [0.0, 3.0]], dtype=np.float32)
    assert agent.select_action(obs).tolist() == [[0], [1]]
    assert agent.greedy_action(obs).dtype == np.int64


@pytest.mark.parametrize("epsilon", [0.0, 0.3, 1.0])
def test_select_action_samples_like_the_policy_and_skips_the_network_when_it_cannot_matter(
    epsilon,
):
    config = CONFIG.replace(epsilon_linear_decay=(0, 10, epsilon, epsilon), seed=2)
    with_num_actions = make_agent(config, (2,), 2, num_envs=3)  # MLPQNet: the lazy path
    without = DQN(config, nn.Sequential(*with_num_actions.network.layers), num_envs=3)
    policy = EpsilonGreedyPolicy(epsilon, torch.Generator().manual_seed(2))
    forward_passes = []
    with_num_actions.network.register_forward_hook(lambda *_: forward_passes.append(1))
    for step_obs in np.random.default_rng(0).normal(size=(50, 3, 2)).astype(np.float32):
        expected = policy.sample(without.q_values(step_obs)).numpy()
        assert np.array_equal(without.select_action(step_obs), expected)
        assert np.array_equal(with_num_actions.select_action(step_obs), expected)
    assert (len(forward_passes) == 0) == (epsilon == 1.0)


def test_save_load_round_trip_is_exact(tmp_path):
    config = CONFIG.replace(target_update_period=5, hidden_sizes=(8, 8))
    agent = make_agent(config, (4,), 2)
    agent.metadata["env_id"] = "CartPole-v1"
    agent.save(tmp_path / "ckpt")
    loaded = DQN.load(tmp_path / "ckpt")
    assert loaded.config == config
    assert loaded.metadata["env_id"] == "CartPole-v1"
    for a, b in zip(
        agent.network.state_dict().values(), loaded.network.state_dict().values(), strict=True
    ):
        assert torch.equal(a, b)
    obs = np.random.default_rng(0).normal(size=(5, 4)).astype(np.float32)
    assert np.array_equal(agent.greedy_action(obs), loaded.greedy_action(obs))


def test_load_rejects_non_checkpoints_and_custom_networks_need_the_network(tmp_path):
    with pytest.raises(FileNotFoundError, match="is not a dqn_teach checkpoint"):
        DQN.load(tmp_path)
    agent = DQN(CONFIG, linear_net([[1.0, 0.0], [0.0, 1.0]]))
    agent.save(tmp_path / "custom")
    with pytest.raises(ValueError, match=r"pass it: DQN.load\(path, network=...\)"):
        DQN.load(tmp_path / "custom")
    loaded = DQN.load(tmp_path / "custom", network=nn.Linear(2, 2, bias=False))
    assert torch.equal(loaded.network.weight, agent.network.weight)


def test_weights_file_is_loaded_without_unpickling_code(tmp_path):
    agent = make_agent(CONFIG, (2,), 2)
    agent.save(tmp_path / "ckpt")

    class Evil:
        def __reduce__(self):
            return (print, ("pwned",))

    weights = tmp_path / "ckpt" / "weights.pt"
    torch.save({"layers.0.weight": Evil()}, weights)
    with pytest.raises(CheckpointError, match="weights.pt is truncated or corrupt"):
        DQN.load(tmp_path / "ckpt")  # the checksum in config.json no longer matches
    # a crafted checkpoint whose checksum matches still does not run code
    document = json.loads((tmp_path / "ckpt" / "config.json").read_text())
    data = weights.read_bytes()
    document["files"]["weights.pt"] = {"bytes": len(data),
                                       "sha256": hashlib.sha256(data).hexdigest()}
    (tmp_path / "ckpt" / "config.json").write_text(json.dumps(document))
    with pytest.raises(CheckpointError, match="(?i)weights_only|unsupported global"):
        DQN.load(tmp_path / "ckpt")


def saved_steps(path) -> int:
    return DQN.load(path).global_time_step


def test_a_save_killed_midway_leaves_the_previous_checkpoint_loadable(tmp_path, monkeypatch):
    agent = make_agent(CONFIG, (2,), 2)
    agent.global_time_step = 100
    agent.save(tmp_path / "last")
    agent.global_time_step = 200
    real_save = torch.save

    def killed_while_writing(obj, file, *args, **kwargs):  # half a file, then the process dies
        real_save(obj, file, *args, **kwargs)
        Path(file).write_bytes(Path(file).read_bytes()[:50])
        raise KeyboardInterrupt

    monkeypatch.setattr(torch, "save", killed_while_writing)
    with pytest.raises(KeyboardInterrupt):
        agent.save(tmp_path / "last")
    monkeypatch.setattr(torch, "save", real_save)
    assert saved_steps(tmp_path / "last") == 100

    # killed between the two renames that swap the new checkpoint in
    real_replace, calls = os.replace, []

    def killed_after_first_rename(src, dst):
        calls.append(dst)
        if len(calls) == 2:
            raise KeyboardInterrupt
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", killed_after_first_rename)
    with pytest.raises(KeyboardInterrupt):
        agent.save(tmp_path / "last")
    monkeypatch.setattr(os, "replace", real_replace)
    assert not (tmp_path / "last").exists()  # the previous one waits beside it ...
    assert saved_steps(tmp_path / "last") == 100  # ... and load puts it back
    agent.save(tmp_path / "last")
    assert saved_steps(tmp_path / "last") == 200
    assert sorted(p.name for p in tmp_path.iterdir()) == ["last"]  # no leftovers


@pytest.mark.parametrize("victim", ["weights.pt", "state.pt", "config.json"])
def test_a_truncated_checkpoint_is_refused_naming_the_file(tmp_path, victim):
    make_agent(CONFIG, (2,), 2).save(tmp_path / "ckpt")
    file = tmp_path / "ckpt" / victim
    file.write_bytes(file.read_bytes()[: len(file.read_bytes()) // 2])
    with pytest.raises(CheckpointError, match="truncated or corrupt") as error:
        DQN.load(tmp_path / "ckpt", resume=True)
    assert str(file) in str(error.value) and "\n" not in str(error.value)


def test_load_rebuilds_the_replay_buffer_and_learner_state_the_config_names(tmp_path):
    config = CONFIG.replace(target_update_period=3)
    agent = make_agent(config, (2,), 2)
    for step in range(12):
        agent.update(Experience(np.full((1, 2), step, np.float32), np.array([[step % 2]]),
                                np.full((1, 2), step + 1, np.float32),
                                np.ones((1, 1), np.float32), np.zeros((1, 1), np.float32)))
    agent.save(tmp_path / "ckpt", include_replay=True)
    weights_only = DQN.load(tmp_path / "ckpt")
    assert len(weights_only.replay_buffer) == 0 and weights_only.run_state is None
    resumed = DQN.load(tmp_path / "ckpt", resume=True)
    assert len(resumed.replay_buffer) == len(agent.replay_buffer) > 0
    for batch_a, batch_b in zip(agent.replay_buffer.sample(), resumed.replay_buffer.sample(),
                                strict=True):
        assert torch.equal(batch_a, batch_b)  # same contents, same sampling generator
    assert resumed.optimizer.state_dict()["state"][0]["step"] == agent.training_step
    for a, b in zip(agent.target_network.parameters(), resumed.target_network.parameters(),
                    strict=True):
        assert torch.equal(a, b)
    assert torch.equal(agent.policy.generator.get_state(), resumed.policy.generator.get_state())


def test_config_type_is_checked():
    with pytest.raises(TypeError, match="config must be a DQNConfig"):
        DQN({"gamma": 0.9}, linear_net([[1.0, 0.0], [0.0, 1.0]]))


def test_make_agent_rejects_images_for_mlp():
    with pytest.raises(ValueError, match="'mlp' network needs flat observations"):
        make_agent(CONFIG, (4, 84, 84), 6)


def test_mirror_augmentation_needs_a_network_that_knows_its_actions():
    with pytest.raises(ValueError, match="num_actions attribute .Linear has none"):
        DQN(CONFIG.replace(mirror_augmentation=True), nn.Linear(2, 2))


def fitted_on_the_mirror_side(mirror: bool) -> float:
    """Train on states with every variable > 0 only; return the mean error on their mirror images
    (negated states, reversed actions), where a symmetric environment gives the same values."""
    config = CONFIG.replace(batch_size=64, capacity=512, hidden_sizes=(32,), learning_rate=1e-2,
                            mirror_augmentation=mirror)
    agent = make_agent(config, (4,), 2)
    rng = np.random.default_rng(0)
    obs = rng.uniform(0.5, 1.0, size=(512, 4)).astype(np.float32)
    action = rng.integers(0, 2, size=(512, 1))
    reward = np.where(action == 0, obs[:, :1], -obs[:, 1:2]).astype(np.float32)
    terminated = np.ones((512, 1), dtype=np.float32)  # target = reward: a regression
    for i in range(512):
        agent.replay_buffer.add(
            Experience(obs[i:i + 1], action[i:i + 1], obs[i:i + 1], reward[i:i + 1],
                       terminated[i:i + 1])
        )
    for _ in range(300):
        agent.train()
    q_mirror = agent.q_values(-obs).gather(1, torch.as_tensor(1 - action))
    return float((q_mirror - torch.as_tensor(reward)).abs().mean())


def test_mirror_augmentation_teaches_the_side_the_data_never_visited():
    assert fitted_on_the_mirror_side(True) < 0.05 < 0.5 < fitted_on_the_mirror_side(False)
