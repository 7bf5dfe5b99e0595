"""benchmarks/step_profile.py times the parts of a training step without changing the run."""

import re

import pytest
import torch
from _benchmarks import load_benchmark

from dqn_teach.agent import make_agent
from dqn_teach.config import preset
from dqn_teach.envs import make_vector_env

ENV_ID = "CartPole-v1"
# Small batches so that learning starts within the short warm-up; epoch=2 so that gradient
# updates and training phases differ in number.
SMALL = {"batch_size": 32, "epoch": 2, "seed": 3}
# STEPS a multiple of every training_freq used (16 and 4): a whole number of training phases
WARMUP, STEPS = 150, 160


@pytest.fixture(scope="module")
def step_profile():
    return load_benchmark("step_profile")


def profiled(step_profile, config, steps=STEPS, warmup=WARMUP):
    agent = make_agent(config, (4,), 2)
    envs = make_vector_env(ENV_ID, agent.num_envs)
    try:
        return step_profile.profile_run(agent, envs, steps, warmup, config.seed), agent
    finally:
        envs.close()


def test_profiling_does_not_change_what_the_agent_learns(step_profile):
    # Every wrapper in use: n-step collector (multi_step=3) and mirror_augmentation included.
    config = preset("cartpole", mirror_augmentation=True, **SMALL)
    _, agent = profiled(step_profile, config)
    plain = make_agent(config, (4,), 2)
    envs = make_vector_env(ENV_ID, plain.num_envs)
    try:
        step_profile.train_run(plain, envs, WARMUP + STEPS, config.seed)
    finally:
        envs.close()
    assert agent.training_step == plain.training_step > 0
    for network, plain_network in ((agent.network, plain.network),
                                   (agent.target_network, plain.target_network)):
        for (name, weight), (_, plain_weight) in zip(
            network.state_dict().items(), plain_network.state_dict().items(), strict=True
        ):
            assert torch.equal(weight, plain_weight), name
    # The wrappers are gone afterwards: the instances use their classes' methods again.
    assert "select_action" not in vars(agent) and "add" not in vars(agent.replay_buffer)
    import dqn_teach.agent
    from dqn_teach.replay_buffer import mirror_half

    assert dqn_teach.agent.mirror_half is mirror_half


@pytest.mark.parametrize(
    "name, changes",
    [("cartpole", {"mirror_augmentation": True}),  # multi_step=3, mirrored half-batches
     ("cartpole-2013", {})],  # multi_step=1, no mirror
)
def test_the_report_adds_up_and_counts_the_updates_the_config_implies(step_profile, name,
                                                                      changes):
    config = preset(name, **changes, **SMALL)
    profile, _ = profiled(step_profile, config)
    assert profile.learning_started
    assert profile.env_steps == STEPS  # one env: every measured step is one transition
    assert STEPS % config.training_freq == 0
    assert profile.updates == STEPS // config.training_freq * config.epoch

    parts, update_parts = profile.parts_ns, profile.update_parts_ns
    assert all(ns >= 0 for ns in (*parts.values(), *update_parts.values()))
    assert sum(parts.values()) <= profile.total_ns and profile.rest_ns >= 0
    assert sum(update_parts.values()) == parts["training"]
    assert ("n-step collector" in parts) == (config.multi_step > 1)
    assert ("mirror" in update_parts) == config.mirror_augmentation

    calls = profile.calls
    assert calls["buffer add"] == STEPS  # the span is exactly the measured steps
    assert calls["acting"] == calls["env step"] >= STEPS  # plus the autoreset steps
    assert calls["training"] == STEPS // config.training_freq
    assert calls["sampling"] == calls["TD target"] == calls["TD loss"] == profile.updates
    if config.multi_step > 1:
        assert calls["n-step collector"] == STEPS
    if config.mirror_augmentation:
        assert calls["mirror"] == profile.updates

    table = profile.table()
    assert table.count("\n| ") == len(parts) + len(update_parts) + 2  # + rest and total rows
    assert ("mirror" in table) == config.mirror_augmentation


