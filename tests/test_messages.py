"""Every learner-facing message of the package follows the language: Korean under set_lang("ko").

Each case feeds the package one bad input (or interrupts training, or runs the CLI) and returns
what the learner reads. The same case must give the Korean text of its message under
``set_lang("ko")`` and the English one under ``set_lang("en")`` and by default; the exception
class stays the same. A completeness test makes sure no message in dqn_teach.messages lacks a case.
"""

from __future__ import annotations

import contextlib
import functools
import io
import json
import re
import sys
import tempfile
import warnings
from collections.abc import Callable
from pathlib import Path
from unittest import mock

import gymnasium as gym
import numpy as np
import pytest
import torch

from dqn_teach import checkpoint, messages
from dqn_teach.agent import DQN, make_agent, make_network
from dqn_teach.atari import (
    AtariReplayBuffer,
    _warn_if_replay_exceeds_memory,
    frame_sharing_buffer,
    make_atari_agent,
    make_atari_env,
    register_atari_envs,
)
from dqn_teach.cli import main as cli_main
from dqn_teach.config import DQNConfig, cartpole_config, preset
from dqn_teach.envs import env_factory, env_shapes
from dqn_teach.experience import Experience
from dqn_teach.fonts import setup_fonts
from dqn_teach.i18n import check_lang, set_lang
from dqn_teach.networks import AtariQNet, network_from_spec
from dqn_teach.policy import EpsilonGreedyPolicy, LinearSchedule
from dqn_teach.replay_buffer import ReplayBuffer
from dqn_teach.runtime import use_threads
from dqn_teach.tabular import new_q_table, q_learning_update, run_episode
from dqn_teach.td import td_loss
from dqn_teach.training import make_vector_env, train
from dqn_teach.widgets.epsilon import epsilon_explorer
from dqn_teach.widgets.gamma import gamma_explorer

HANGUL = re.compile(r"[\uac00-\ud7a3]")


@pytest.fixture(autouse=True)
def default_language(monkeypatch):
    monkeypatch.delenv("DQN_TEACH_LANG", raising=False)
    set_lang(None)
    yield
    set_lang(None)


def error_of(action: Callable[[], object]) -> tuple[type, str]:
    try:
        action()
    except Exception as error:  # noqa: BLE001 - the type is part of what is checked
        return type(error), str(error)
    raise AssertionError("no error was raised")


