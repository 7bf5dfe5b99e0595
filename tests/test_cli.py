import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

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


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_help_texts():
    assert "train" in run_cli("--help").stdout
    train_help = run_cli("train", "--help").stdout
    assert "--preset" in train_help and "--total-steps" in train_help
    assert "GPU" in train_help and "GB" in train_help  # what a full Atari run costs
    # one reading of the paper's "frames", with its unit and source; clipped returns said so
    assert "emulator frames" in train_help and "Machado" in train_help
    assert "250 000 transitions" in train_help and "CLIPPED" in train_help
    assert "CHECKPOINT" in run_cli("evaluate", "--help").stdout.upper()


def test_bad_preset_and_bad_env_are_named():
    bad_preset = run_cli("train", "--preset", "fast", check=False)
    assert bad_preset.returncode == 2 and "invalid choice: 'fast'" in bad_preset.stderr
    bad_env = run_cli("train", "--env", "CartPole-v9", "--total-steps", "10", check=False)
    assert bad_env.returncode != 0 and "unknown gymnasium env 'CartPole-v9'" in bad_env.stderr


@pytest.fixture
def trained_run(tmp_path_factory) -> Path:
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


def test_train_writes_checkpoints_and_evaluate_reads_them(trained_run):
    best = trained_run / "checkpoints" / "best"
    assert (best / "weights.pt").is_file() and (best / "config.json").is_file()
    assert list(trained_run.glob("events.out.tfevents.*"))
    out = json.loads(run_cli("evaluate", str(best), "--episodes", "3").stdout)
    assert out["env"] == "CartPole-v1" and len(out["returns"]) == 3
    missing = run_cli("evaluate", str(trained_run / "nope"), check=False)
    assert missing.returncode != 0 and "is not a dqn_teach checkpoint" in missing.stderr


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


def test_set_overrides_reach_the_config_and_bad_ones_are_named(tmp_path):
    run_cli(
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
        str(tmp_path),
        "--no-progress",
    )
    saved = json.loads((tmp_path / "checkpoints" / "last" / "config.json").read_text())
    config = saved["config"]
    assert config["target_update_period"] == 50 and config["double_dqn"] is True
    assert config["loss"] == "huber" and config["hidden_sizes"] == [16]
    assert config["max_grad_norm"] is None
    for args, message in [
        (["--set", "gama=0.5"], "unknown DQNConfig field(s): ['gama']"),
        (["--set", "gamma=2"], "gamma must be in [0, 1), got 2"),
        (["--set", "double_dqn=true"], "double_dqn=True needs a target network"),
        (["--set", "gamma"], "--set needs FIELD=VALUE"),
    ]:
        result = run_cli("train", "--total-steps", "10", *args, check=False)
        assert result.returncode == 2 and message in result.stderr, result.stderr