def test_every_part_is_the_clock_time_inside_its_own_calls(step_profile, monkeypatch):
    # A fake clock that moves only inside the pieces of a step, by a cost per call: each part
    # must then be exactly its calls times its cost, the derived parts included.
    import dqn_teach.agent
    from dqn_teach import training

    now = [0]
    monkeypatch.setattr(step_profile, "CLOCK", lambda: now[0])

    def costing(function, ns):
        def call(*args, **kwargs):
            now[0] += ns
            return function(*args, **kwargs)

        return call

    config = preset("cartpole", mirror_augmentation=True, **SMALL)
    agent = make_agent(config, (4,), 2)
    buffer = agent.replay_buffer
    envs = make_vector_env(ENV_ID, agent.num_envs)
    envs.step = costing(envs.step, 2)
    agent.select_action = costing(agent.select_action, 1)
    agent.n_step_collector.push = costing(agent.n_step_collector.push, 3)
    buffer.add = costing(buffer.add, 5)
    agent.train = costing(agent.train, 7)  # once per training phase, outside its updates
    buffer.sample = costing(buffer.sample, 11)
    monkeypatch.setattr(dqn_teach.agent, "mirror_half", costing(dqn_teach.agent.mirror_half, 13))
    agent.compute_td_target = costing(agent.compute_td_target, 17)
    agent.compute_td_loss = costing(agent.compute_td_loss, 19)  # outside the TD target
    monkeypatch.setattr(training, "make_experience", costing(training.make_experience, 23))
    try:
        profile = step_profile.profile_run(agent, envs, STEPS, WARMUP, config.seed)
    finally:
        envs.close()

    calls, updates, phases = profile.calls, profile.updates, profile.calls["training"]
    assert profile.parts_ns == {
        "acting": 1 * calls["acting"], "env step": 2 * calls["env step"],
        "n-step collector": 3 * STEPS, "buffer add": 5 * STEPS,
        "training": 7 * phases + (11 + 13 + 17 + 19) * updates,
    }
    assert profile.update_parts_ns == {
        "sampling": 11 * updates, "mirror": 13 * updates, "TD target": 17 * updates,
        "online forward + loss": 19 * updates, "backward + optimizer": 7 * phases,
    }
    assert profile.rest_ns == 23 * STEPS  # make_experience: once per measured env step
    assert profile.per_step_us(profile.parts_ns["buffer add"]) == 5 / 1e3
    assert profile.per_update_us(profile.update_parts_ns["TD target"]) == 17 / 1e3


def test_the_command_line_prints_the_table_and_the_seed_notebooks_cost(step_profile, capsys):
    assert step_profile.main(["--steps", "48", "--warmup", "300", "--seed-notebook",
                              "--set", "batch_size=64"]) == 0
    out = capsys.readouterr().out
    config = preset("cartpole")
    updates = 48 // config.training_freq * config.epoch  # 48: whole phases
    assert f"48 env steps measured after 300 warm-up steps, {updates} gradient updates" in out
    assert "| **total** |" in out and "| n-step collector |" in out
    # The ratio printed is dqn_teach's total per env step over the seed notebook's.
    ours = float(re.search(r"\| \*\*total\*\* \| \| \*\*([\d,.]+)\*\*", out)[1].replace(",", ""))
    theirs, ratio = re.search(
        r"The seed notebook's code .*: ([\d,.]+) CPU µs per env step; "
        r"dqn_teach / seed notebook = × ([\d.]+)\.", out).groups()
    assert float(ratio) == pytest.approx(ours / float(theirs.replace(",", "")), abs=0.01)


@pytest.mark.parametrize(
    "argv, message",
    [(["--steps", "0"], "--steps: must be at least 1, got 0"),
     (["--warmup", "-1"], "--warmup: must be at least 0, got -1"),
     (["--steps", "many"], "--steps: takes an integer"),
     (["--set", "nonsense=1"], "nonsense"),
     (["--set", "batch_size=0"], "batch_size"),
     (["--set", "seed=4"], "use --seed"),
     (["--preset", "atari2013", "--seed-notebook"], "--seed-notebook compares on CartPole-v1")],
)
def test_bad_arguments_stop_with_a_message_that_names_them(step_profile, capsys, argv, message):
    with pytest.raises(SystemExit) as stopped:
        step_profile.main(argv)
    assert stopped.value.code == 2
    assert message in capsys.readouterr().err
