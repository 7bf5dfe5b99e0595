"""Command line: ``python -m dqn_teach train ...`` and ``... evaluate CHECKPOINT``."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from dqn_teach.config import PRESETS, preset

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
        "--env", default="CartPole-v1", help="gymnasium env id (default: %(default)s)"
    )
    train.add_argument(
        "--preset",
        default="cartpole",
        choices=sorted(PRESETS),
        help="hyperparameters (default: %(default)s)",
    )
    train.add_argument("--seed", type=int, default=0, help="random seed (default: %(default)s)")
    train.add_argument(
        "--total-steps", type=int, default=None, help="env steps (default: per preset)"
    )
    train.add_argument(
        "--num-envs", type=int, default=1, help="parallel envs (default: %(default)s)"
    )
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
        "--eval-episodes",
        type=int,
        default=10,
        help="episodes per evaluation (default: %(default)s)",
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


DEFAULT_STEPS = {"cartpole": 40_000, "seed-notebook": 100_000, "atari2013": 2_500_000}
# Greedy evaluation is cheap for CartPole and expensive for Atari (whole games of Pong).
DEFAULT_EVAL_EVERY = {"cartpole": 2_000, "seed-notebook": 2_000, "atari2013": 100_000}


def parse_overrides(items: Sequence[str]) -> dict[str, object]:
    """``["gamma=0.9", "loss=huber"]`` → ``{"gamma": 0.9, "loss": "huber"}`` (values read as JSON,
    else as plain strings; ``true``/``false``/``null`` work, ``none`` means null)."""
    overrides: dict[str, object] = {}
    for item in items:
        field, sep, text = item.partition("=")
        if not sep or not field:
            raise ValueError(f"--set needs FIELD=VALUE, got {item!r} (e.g. --set gamma=0.95).")
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
    from dqn_teach.agent import make_agent
    from dqn_teach.atari import make_atari_agent
    from dqn_teach.envs import env_factory, env_shapes

    overrides = {"seed": args.seed, **parse_overrides(args.overrides)}
    for name in ("device", "capacity", "learning_starts"):
        if getattr(args, name) is not None:
            overrides[name] = getattr(args, name)
    config = preset(args.preset, **overrides)
    factory = env_factory(args.env)
    obs_shape, num_actions = env_shapes(factory)
    # Atari stores each frame once in a frame-sharing replay memory (dqn_teach.atari).
    build_agent = make_atari_agent if args.env.startswith("ALE/") else make_agent
    agent = build_agent(config, obs_shape, num_actions, num_envs=args.num_envs)
    agent.metadata["env_id"] = args.env
    logdir = Path(args.logdir or f"runs/{args.env.replace('/', '_')}__{args.preset}__{args.seed}")
    checkpoint_dir = Path(args.checkpoint_dir) if args.checkpoint_dir else logdir / "checkpoints"
    total_steps = args.total_steps or DEFAULT_STEPS[args.preset]
    eval_every = args.eval_every
    if eval_every is None:
        eval_every = min(DEFAULT_EVAL_EVERY[args.preset], total_steps)
    callbacks = [training.stop_when_solved(args.stop_when_solved)] if args.stop_when_solved else []
    print(
        f"Training {args.env} with preset {args.preset!r} on {agent.device} for {total_steps} steps"
    )
    print(f"TensorBoard: tensorboard --logdir {logdir}")
    result = training.train(
        agent,
        factory,
        total_steps,
        logdir=logdir,
        checkpoint_dir=checkpoint_dir,
        eval_every=eval_every,
        eval_episodes=args.eval_episodes,
        callbacks=callbacks,
        progress=not args.no_progress,
        num_threads=args.threads,
        seed=args.seed,
    )
    summary = {
        "env_steps": result.env_steps,
        "episodes": len(result.episode_returns),
        "best_eval_mean": result.best_eval_mean if result.eval_returns else None,
        "best_step": result.best_step,
        "train_seconds": round(result.train_seconds, 2),
        "interrupted": result.interrupted,
        "checkpoints": str(checkpoint_dir),
    }
    print(json.dumps(summary))
    return 130 if result.interrupted else 0


def _evaluate(args: argparse.Namespace) -> int:
    from dqn_teach.agent import DQN
    from dqn_teach.envs import env_factory
    from dqn_teach.training import evaluate, use_threads

    use_threads(1)
    agent = DQN.load(args.checkpoint)
    env_id = args.env or agent.metadata.get("env_id")
    if env_id is None:
        print("error: this checkpoint does not name its env; pass --env", file=sys.stderr)
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
    except (ValueError, FileNotFoundError) as error:  # ConfigError is a ValueError
        print(f"error: {error}", file=sys.stderr)
        return 2
