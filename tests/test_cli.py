"""The command line: `python -m dqn_teach train|evaluate`.

Error messages are checked by calling ``main()`` in-process (no torch import per case); one
real subprocess run checks the module entry point, exit code and output end to end.
"""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
import torch

from dqn_teach.cli import main

ENV = {**os.environ, "OMP_NUM_THREADS": "1"}


def run_cli(*args, check=True):
    return subprocess.run(
        [sys.executable, "-m", "dqn_teach", *args],
        capture_output=True,
        text=True,
        env=ENV,
        check=check,
        timeout=300,
    )


def cli(capsys, *args) -> tuple[int, str, str]:
    """``main(args)`` in this process: (exit code, stdout, stderr)."""
    try:
        code = main([str(a) for a in args])
    except SystemExit as exit_:  # argparse errors
        code = exit_.code
    out, err = capsys.readouterr()
    return code, out, err


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_help_texts(capsys):
    assert "train" in cli(capsys, "--help")[1]
    code, train_help, _ = cli(capsys, "train", "--help")
    assert code == 0 and "--preset" in train_help and "--total-steps" in train_help
    assert "GPU" in train_help and "GB" in train_help  # what a full Atari run costs
    # one reading of the paper's "frames", with its unit and source; clipped returns said so
    assert "emulator frames" in train_help and "Machado" in train_help
    assert "250 000 transitions" in train_help and "CLIPPED" in train_help
    assert "--resume" in train_help
    assert "CHECKPOINT" in cli(capsys, "evaluate", "--help")[1].upper()


def test_bad_preset_and_bad_env_are_named(capsys):
    code, _, err = cli(capsys, "train", "--preset", "fast")
    assert code == 2 and "invalid choice: 'fast'" in err
    code, _, err = cli(capsys, "train", "--env", "CartPole-v9", "--total-steps", "10")
    assert code == 2 and "unknown gymnasium env 'CartPole-v9'" in err


@pytest.fixture(scope="module")
def trained_run(tmp_path_factory) -> Path:
    """One real `python -m dqn_teach train` subprocess, shared by the tests that read it."""
    logdir = tmp_path_factory.mktemp("cli") / "run"
    out = run_cli(
        "train",
        "--env",
        "CartPole-v1",
        "--preset",
        "cartpole",
        "--seed",
        "0",
        "--total-steps",
        "3000",
        "--eval-every",
        "1500",
        "--logdir",
        str(logdir),
        "--no-progress",
    )
    summary = json.loads(out.stdout.strip().splitlines()[-1])
    assert summary["env_steps"] == 3000 and summary["best_eval_mean"] is not None
    return logdir


def test_train_writes_checkpoints_and_evaluate_reads_them(trained_run, capsys):
    best = trained_run / "checkpoints" / "best"
    assert (best / "weights.pt").is_file() and (best / "config.json").is_file()
    assert list(trained_run.glob("events.out.tfevents.*"))
    code, out, _ = cli(capsys, "evaluate", best, "--episodes", "3")
    out = json.loads(out)
    assert code == 0 and out["env"] == "CartPole-v1" and len(out["returns"]) == 3
    code, _, err = cli(capsys, "evaluate", trained_run / "nope")
    assert code == 2 and "is not a dqn_teach checkpoint" in err


def test_a_truncated_checkpoint_is_one_line_and_exit_2_without_traceback(trained_run, tmp_path):
    broken = tmp_path / "best"
    broken.mkdir()
    for file in (trained_run / "checkpoints" / "best").iterdir():
        (broken / file.name).write_bytes(file.read_bytes())
    weights = broken / "weights.pt"
    weights.write_bytes(weights.read_bytes()[:100])
    result = run_cli("evaluate", str(broken), check=False)
    assert result.returncode == 2, result.stderr
    [line] = result.stderr.strip().splitlines()  # one line, no traceback
    assert line.startswith(f"error: {weights} is truncated or corrupt")


