"""Replay-buffer speed: the seed notebook's list buffer vs dqn_teach vs Stable-Baselines3.

All three hold the same real CartPole-v1 transitions (random policy) and are timed on what a DQN
gradient step needs: sample a uniform mini-batch of 128 and have it as torch tensors. ``add`` of
one transition (what every environment step does) is timed too. One process, one torch thread;
each number is the best of ``--repeat`` timeit repeats of process CPU time (the least disturbed
by other load on a shared machine), with the median of the repeats alongside.

Usage::

    OMP_NUM_THREADS=1 python benchmarks/replay_buffer.py --transitions 10000
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import timeit
from collections.abc import Callable
from typing import Any

import gymnasium as gym
import numpy as np
import torch

from dqn_teach.experience import Experience as TeachExperience
from dqn_teach.replay_buffer import ReplayBuffer as TeachBuffer

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from seed_notebook_port import Experience as SeedExperience  # noqa: E402
from seed_notebook_port import ReplayBuffer as SeedBuffer  # noqa: E402

BATCH_SIZE = 128


def cartpole_transitions(count: int, seed: int = 0) -> dict[str, np.ndarray]:
    """``count`` real CartPole-v1 transitions under a uniformly random policy.

    Returns arrays ``obs``/``next_obs`` ``(count, 4)`` float32, ``action`` ``(count, 1)`` int64,
    ``reward``/``terminated``/``truncated`` ``(count, 1)`` float32.
    """
    env = gym.make("CartPole-v1")
    rng = np.random.default_rng(seed)
    rows: dict[str, list] = {k: [] for k in
                             ("obs", "action", "next_obs", "reward", "terminated", "truncated")}
    obs, _ = env.reset(seed=seed)
    for _ in range(count):
        action = int(rng.integers(2))
        next_obs, reward, terminated, truncated, _ = env.step(action)
        for key, value in (("obs", obs), ("action", action), ("next_obs", next_obs),
                           ("reward", reward), ("terminated", terminated),
                           ("truncated", truncated)):
            rows[key].append(value)
        obs = env.reset()[0] if terminated or truncated else next_obs
    env.close()
    data = {key: np.asarray(value, dtype=np.float32) for key, value in rows.items()}
    data["action"] = data["action"].astype(np.int64)
    return {key: value.reshape(count, -1) for key, value in data.items()}


def _row(data: dict[str, np.ndarray], i: int, fields: tuple[str, ...]) -> list[np.ndarray]:
    return [data[name][i : i + 1] for name in fields]


FIELDS = ("obs", "action", "next_obs", "reward", "terminated")


def seed_buffer(data: dict[str, np.ndarray]) -> tuple[Callable[[], Any], Callable[[int], None]]:
    """The notebook's buffer; its ``DQN._to_tensor`` turns the sampled arrays into tensors."""
    count = len(data["obs"])
    buffer = SeedBuffer(1, BATCH_SIZE, count, 1)
    for i in range(count):
        buffer.add(SeedExperience(*_row(data, i, FIELDS)))

    def sample() -> tuple[torch.Tensor, ...]:
        return tuple(torch.from_numpy(item) for item in buffer.sample())

    return sample, lambda i: buffer.add(SeedExperience(*_row(data, i, FIELDS)))


def teach_buffer(data: dict[str, np.ndarray]) -> tuple[Callable[[], Any], Callable[[int], None]]:
    count = len(data["obs"])
    buffer = TeachBuffer(1, BATCH_SIZE, count, 1, seed=0)
    for i in range(count):
        buffer.add(TeachExperience(*_row(data, i, FIELDS)))
    return buffer.sample, lambda i: buffer.add(TeachExperience(*_row(data, i, FIELDS)))


def sb3_buffer(data: dict[str, np.ndarray]) -> tuple[Callable[[], Any], Callable[[int], None]]:
    from stable_baselines3.common.buffers import ReplayBuffer as SB3Buffer

    env = gym.make("CartPole-v1")
    count = len(data["obs"])
    buffer = SB3Buffer(count, env.observation_space, env.action_space, device="cpu", n_envs=1)
    env.close()

    def add(i: int) -> None:
        infos = [{"TimeLimit.truncated": bool(data["truncated"][i, 0])}]
        buffer.add(data["obs"][i : i + 1], data["next_obs"][i : i + 1], data["action"][i],
                   data["reward"][i], data["terminated"][i] + data["truncated"][i], infos)

    for i in range(count):
        add(i)
    return lambda: buffer.sample(BATCH_SIZE), add


def _cycling_add(add: Callable[[int], None], count: int) -> Callable[[], None]:
    """A no-argument call that adds transition 0, 1, 2, ... (wrapping at ``count``)."""
    index = iter(range(10**12))
    return lambda: add(next(index) % count)


def time_call(function: Callable[[], Any], number: int, repeat: int) -> tuple[float, float]:
    """(best, median) seconds per call over ``repeat`` timeit repeats of ``number`` calls."""
    # CPU time, not wall time: the machine is shared, and waiting for a core is not the buffer's.
    times = np.array(timeit.repeat(function, number=number, repeat=repeat,
                                   timer=time.process_time)) / number
    return float(times.min()), float(np.median(times))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--transitions", type=int, default=10_000,
                        help="transitions stored (= capacity) (default: %(default)s)")
    parser.add_argument("--number", type=int, default=500, help="calls per repeat")
    parser.add_argument("--repeat", type=int, default=7, help="timeit repeats")
    args = parser.parse_args(argv)
    if args.transitions < BATCH_SIZE:
        parser.error(f"--transitions must be at least the batch size {BATCH_SIZE}.")
    torch.set_num_threads(1)
    np.random.seed(0)  # the seed and SB3 buffers sample from numpy's global generator

    data = cartpole_transitions(args.transitions)
    builders = {"seed notebook (lists)": seed_buffer, "dqn_teach": teach_buffer,
                "stable-baselines3": sb3_buffer}
    sample_times, add_times = {}, {}
    for name, build in builders.items():
        sample, add = build(data)
        sample_times[name] = time_call(sample, args.number, args.repeat)
        add_times[name] = time_call(_cycling_add(add, args.transitions), args.number, args.repeat)

    print(f"{args.transitions} CartPole transitions; sample {BATCH_SIZE} → torch tensors; "
          f"CPU time, best (median) of {args.repeat}×{args.number} calls; load average "
          f"{[round(x, 2) for x in os.getloadavg()]}")
    print(f"{'buffer':<24}{'sample µs':>22}{'add µs':>20}")
    for name in builders:
        best, median = sample_times[name]
        add_best, add_median = add_times[name]
        print(f"{name:<24}{best * 1e6:>12.1f} ({median * 1e6:6.1f}){add_best * 1e6:>10.1f} "
              f"({add_median * 1e6:6.1f})")
    ours = sample_times["dqn_teach"][0]
    for name in builders:
        if name != "dqn_teach":
            print(f"dqn_teach sampling is {sample_times[name][0] / ours:.1f}× faster than {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