def output_of(action: Callable[[], object]) -> tuple[type, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        action()
    return str, out.getvalue() + err.getvalue()


def warning_of(action: Callable[[], object]) -> tuple[type, str]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        action()
    assert caught, "no warning was given"
    return caught[0].category, str(caught[0].message)


def config(**changes):
    return lambda: cartpole_config().replace(**changes)


def transition(num_envs=1, obs=None, next_obs=None, action=None, reward=None, terminated=None):
    obs = np.zeros((num_envs, 4), np.float32) if obs is None else obs
    return Experience(
        obs,
        np.zeros((num_envs, 1), np.int64) if action is None else action,
        obs if next_obs is None else next_obs,
        np.zeros((num_envs, 1), np.float32) if reward is None else reward,
        np.zeros((num_envs, 1), bool) if terminated is None else terminated,
    )


def buffer_add(*experiences, capacity=10, store_mask=None):
    def run():
        buffer = ReplayBuffer(1, 2, capacity, 1)
        for experience in experiences:
            buffer.add(experience, store_mask=store_mask)

    return run


def frames(num_envs=1, stack=2, size=3, dtype=np.uint8):
    return np.zeros((num_envs, stack, size, size), dtype)


def atari_add(*experiences, capacity=100, stack_size=2):
    def run():
        buffer = AtariReplayBuffer(1, 2, capacity, 1, stack_size=stack_size)
        for experience in experiences:
            buffer.add(experience)

    return run


def unshifted_stack():
    next_obs = frames()
    next_obs[0, 0] = 1  # next_obs[:-1] != obs[1:]
    return transition(obs=frames(), next_obs=next_obs)


def no_sampleable_transitions():
    buffer = AtariReplayBuffer(1, 2, 100, 1, stack_size=2)
    for _ in range(3):
        buffer.add(transition(obs=frames()))
    never_valid = lambda self, slots: np.zeros(len(slots), bool)  # noqa: E731
    with mock.patch.object(AtariReplayBuffer, "_is_valid", never_valid):
        buffer.sample()


def without_ale_py():
    with mock.patch.dict(sys.modules, {"ale_py": None}):  # None makes the import fail
        register_atari_envs()


def frozen_lake():
    return gym.make("FrozenLake-v1")


def interrupt(result):
    raise KeyboardInterrupt


def same_step_envs():
    return gym.vector.SyncVectorEnv(
        [lambda: gym.make("CartPole-v1")], autoreset_mode=gym.vector.AutoresetMode.SAME_STEP
    )


def no_korean_font():
    with mock.patch("dqn_teach.fonts.find_korean_font", return_value=None):
        assert setup_fonts("ko") == "en"


def train_a_run() -> Path:
    """Checkpoints (best/, last/) of a new 20-step CLI CartPole run (a resume writes into it)."""
    logdir = Path(tempfile.mkdtemp(prefix="dqn-messages-"))
    with contextlib.redirect_stdout(io.StringIO()):
        code = cli_main(
            [
                "train",
                "--preset",
                "cartpole",
                "--total-steps",
                "20",
                "--eval-every",
                "20",
                "--eval-episodes",
                "1",
                "--no-progress",
                "--logdir",
                str(logdir),
            ]
        )
    assert code == 0
    return logdir / "checkpoints"


@functools.lru_cache(maxsize=1)
def trained_run() -> Path:
    """One such run for the cases that do not change it."""
    return train_a_run()


def cli(*argv):
    return lambda: cli_main(list(argv))


CASES: dict[str, Callable[[], tuple[type, str]]] = {
    "UNKNOWN_CONFIG_FIELDS": lambda: error_of(config(gama=0.9)),
    "UNKNOWN_SAVED_CONFIG_FIELDS": lambda: error_of(
        lambda: DQNConfig.from_dict({**cartpole_config().to_dict(), "gama": 0.9})
    ),
    "INTEGER_AT_LEAST_ONE": lambda: error_of(config(epoch=0)),
    "BATCH_LARGER_THAN_CAPACITY": lambda: error_of(config(batch_size=64, capacity=32)),
    "EPSILON_DECAY_FORM": lambda: error_of(config(epsilon_linear_decay=(0, 100, 1.0))),
    "EPSILON_DECAY_STEPS": lambda: error_of(config(epsilon_linear_decay=(100, 10, 1.0, 0.1))),
    "EPSILON_DECAY_PROBABILITY": lambda: error_of(config(epsilon_linear_decay=(0, 100, 1.5, 0.1))),
    "GAMMA_RANGE": lambda: error_of(config(gamma=1.0)),
    "LEARNING_RATE_POSITIVE": lambda: error_of(config(learning_rate=0.0)),
    "LEARNING_RATE_DECAY_FORM": lambda: error_of(config(learning_rate_decay=(20_000, 0.0))),
    "LEARNING_STARTS_RANGE": lambda: error_of(config(learning_starts=-1)),
    "TARGET_UPDATE_PERIOD_RANGE": lambda: error_of(config(target_update_period=0)),
    "LAYER_NORM_BOOL": lambda: error_of(config(layer_norm=1)),
    "LAYER_NORM_NEEDS_MLP": lambda: error_of(config(layer_norm=True, network="atari2013")),
    "MIRROR_AUGMENTATION_BOOL": lambda: error_of(config(mirror_augmentation=1)),
    "MIRROR_AUGMENTATION_NEEDS_MLP": lambda: error_of(
        config(mirror_augmentation=True, layer_norm=False, network="atari2013")
    ),
    "MIRROR_NEEDS_NUM_ACTIONS": lambda: error_of(
        lambda: DQN(cartpole_config().replace(mirror_augmentation=True), torch.nn.Linear(4, 2))
    ),
    "DOUBLE_DQN_BOOL": lambda: error_of(config(double_dqn="yes")),
    "DOUBLE_DQN_NEEDS_TARGET": lambda: error_of(config(double_dqn=True, target_update_period=None)),
    "MULTI_STEP_RANGE": lambda: error_of(config(multi_step=0)),
    "MULTI_STEP_NEEDS_UNIFORM": lambda: error_of(
        lambda: preset("atari2013", multi_step=3)
    ),
    "MULTI_STEP_NEEDS_TRUNCATED": lambda: error_of(
        lambda: make_agent(cartpole_config().replace(multi_step=3), (4,), 2).update(transition())
    ),
    "LOSS_CHOICE": lambda: error_of(config(loss="hubber")),
    "MAX_GRAD_NORM_RANGE": lambda: error_of(config(max_grad_norm=-1.0)),
    "OPTIMIZER_CHOICE": lambda: error_of(config(optimizer="sgd")),
    "NETWORK_CHOICE": lambda: error_of(config(network="cnn")),
    "REPLAY_BUFFER_CHOICE": lambda: error_of(config(replay_buffer="ring")),
    "UNKNOWN_ENV": lambda: error_of(lambda: env_factory("NoSuchEnv-v0")),
    "NEEDS_DISCRETE_ACTIONS": lambda: error_of(lambda: env_shapes(env_factory("Pendulum-v1"))),
    "CLI_RESUMING": lambda: output_of(
        cli(
            "train",
            "--resume",
            str(train_a_run() / "last"),
            "--total-steps",
            "40",
            "--no-progress",
        )
    ),
    "RESUME_DROP_FLAGS": lambda: output_of(
        cli("train", "--resume", str(trained_run() / "last"), "--total-steps", "40", "--seed", "3")
    ),
    "RESUME_NEEDS_TOTAL_STEPS": lambda: output_of(cli("train", "--resume", str(trained_run()))),
    "RESUME_NEEDS_LOOP_STATE": lambda: output_of(
        cli("train", "--resume", str(trained_run() / "best"), "--total-steps", "40")
    ),
    "RESUME_ALREADY_DONE": lambda: output_of(
        cli("train", "--resume", str(trained_run() / "last"), "--total-steps", "10")
    ),
    "HIDDEN_SIZES_FORM": lambda: error_of(config(hidden_sizes=())),
    "DEVICE_CHOICE": lambda: error_of(config(device="gpu")),
    "SEED_RANGE": lambda: error_of(config(seed=-1)),
    "UNKNOWN_PRESET": lambda: error_of(lambda: preset("cartpol")),
    "EPSILON_RANGE": lambda: error_of(lambda: EpsilonGreedyPolicy(1.5)),
    "Q_VALUES_SHAPE": lambda: error_of(lambda: EpsilonGreedyPolicy(0.1).sample(torch.zeros(2))),
    "SCHEDULE_END_BEFORE_START": lambda: error_of(lambda: LinearSchedule(10, 10, 1.0, 0.1)),
    "POSITIVE_INTEGER": lambda: error_of(lambda: ReplayBuffer(0, 2, 10, 1)),
    "CAPACITY_BELOW_NUM_ENVS": lambda: error_of(lambda: ReplayBuffer(1, 1, 2, 4)),
    "STORE_MASK_SHAPE": lambda: error_of(buffer_add(transition(), store_mask=np.ones(3, bool))),
    "CANNOT_SAMPLE": lambda: error_of(lambda: ReplayBuffer(1, 2, 10, 1).sample()),
    "ADD_NEEDS_EXPERIENCE": lambda: error_of(buffer_add((1, 2, 3, 4, 5))),
    "OBS_SHAPE": lambda: error_of(buffer_add(transition(obs=np.zeros(4, np.float32)))),
    "NEXT_OBS_SHAPE": lambda: error_of(
        buffer_add(transition(next_obs=np.zeros((1, 5), np.float32)))
    ),
    "COLUMN_SHAPE": lambda: error_of(buffer_add(transition(reward=np.zeros(1, np.float32)))),
    "ACTION_DTYPE": lambda: error_of(buffer_add(transition(action=np.zeros((1, 1))))),
    "OBS_SHAPE_CHANGED": lambda: error_of(
        buffer_add(transition(), transition(obs=np.zeros((1, 5), np.float32)))
    ),
    "OBS_DTYPE_CHANGED": lambda: error_of(
        buffer_add(transition(), transition(obs=np.zeros((1, 4), np.float16)))
    ),
    "OBS_FLOAT64": lambda: error_of(buffer_add(transition(obs=np.zeros((1, 4))))),
    "NEEDS_NEXT_STEP_AUTORESET": lambda: error_of(
        lambda: train(make_agent(cartpole_config(), (4,), 2), same_step_envs(), 10)
    ),
    "NUM_ENVS_AT_LEAST_ONE": lambda: error_of(lambda: make_vector_env("CartPole-v1", 0)),
    "TOTAL_STEPS_AT_LEAST_ONE": lambda: error_of(
        lambda: train(make_agent(cartpole_config(), (4,), 2), "CartPole-v1", 0)
    ),
    "MIRROR_AUGMENTATION_NEEDS_CARTPOLE": lambda: error_of(
        lambda: train(make_agent(cartpole_config(), (6,), 3), "Acrobot-v1", 10)
    ),
    "NUM_ENVS_MISMATCH": lambda: error_of(
        lambda: train(make_agent(cartpole_config(), (4,), 2), make_vector_env("CartPole-v1", 2), 10)
    ),
    "TRAINING_INTERRUPTED": lambda: output_of(
        lambda: train(
            make_agent(cartpole_config(), (4,), 2),
            "CartPole-v1",
            50,
            callbacks=[interrupt],
            eval_every=10,
            eval_episodes=1,
            progress=False,
        )
    ),
    "CONFIG_TYPE": lambda: error_of(lambda: DQN({"gamma": 0.9}, torch.nn.Linear(4, 2))),
    "TD_TARGET_SHAPE": lambda: error_of(lambda: td_loss(torch.zeros(3, 1), torch.zeros(3))),
    "NOT_A_CHECKPOINT": lambda: error_of(lambda: DQN.load(Path("no-such-checkpoint"))),
    "CHECKPOINT_NEEDS_NETWORK": None,  # filled in by the test: needs a tmp_path
    "CHECKPOINT_CONFIG_CORRUPT": None,
    "CHECKPOINT_FILE_MISSING": None,
    "CHECKPOINT_FILE_CORRUPT": None,
    "WEIGHTS_DO_NOT_FIT": None,
    "UNKNOWN_NETWORK_CLASS": lambda: error_of(
        lambda: network_from_spec({"class": "ResNet", "kwargs": {}})
    ),
    "ATARI_FRAMES_SHAPE": lambda: error_of(lambda: AtariQNet(6)(torch.zeros(1, 3, 84, 84))),
    "NUM_THREADS_RANGE": lambda: error_of(lambda: use_threads(0)),
    "MLP_NEEDS_FLAT_OBS": lambda: error_of(lambda: make_network(cartpole_config(), (4, 84, 84), 2)),
    "NO_KOREAN_FONT": lambda: output_of(no_korean_font),
    "SET_NEEDS_FIELD_VALUE": lambda: output_of(cli("train", "--set", "gamma")),
    "CHECKPOINT_WITHOUT_ENV": None,  # needs a tmp_path
    "CLI_ERROR": lambda: output_of(cli("train", "--preset", "cartpole", "--set", "gamma=1.0")),
    "CLI_TRAINING": None,  # needs a tmp_path
    "LANG_CHOICE": lambda: error_of(lambda: check_lang("jp")),
    "ATARI_NEEDS_ALE_PY": lambda: error_of(without_ale_py),
    "ATARI_ENV_ID": lambda: error_of(lambda: make_atari_env("CartPole-v1")),
    "ATARI_CAPACITY_TOO_SMALL": lambda: error_of(
        lambda: AtariReplayBuffer(1, 2, 4, 1, stack_size=2)
    ),
    "FRAME_STACK_NOT_SHIFTED": lambda: error_of(atari_add(unshifted_stack())),
    "ATARI_SLOTS_INVALID": lambda: error_of(
        lambda: AtariReplayBuffer(1, 2, 100, 1, stack_size=2).transitions(np.array([0]))
    ),
    "TOO_FEW_SAMPLEABLE": lambda: error_of(no_sampleable_transitions),
    "ATARI_OBS_SHAPE": lambda: error_of(atari_add(transition(obs=frames(stack=3)))),
    "ATARI_FRAMES_DTYPE": lambda: error_of(
        atari_add(transition(obs=frames(dtype=np.float32)))
    ),
    "FRAME_SHAPE_CHANGED": lambda: error_of(
        atari_add(transition(obs=frames()), transition(obs=frames(size=4)))
    ),
    "ATARI_NEEDS_ATARI_NETWORK": lambda: error_of(
        lambda: make_atari_agent(cartpole_config(), (4, 84, 84), 6)
    ),
    "FRAME_SHARING_NEEDS_OBS_SHAPE": lambda: error_of(
        lambda: frame_sharing_buffer(preset("atari2013"), 1, None)
    ),
    "ATARI_OBS_SHAPE_2013": lambda: error_of(
        lambda: frame_sharing_buffer(preset("atari2013"), 1, (4, 80, 80))
    ),
    "REPLAY_EXCEEDS_MEMORY": lambda: warning_of(
        lambda: _warn_if_replay_exceeds_memory(10**9, (84, 84))  # 7 TB
    ),
    "CHECKPOINT_NOT_TENSORS": None,  # needs a tmp_path
    "CHECKPOINT_UNREADABLE": None,
    "CHECKPOINT_NOT_RESUMABLE": None,
    "ALPHA_RANGE": lambda: error_of(
        lambda: q_learning_update(np.zeros((2, 2)), 0, 0, 1.0, 1, False, alpha=0.0, gamma=0.9)
    ),
    "TABULAR_GAMMA_RANGE": lambda: error_of(
        lambda: q_learning_update(np.zeros((2, 2)), 0, 0, 1.0, 1, False, alpha=0.1, gamma=1.5)
    ),
    "Q_TABLE_NEEDS_DISCRETE": lambda: error_of(lambda: new_q_table(gym.make("CartPole-v1"))),
    "ALGORITHM_CHOICE": lambda: error_of(
        lambda: run_episode(frozen_lake(), np.zeros((16, 4)), np.random.default_rng(0), "td")
    ),
    "WIDGET_Q_VALUES": lambda: error_of(lambda: epsilon_explorer(q_values=[1.0])),
    "WIDGET_GAMMA_RANGE": lambda: error_of(lambda: gamma_explorer(gamma=1.0)),
}


def saved_agent(tmp_path: Path, custom_network: bool = False, env_id: str | None = None) -> Path:
    agent = make_agent(cartpole_config(), (4,), 2)
    if custom_network:
        # A bare Sequential has no num_actions, which mirror images need: switch them off.
        config = cartpole_config().replace(mirror_augmentation=False)
        agent = DQN(config, torch.nn.Sequential(torch.nn.Linear(4, 2)))
    if env_id:
        agent.metadata["env_id"] = env_id
    agent.save(tmp_path / "agent")
    return tmp_path / "agent"


def run_case(name: str, tmp_path: Path) -> tuple[type, str]:
    if name == "CHECKPOINT_NEEDS_NETWORK":
        path = saved_agent(tmp_path, custom_network=True)
        return error_of(lambda: DQN.load(path))
    if name == "CHECKPOINT_CONFIG_CORRUPT":
        path = saved_agent(tmp_path)
        (path / "config.json").write_text("{not json", encoding="utf-8")
        return error_of(lambda: DQN.load(path))
    if name == "CHECKPOINT_FILE_MISSING":
        path = saved_agent(tmp_path)
        (path / "state.pt").unlink()
        return error_of(lambda: DQN.load(path))
    if name == "CHECKPOINT_FILE_CORRUPT":
        path = saved_agent(tmp_path)
        with open(path / "weights.pt", "ab") as weights:
            weights.write(b"garbage")
        return error_of(lambda: DQN.load(path))
    if name == "WEIGHTS_DO_NOT_FIT":
        path = saved_agent(tmp_path)
        return error_of(lambda: DQN.load(path, network=torch.nn.Sequential(torch.nn.Linear(4, 3))))
    if name == "CHECKPOINT_WITHOUT_ENV":
        path = saved_agent(tmp_path)
        return output_of(cli("evaluate", str(path), "--episodes", "1"))
    if name == "CHECKPOINT_NOT_TENSORS":
        tmp_path.mkdir(parents=True)
        torch.save({"schedule": functools.partial(print)}, tmp_path / "state.pt")
        return error_of(lambda: checkpoint.read_file(tmp_path, "state.pt"))
    if name == "CHECKPOINT_UNREADABLE":
        tmp_path.mkdir(parents=True)
        (tmp_path / "state.pt").write_bytes(b"")
        return error_of(lambda: checkpoint.read_file(tmp_path, "state.pt"))
    if name == "CHECKPOINT_NOT_RESUMABLE":
        path = saved_agent(tmp_path)
        document = json.loads((path / "config.json").read_text(encoding="utf-8"))
        del document["files"]["state.pt"]  # as if only the weights had been saved
        (path / "config.json").write_text(json.dumps(document), encoding="utf-8")
        return error_of(lambda: DQN.load(path, resume=True))
    if name == "CLI_TRAINING":
        logdir = tmp_path / "run"
        return output_of(
            cli(
                "train",
                "--preset",
                "cartpole",
                "--total-steps",
                "20",
                "--no-progress",
                "--logdir",
                str(logdir),
            )
        )
    return CASES[name]()


def matches(template: str, text: str) -> bool:
    """Does ``text`` contain ``template`` with its {placeholders} filled in somehow?"""
    parts = re.split(r"\{[^{}]*\}", template.replace("{{", "\0").replace("}}", "\1"))
    pattern = ".*?".join(re.escape(p).replace("\0", "\\{").replace("\1", "\\}") for p in parts)
    return re.search(pattern, text, re.S) is not None


def test_every_message_has_a_case():
    assert set(CASES) == set(messages.all_messages())


def test_the_template_matcher_tells_messages_apart():
    assert matches(messages.GAMMA_RANGE.en, str(messages.GAMMA_RANGE.format(gamma=1.0)("en")))
    assert not matches(messages.GAMMA_RANGE.ko, str(messages.GAMMA_RANGE.format(gamma=1.0)("en")))
    assert not matches(messages.SEED_RANGE.en, str(messages.GAMMA_RANGE.format(gamma=1.0)("en")))


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_message_follows_the_language(name, tmp_path):
    message = messages.all_messages()[name]
    assert HANGUL.search(message.ko) and not HANGUL.search(message.en)

    english_type, english = run_case(name, tmp_path / "default")
    assert matches(message.en, english), english

    set_lang("ko")
    korean_type, korean = run_case(name, tmp_path / "ko")
    assert matches(message.ko, korean), korean
    assert korean_type is english_type  # the exception class does not change

    set_lang("en")
    assert matches(message.en, run_case(name, tmp_path / "en")[1])


def test_the_cli_speaks_korean_with_the_environment_variable(monkeypatch, capsys):
    monkeypatch.setenv("DQN_TEACH_LANG", "ko")
    set_lang(None)
    assert cli_main(["train", "--preset", "cartpole", "--set", "gamma=1.0"]) == 2
    assert capsys.readouterr().err.startswith("오류: gamma(할인율)는 [0, 1) 범위여야 합니다.")