def test_tensorboard_serves_the_event_files(trained_run):
    tensorboard = Path(sys.executable).with_name("tensorboard")
    port = free_port()
    server = subprocess.Popen(
        [
            str(tensorboard),
            "--logdir",
            str(trained_run),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=ENV,
    )
    try:
        url = f"http://127.0.0.1:{port}/data/plugin/scalars/tags"
        deadline, tags = time.time() + 60, {}
        while time.time() < deadline:
            try:
                tags = json.loads(urllib.request.urlopen(url, timeout=5).read())
                if tags:
                    break
            except OSError:
                pass
            time.sleep(0.5)
        run_tags = next(iter(tags.values()))
        assert {"Cumulative Reward", "Epsilon", "TD Loss", "Evaluation Return"} <= set(run_tags)
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_set_overrides_reach_the_config_and_bad_ones_are_named(tmp_path, capsys):
    code, _, err = cli(
        capsys,
        "train",
        "--total-steps",
        "300",
        "--eval-every",
        "300",
        "--eval-episodes",
        "1",
        "--set",
        "target_update_period=50",
        "--set",
        "double_dqn=true",
        "--set",
        "loss=huber",
        "--set",
        "hidden_sizes=[16]",
        "--set",
        "max_grad_norm=none",
        "--logdir",
        tmp_path,
        "--no-progress",
    )
    assert code == 0, err
    saved = json.loads((tmp_path / "checkpoints" / "last" / "config.json").read_text())
    config = saved["config"]
    assert config["target_update_period"] == 50 and config["double_dqn"] is True
    assert config["loss"] == "huber" and config["hidden_sizes"] == [16]
    assert config["max_grad_norm"] is None
    for args, message in [
        (["--set", "gama=0.5"], "unknown DQNConfig field(s): ['gama']"),
        (["--set", "gamma=2"], "gamma must be in [0, 1), got 2"),
        (["--set", "target_update_period=none", "--set", "double_dqn=true"],
         "double_dqn=True needs a target network"),
        (["--set", "gamma"], "--set needs FIELD=VALUE"),
    ]:
        code, _, err = cli(capsys, "train", "--total-steps", "10", *args)
        assert code == 2 and message in err, err



def weights_of(run: Path) -> dict[str, torch.Tensor]:
    return torch.load(run / "checkpoints" / "last" / "weights.pt", weights_only=True)


def scalars(logdir: Path) -> dict[str, list[tuple[int, float]]]:
    """Every scalar of every event file in ``logdir``: ``{tag: [(step, value), ...]}``."""
    from tensorboard.backend.event_processing.event_file_loader import EventFileLoader

    found: dict[str, list[tuple[int, float]]] = {}
    for file in sorted(logdir.glob("events.out.tfevents.*")):
        for event in EventFileLoader(str(file)).Load():
            for value in event.summary.value:
                number = value.simple_value if value.HasField("simple_value") else float(
                    torch.tensor(list(value.tensor.float_val)).item())
                found.setdefault(value.tag, []).append((event.step, number))
    return found


def test_resume_continues_bit_identically_and_tensorboard_steps_never_repeat(tmp_path, capsys):
    common = ["--eval-every", 1000, "--eval-episodes", 2, "--no-progress"]
    assert cli(capsys, "train", "--logdir", tmp_path / "split", "--total-steps", 2000,
               *common)[0] == 0
    code, out, err = cli(capsys, "train", "--resume", tmp_path / "split" / "checkpoints",
                         "--total-steps", 4000, "--no-progress")
    assert code == 0, err
    assert json.loads(out.strip().splitlines()[-1])["env_steps"] == 4000
    assert cli(capsys, "train", "--logdir", tmp_path / "straight", "--total-steps", 4000,
               *common)[0] == 0

    split, straight = weights_of(tmp_path / "split"), weights_of(tmp_path / "straight")
    assert split.keys() == straight.keys()
    assert all(torch.equal(split[name], straight[name]) for name in split)

    resumed_logs, straight_logs = scalars(tmp_path / "split"), scalars(tmp_path / "straight")
    assert len(list((tmp_path / "split").glob("events.out.tfevents.*"))) == 2
    for tag, points in resumed_logs.items():
        steps = [step for step, _ in points]
        assert steps == sorted(set(steps)), f"{tag}: steps repeat or go back: {steps}"
    # the same episodes ended at the same steps with the same returns: the envs came back too
    assert resumed_logs["Cumulative Reward"] == straight_logs["Cumulative Reward"]
    assert [s for s, _ in resumed_logs["Evaluation Return"]] == [1000, 2000, 3000, 4000]


def test_resume_refuses_new_settings_and_reached_totals(tmp_path, capsys):
    assert cli(capsys, "train", "--logdir", tmp_path, "--total-steps", 300, "--eval-every",
               300, "--eval-episodes", 1, "--no-progress")[0] == 0
    last = tmp_path / "checkpoints" / "last"
    for args, message in [
        (["--total-steps", 600, "--seed", 3], "drop --seed"),
        (["--total-steps", 600, "--set", "gamma=0.5"], "drop --set"),
        ([], "--resume needs --total-steps"),
        (["--total-steps", 300], "already reached"),
    ]:
        code, _, err = cli(capsys, "train", "--resume", last, *args)
        assert code == 2 and message in err, err
    code, _, err = cli(capsys, "train", "--resume", tmp_path / "checkpoints" / "best",
                       "--total-steps", 600)
    assert code == 2 and "holds no training-loop state" in err
