"""Command line: ``python -m dqn_teach train ...`` and ``... evaluate CHECKPOINT``."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from dqn_teach import messages
from dqn_teach.config import PRESETS, preset

DEFAULT_PRESET = "cartpole"
# Flags that describe a new run; --resume takes all of them from the checkpoint.
RUN_FLAGS = ("env", "preset", "seed", "num_envs", "logdir", "checkpoint_dir", "eval_every",
             "eval_episodes", "device", "capacity", "overrides", "learning_starts",
             "stop_when_solved", "save_replay")

ATARI_COST = """\
Atari (--preset atari2013), in agent steps of 4 emulator frames (frame skip 4). The paper's
"frames" are read as emulator frames (Machado et al. 2018 discuss the ambiguity): it trained
for 10 M frames = 2.5 M agent steps (the default --total-steps), annealed epsilon over 1 M
frames = 250 000 steps and replayed the last 1 M frames = 250 000 transitions. learning_starts
(12 500 steps = 50 000 frames), the learning rate and the RMSProp constants come from the 2015
paper. Unmeasured estimate: hours on one GPU, days on a laptop CPU, so on a CPU use a smoke run
(--total-steps 500 ... 5000). Replay memory is uint8 frames, about 7 KB per transition: 1.8 GB
for 250 000 (--capacity changes it). Returns logged and evaluated on Atari are CLIPPED (the sign
of each reward, as the agent trains); for Pong they equal the game score."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m dqn_teach",
        description="Train and evaluate DQN agents from the dqn-teach course.",
    )
    commands = parser.add_subparsers(dest="command", required=True)

    train = commands.add_parser(
        "train",
        help="train an agent",
        description="Train a DQN agent on a gymnasium environment.",
        epilog=ATARI_COST,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    train.add_argument(
        "--resume",
        default=None,
        metavar="CHECKPOINT_DIR",
        help="continue the run saved in CHECKPOINT_DIR (its last/) to --total-steps steps in "
        "all, with its config, seed, env, logdir and evaluation settings",
    )
    train.add_argument(
        "--env", default=None, help="gymnasium env id (default: the preset's, e.g. CartPole-v1)"
    )
    train.add_argument(
        "--preset",
        default=None,
        choices=sorted(PRESETS),
        help=f"hyperparameters (default: {DEFAULT_PRESET})",
    )
    train.add_argument("--seed", type=int, default=None, help="random seed (default: 0)")
    train.add_argument(
        "--total-steps",
        type=int,
        default=None,
        help="env steps to reach in all (default: per preset)",
    )
    train.add_argument("--num-envs", type=int, default=None, help="parallel envs (default: 1)")
    train.add_argument(
        "--logdir", default=None, help="TensorBoard log dir (default: runs/ENV__PRESET__SEED)"
    )
    train.add_argument(
        "--checkpoint-dir",
        default=None,
        help="where best/ and last/ go (default: LOGDIR/checkpoints)",
    )
    train.add_argument(
        "--eval-every", type=int, default=None, help="env steps between greedy evaluations"
    )
    train.add_argument(
        "--eval-episodes", type=int, default=None, help="episodes per evaluation (default: 10)"
    )
    train.add_argument(
        "--save-replay",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="keep the replay buffer in last/ so --resume is exact (default: per preset; "
        "off for Atari, whose memory is GBs)",
    )
    train.add_argument(
        "--device", default=None, help="cpu, cuda, cuda:N or auto (default: per preset)"
    )
    train.add_argument("--capacity", type=int, default=None, help="replay capacity override")
    train.add_argument(
        "--set",
        dest="overrides",
        action="append",
        default=[],
        metavar="FIELD=VALUE",
        help="override any DQNConfig field, e.g. --set target_update_period=500 "
        "--set double_dqn=true --set loss=huber --set hidden_sizes=[64,64] (repeatable)",
    )
    train.add_argument(
        "--learning-starts",
        type=int,
        default=None,
        help="env steps before the first update (override)",
    )
    train.add_argument(
        "--threads",
        type=int,
        default=1,
        help="torch threads (default: %(default)s; 1 is fastest for small nets)",
    )
    train.add_argument(
        "--stop-when-solved",
        type=float,
        default=None,
        metavar="RETURN",
        help="stop once an evaluation mean reaches RETURN (e.g. 475 for CartPole)",
    )
    train.add_argument("--no-progress", action="store_true", help="hide the progress bar")

    evaluate = commands.add_parser(
        "evaluate", help="evaluate a checkpoint", description="Greedy evaluation of a saved agent."
    )
    evaluate.add_argument("checkpoint", help="a checkpoint directory (config.json + weights.pt)")
    evaluate.add_argument("--env", default=None, help="env id (default: the one it was trained on)")
    evaluate.add_argument(
        "--episodes", type=int, default=10, help="episodes (default: %(default)s)"
    )
    evaluate.add_argument(
        "--seed", type=int, default=1000, help="seed of the first episode (default: %(default)s)"
    )
    return parser


def parse_overrides(items: Sequence[str]) -> dict[str, object]:
    """``["gamma=0.9", "loss=huber"]`` → ``{"gamma": 0.9, "loss": "huber"}`` (values read as JSON,
    else as plain strings; ``true``/``false``/``null`` work, ``none`` means null)."""
    overrides: dict[str, object] = {}
    for item in items:
        field, sep, text = item.partition("=")
        if not sep or not field:
            raise ValueError(str(messages.SET_NEEDS_FIELD_VALUE.format(item=item)))
        if text.lower() == "none":
            value: object = None
        else:
            try:
                value = json.loads(text)
            except json.JSONDecodeError:
                value = text
        overrides[field.strip()] = value
    return overrides


def _train(args: argparse.Namespace) -> int:
    from dqn_teach import training

    agent, run = _resume(args) if args.resume else _new_run(args)
    total_steps = args.total_steps or PRESETS[run["preset"]].total_steps
    callbacks = []
    if run["stop_when_solved"] is not None:
        callbacks.append(training.stop_when_solved(run["stop_when_solved"]))
    print(
        (messages.CLI_RESUMING if args.resume else messages.CLI_TRAINING).format(
            env=run["env_id"], preset=run["preset"], device=agent.device, total_steps=total_steps
        )
    )
    print(f"TensorBoard: tensorboard --logdir {run['logdir']}")
    result = training.train(
        agent,
        run["env_id"],
        total_steps,
        logdir=run["logdir"],
        checkpoint_dir=run["checkpoint_dir"],
        save_every=run["save_every"],
        save_replay=run["save_replay"],
        eval_every=min(run["eval_every"], total_steps),
        eval_episodes=run["eval_episodes"],
        callbacks=callbacks,
        progress=not args.no_progress,
        num_threads=args.threads,
        seed=agent.config.seed,
    )
    summary = {
        "env_steps": result.env_steps,
        "episodes": len(result.episode_returns),
        "best_eval_mean": result.best_eval_mean if result.eval_returns else None,
        "best_step": result.best_step,
        "train_seconds": round(result.train_seconds, 2),
        "interrupted": result.interrupted,
        "checkpoints": run["checkpoint_dir"],
    }
    print(json.dumps(summary))
    return 130 if result.interrupted else 0


def _new_run(args: argparse.Namespace) -> tuple[Any, dict[str, Any]]:
    """A fresh agent for the flags, and the run settings a later --resume reuses."""
    from dqn_teach.agent import make_agent
    from dqn_teach.envs import env_factory, env_shapes

    preset_name = args.preset or DEFAULT_PRESET
    chosen = PRESETS[preset_name]
    seed = 0 if args.seed is None else args.seed
    overrides = {"seed": seed, **parse_overrides(args.overrides)}
    for name in ("device", "capacity", "learning_starts"):
        if getattr(args, name) is not None:
            overrides[name] = getattr(args, name)
    config = preset(preset_name, **overrides)
    env_id = args.env or chosen.env_id
    obs_shape, num_actions = env_shapes(env_factory(env_id))
    # The config names the network and the replay buffer (Atari: frame-sharing).
    agent = make_agent(config, obs_shape, num_actions, num_envs=args.num_envs or 1)
    logdir = Path(args.logdir or f"runs/{env_id.replace('/', '_')}__{preset_name}__{seed}")
    checkpoint_dir = Path(args.checkpoint_dir) if args.checkpoint_dir else logdir / "checkpoints"
    run = {
        "preset": preset_name,
        "env_id": env_id,
        "logdir": str(logdir.resolve()),
        "checkpoint_dir": str(checkpoint_dir.resolve()),
        "eval_every": args.eval_every or chosen.eval_every,
        "eval_episodes": args.eval_episodes or 10,
        "save_every": chosen.save_every,
        "save_replay": chosen.save_replay if args.save_replay is None else args.save_replay,
        "stop_when_solved": args.stop_when_solved,
    }
    agent.metadata.update(env_id=env_id, run=run)
    return agent, run


def _resume(args: argparse.Namespace) -> tuple[Any, dict[str, Any]]:
    """The agent and run settings saved in ``args.resume`` (a checkpoint dir or its parent)."""
    from dqn_teach.agent import DQN

    given = [name for name in RUN_FLAGS if getattr(args, name) not in (None, [])]
    if given:
        flags = ", ".join("--" + ("set" if n == "overrides" else n.replace("_", "-"))
                          for n in given)
        raise ValueError(str(messages.RESUME_DROP_FLAGS.format(flags=flags)))
    if args.total_steps is None:
        raise ValueError(str(messages.RESUME_NEEDS_TOTAL_STEPS))
    path = Path(args.resume)
    if not (path / "config.json").exists() and (path / "last").is_dir():
        path = path / "last"
    agent = DQN.load(path, resume=True)
    run = agent.metadata.get("run")
    if run is None or agent.run_state is None:
        raise ValueError(str(messages.RESUME_NEEDS_LOOP_STATE.format(path=path)))
    done = agent.run_state["loop"]["result"].env_steps
    if args.total_steps <= done:
        raise ValueError(
            str(
                messages.RESUME_ALREADY_DONE.format(
                    total_steps=args.total_steps, path=path, done=done
                )
            )
        )
    return agent, run


def _evaluate(args: argparse.Namespace) -> int:
    from dqn_teach.agent import DQN
    from dqn_teach.envs import env_factory
    from dqn_teach.runtime import use_threads
    from dqn_teach.training import evaluate

    use_threads(1)
    agent = DQN.load(args.checkpoint)
    env_id = args.env or agent.metadata.get("env_id")
    if env_id is None:
        print(messages.CHECKPOINT_WITHOUT_ENV, file=sys.stderr)
        return 2
    returns = evaluate(agent, env_factory(env_id), args.episodes, args.seed)
    print(
        json.dumps(
            {
                "env": env_id,
                "episodes": args.episodes,
                "mean": float(returns.mean()),
                "std": float(returns.std()),
                "returns": returns.tolist(),
            }
        )
    )
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return _train(args) if args.command == "train" else _evaluate(args)
    except (ValueError, FileNotFoundError) as error:  # ConfigError, CheckpointError too
        print(messages.CLI_ERROR.format(error=error), file=sys.stderr)
        return 2
