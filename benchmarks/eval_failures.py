"""Why does a greedy evaluation fall short of 475? Which starts fail, and how they end.

Trains dqn_teach's ``preset("cartpole")`` (or a ``--set`` change of it) for one seed exactly as
``benchmarks/cartpole_solve.py`` does (same ``train()`` call, so the same weights), and at the
chosen env steps replays greedy (ε = 0) episodes one at a time:

* the protocol's 10 evaluation episodes (episode ``i`` reset with seed 1000 + i): the start
  state, the length, and what ended it: ``pole`` (more than 12° from upright), ``cart`` (off the
  track, |x| > 2.4) or ``limit`` (500 steps, the pole still up);
* every failing start mirrored, ``(x, ẋ, θ, θ̇) → (−x, −ẋ, −θ, −θ̇)`` (CartPole is symmetric);
* the failures on 300 random starts (the env's own reset distribution, uniform in ±0.05) and on a
  5 × 5 × 5 × 5 grid of that start box, and on which side of it they lie.

Usage::

    python benchmarks/eval_failures.py --seed 200 --at 24000,50000
    python benchmarks/eval_failures.py --seed 8 --at 40000 --set batch_size=128
"""

from __future__ import annotations

import argparse
import itertools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import gymnasium as gym
import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from cartpole_solve import (  # noqa: E402  (the protocol's constants, one source)
    ENV_ID,
    EVAL_EPISODES,
    EVAL_EVERY,
    EVAL_SEED,
    SOLVED,
    parse_override,
)

START_BOX = 0.05  # CartPole-v1 resets every state variable uniformly in [-0.05, 0.05]
CART_LIMIT = 2.4  # |x| beyond this ends the episode ("cart"); otherwise it was the pole
GRID_POINTS = 5
RANDOM_STARTS = 300

# A policy maps one observation (4,) float32 to an action (0 = push left, 1 = push right).
Policy = Callable[[np.ndarray], int]


def play(policy: Policy, start: np.ndarray | None = None, seed: int = 0) -> tuple[int, str]:
    """One greedy episode of CartPole-v1: ``(length, how it ended)``.

    Args:
        policy: observation ``(4,)`` → action.
        start: the state ``(x, ẋ, θ, θ̇)`` to start from; None = the env's own reset with ``seed``.
        seed: reset seed (with ``start`` it only seeds the env, the state is then overwritten).

    Returns:
        The number of steps and ``"pole"``, ``"cart"`` or ``"limit"``.
    """
    env = gym.make(ENV_ID)
    try:
        obs, _ = env.reset(seed=seed)
        if start is not None:
            env.unwrapped.state = np.asarray(start, dtype=np.float64)
            obs = np.asarray(start, dtype=np.float32)
        length = 0
        while True:  # the TimeLimit wrapper truncates at 500 steps
            obs, _, terminated, truncated, _ = env.step(policy(obs))
            length += 1
            if terminated:
                return length, "cart" if abs(obs[0]) > CART_LIMIT else "pole"
            if truncated:
                return length, "limit"
    finally:
        env.close()


def mirrored(state: np.ndarray) -> np.ndarray:
    """The left-right mirror image of a CartPole state: every variable changes sign."""
    return -np.asarray(state)


def start_grid(points: int = GRID_POINTS) -> np.ndarray:
    """``(points⁴, 4)`` starts evenly spaced over the reset box, corners included."""
    axis = np.linspace(-START_BOX, START_BOX, points)
    return np.array(list(itertools.product(axis, repeat=4)))


def diagnose(policy: Policy) -> list[str]:
    """The report's lines for one policy (see the module docstring)."""
    lines = [f"{'start':>6} {'x, ẋ, θ, θ̇ at the start':>30}   length  ended by   mirrored"]
    reset = gym.make(ENV_ID)
    for i in range(EVAL_EPISODES):
        start = reset.reset(seed=EVAL_SEED + i)[0].astype(np.float64)
        length, reason = play(policy, seed=EVAL_SEED + i)
        mirror = ""
        if reason != "limit":
            mirror_length, mirror_reason = play(policy, mirrored(start))
            mirror = f"{mirror_length} ({mirror_reason})"
        state = ", ".join(f"{v:+.3f}" for v in start)
        lines.append(f"{EVAL_SEED + i:>6} {state:>30}   {length:>6}  {reason:<9}  {mirror}")
    reset.close()

    rng = np.random.default_rng(0)
    random_starts = rng.uniform(-START_BOX, START_BOX, size=(RANDOM_STARTS, 4))
    random_fails = sum(play(policy, start)[1] != "limit" for start in random_starts)
    lines.append(f"random starts: {random_fails} of {RANDOM_STARTS} fail")

    grid = start_grid()
    failed = np.array([play(policy, start)[1] != "limit" for start in grid])
    lines.append(f"grid starts ({GRID_POINTS}^4 over ±{START_BOX}): {failed.sum()} of "
                 f"{len(grid)} fail")
    if failed.any():
        bad = grid[failed]
        for name, column in zip(("x", "ẋ", "θ", "θ̇"), bad.T, strict=True):
            lines.append(f"  {name} < 0 in {int((column < 0).sum())}, > 0 in "
                         f"{int((column > 0).sum())} of the failing starts")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, required=True, help="the run's seed")
    parser.add_argument("--at", required=True,
                        help=f"env steps to diagnose at, multiples of {EVAL_EVERY}: 24000,50000")
    parser.add_argument("--set", type=parse_override, action="append", default=[],
                        metavar="FIELD=VALUE", dest="overrides",
                        help="change a field of the preset, as in cartpole_solve.py")
    args = parser.parse_args(argv)
    at = sorted(int(step) for step in args.at.split(","))
    if any(step <= 0 or step % EVAL_EVERY for step in at):
        parser.error(f"--at: every step must be a positive multiple of {EVAL_EVERY}, got {at}")

    import torch

    from dqn_teach import training
    from dqn_teach.agent import make_agent
    from dqn_teach.config import preset

    torch.set_num_threads(1)
    agent = make_agent(preset("cartpole", seed=args.seed, **dict(args.overrides)), (4,), 2)

    def greedy(obs: np.ndarray) -> int:
        return int(agent.greedy_action(obs[None])[0, 0])

    def report(result: Any) -> bool:
        if result.env_steps in at:
            print(f"\nseed {args.seed}, {result.env_steps} env steps: evaluation mean "
                  f"{result.eval_means[-1]:.1f} (solved = {SOLVED:.0f})")
            print("\n".join(diagnose(greedy)), flush=True)
        return False

    # The same call as cartpole_solve.py's run_dqn_teach, so the run is the benchmark's run.
    training.train(
        agent, ENV_ID, at[-1], eval_every=EVAL_EVERY, eval_episodes=EVAL_EPISODES,
        eval_seed=EVAL_SEED, solved_threshold=SOLVED, callbacks=[report], progress=False,
        num_threads=1, seed=args.seed,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
