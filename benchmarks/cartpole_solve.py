"""How fast does CartPole-v1 get solved? dqn_teach vs the seed notebook vs Stable-Baselines3 DQN.

Protocol (the same for all three; see benchmarks/README.md):

* every ``EVAL_EVERY`` = 2 000 environment steps, a greedy (ε = 0) evaluation of 10 episodes on a
  separate env, episode ``i`` reset with seed 1000 + i (:func:`dqn_teach.training.evaluate` for
  all three, so the evaluation code is identical);
* solved = an evaluation mean ≥ 475; the training clock is paused while evaluating;
* two clocks: wall-clock seconds (the issue's measure) and the process's CPU seconds
  (``time.process_time``). The CPU is shared with other users, and under load the wall clock
  also counts the time this process waited for a core; CPU seconds do not, so they are the
  fairer comparison when the load average is above the core count;
* **time to solve** = env steps and training seconds at the first solving evaluation;
* **stays solved**: training goes on after the first solve and keeps the best-by-evaluation
  weights (replaced only by a strictly better mean). It stops at the first of: the best mean is
  500 (the maximum, so the best weights can no longer change), ``POST_SOLVE_STEPS`` = 10 000 steps
  after the first solve, or ``--max-steps``. The best weights are then evaluated over 100 greedy
  episodes (seeds 2000–2099); stays solved = that mean ≥ 475.
* one torch thread (``OMP_NUM_THREADS=1``); each run is its own subprocess, so its peak RSS
  (``ru_maxrss``) is its own; runs are interleaved over seeds (seed 0: dqn_teach, seed-notebook,
  sb3; seed 1: ...) so that load from other users of the CPU hits all three alike.

Usage::

    python benchmarks/cartpole_solve.py --seeds 0-9 --algos dqn_teach,seed-notebook,sb3
    python benchmarks/cartpole_solve.py --summarize benchmarks/results/*.jsonl
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import platform
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

ENV_ID = "CartPole-v1"
EVAL_EVERY = 2_000
EVAL_EPISODES = 10
EVAL_SEED = 1000
SOLVED = 475.0
PERFECT = 500.0
POST_SOLVE_STEPS = 10_000
FINAL_EPISODES = 100
FINAL_SEED = 2000
EPSILON_DECAY_STEPS = 8_000  # SB3: zoo's exploration_fraction 0.16 × n_timesteps 5e4
DEFAULT_OUT = Path(__file__).parent / "results" / "cartpole_solve.jsonl"
ALGOS = ("dqn_teach", "seed-notebook", "sb3")


@dataclass
class RunRecord:
    """One training run, as written to the JSON-lines file."""

    algo: str
    seed: int
    max_steps: int
    solved_step: int | None = None
    solve_seconds: float | None = None
    solve_cpu_seconds: float | None = None
    env_steps: int = 0
    train_seconds: float = 0.0
    train_cpu_seconds: float = 0.0
    eval_steps: list[int] = field(default_factory=list)
    eval_means: list[float] = field(default_factory=list)
    best_eval_mean: float = -np.inf
    best_step: int | None = None
    final_mean: float | None = None
    final_min: float | None = None
    peak_rss_mb: float = 0.0
    stop_reason: str = ""


class TrainClock:
    """Wall-clock and CPU seconds of training, paused while evaluating."""

    def __init__(self) -> None:
        self.seconds = self.cpu_seconds = 0.0
        self.resume()

    def resume(self) -> None:
        self._wall, self._cpu = time.perf_counter(), time.process_time()

    def pause(self) -> None:
        self.seconds += time.perf_counter() - self._wall
        self.cpu_seconds += time.process_time() - self._cpu


class SolveTracker:
    """The protocol's book-keeping for the plug-ins that have no evaluation loop of their own."""

    def __init__(self, record: RunRecord) -> None:
        self.record = record
        self.best_state: dict[str, Any] | None = None

    def after_eval(self, env_steps: int, mean: float, clock: TrainClock, state: Any) -> bool:
        """Record an evaluation; True when the run should stop (see :func:`should_stop`)."""
        record = self.record
        record.train_seconds, record.train_cpu_seconds = clock.seconds, clock.cpu_seconds
        record.eval_steps.append(env_steps)
        record.eval_means.append(mean)
        if mean > record.best_eval_mean:
            record.best_eval_mean, record.best_step = mean, env_steps
            self.best_state = copy.deepcopy(state)
        if record.solved_step is None and mean >= SOLVED:
            record.solved_step = env_steps
            record.solve_seconds, record.solve_cpu_seconds = clock.seconds, clock.cpu_seconds
        return should_stop(record.best_eval_mean, record.solved_step, env_steps)


def should_stop(best_eval_mean: float, solved_step: int | None, env_steps: int) -> bool:
    """The early-stop rule after the first solve (``--max-steps`` stops the rest)."""
    if best_eval_mean >= PERFECT:
        return True
    return solved_step is not None and env_steps >= solved_step + POST_SOLVE_STEPS


def stop_reason(record: RunRecord) -> str:
    if record.best_eval_mean >= PERFECT:
        return "perfect-eval"
    if record.solved_step is not None and record.env_steps >= record.solved_step + POST_SOLVE_STEPS:
        return "post-solve-budget"
    return "max-steps"


class GreedyActor:
    """Adapter so :func:`dqn_teach.training.evaluate` can evaluate any Q-network.

    ``q_net`` maps ``(n, 4)`` float32 tensors to ``(n, 2)`` Q-values.
    """

    def __init__(self, q_net: Any) -> None:
        self.q_net = q_net

    def greedy_action(self, obs: np.ndarray) -> np.ndarray:
        """``(n, *obs_shape)`` → ``(n, 1)`` greedy actions."""
        import torch

        with torch.no_grad():
            obs_tensor = torch.as_tensor(np.asarray(obs, dtype=np.float32))
            return self.q_net(obs_tensor).argmax(dim=1, keepdim=True).numpy()


def eval_mean(q_net: Any, episodes: int = EVAL_EPISODES, seed: int = EVAL_SEED) -> np.ndarray:
    from dqn_teach.training import evaluate

    return evaluate(GreedyActor(q_net), ENV_ID, episodes, seed)


# ---------------------------------------------------------------------------------- plug-ins
def run_dqn_teach(record: RunRecord) -> None:
    """dqn_teach with ``preset("cartpole")``, trained by :func:`dqn_teach.training.train`."""
    from dqn_teach import training
    from dqn_teach.agent import make_agent
    from dqn_teach.config import preset

    agent = make_agent(preset("cartpole", seed=record.seed), (4,), 2)
    # train() pauses its wall clock around evaluation; for the CPU clock, time evaluate() too.
    eval_cpu_seconds = [0.0]
    untimed_evaluate = training.evaluate

    def timed_evaluate(*args: Any, **kwargs: Any) -> np.ndarray:
        start = time.process_time()
        try:
            return untimed_evaluate(*args, **kwargs)
        finally:
            eval_cpu_seconds[0] += time.process_time() - start

    def train_cpu_seconds() -> float:
        return time.process_time() - cpu_start - eval_cpu_seconds[0]

    def protocol(result: training.TrainingResult) -> bool:
        # train() adds the training time to result.train_seconds before it evaluates.
        if result.solved_step is not None and record.solve_seconds is None:
            record.solve_seconds, record.solve_cpu_seconds = (
                result.train_seconds, train_cpu_seconds())
        return should_stop(result.best_eval_mean, result.solved_step, result.env_steps)

    training.evaluate = timed_evaluate
    cpu_start = time.process_time()
    try:
        result = training.train(
            agent, ENV_ID, record.max_steps, eval_every=EVAL_EVERY, eval_episodes=EVAL_EPISODES,
            eval_seed=EVAL_SEED, solved_threshold=SOLVED, callbacks=[protocol], progress=False,
            num_threads=1, seed=record.seed,
        )
        record.train_cpu_seconds = train_cpu_seconds()
    finally:
        training.evaluate = untimed_evaluate
    record.solved_step = result.solved_step
    record.env_steps, record.train_seconds = result.env_steps, result.train_seconds
    record.eval_steps, record.eval_means = list(result.eval_steps), result.eval_means
    record.best_eval_mean, record.best_step = result.best_eval_mean, result.best_step
    training.restore_best(agent, result)
    returns = training.evaluate(agent, ENV_ID, FINAL_EPISODES, FINAL_SEED)
    record.final_mean, record.final_min = float(returns.mean()), float(returns.min())


def run_seed_notebook(record: RunRecord) -> None:
    """The seed notebook's code (benchmarks/seed_notebook_port.py), unchanged behaviour."""
    import gymnasium as gym
    from seed_notebook_port import make_seed_agent, run_episode_steps

    agent = make_seed_agent(record.seed)
    env = gym.make(ENV_ID)
    tracker = SolveTracker(record)
    steps = run_episode_steps(agent, env, record.seed)
    clock = TrainClock()
    while record.env_steps < record.max_steps:
        next(steps)
        record.env_steps += 1
        if record.env_steps % EVAL_EVERY == 0:
            clock.pause()
            mean = float(eval_mean(agent.network).mean())
            if tracker.after_eval(record.env_steps, mean, clock, agent.network.state_dict()):
                break
            clock.resume()
    else:
        clock.pause()
    record.train_seconds, record.train_cpu_seconds = clock.seconds, clock.cpu_seconds
    env.close()
    agent.network.load_state_dict(tracker.best_state)
    _final_eval(record, agent.network)


def sb3_hyperparameters(max_steps: int) -> dict[str, Any]:
    """rl-baselines3-zoo's tuned DQN hyperparameters for CartPole-v1.

    From rl-baselines3-zoo ``hyperparams/dqn.yml``, entry ``CartPole-v1`` (n_timesteps 5e4).
    ``exploration_fraction`` is 0.16 there, i.e. ε decays over 8 000 steps; here it is rescaled
    so the decay spans the same 8 000 steps of this run's ``total_timesteps``.
    """
    return {
        "learning_rate": 2.3e-3,
        "batch_size": 64,
        "buffer_size": 100_000,
        "learning_starts": 1000,
        "gamma": 0.99,
        "target_update_interval": 10,
        "train_freq": 256,
        "gradient_steps": 128,
        "exploration_fraction": EPSILON_DECAY_STEPS / max_steps,
        "exploration_final_eps": 0.04,
        "policy_kwargs": {"net_arch": [256, 256]},
    }


def run_sb3(record: RunRecord) -> None:
    """Stable-Baselines3 DQN with the rl-zoo3 CartPole-v1 hyperparameters."""
    from stable_baselines3 import DQN
    from stable_baselines3.common.callbacks import BaseCallback

    tracker = SolveTracker(record)

    class ProtocolCallback(BaseCallback):
        def _on_training_start(self) -> None:
            self.clock = TrainClock()

        def _on_step(self) -> bool:
            if self.num_timesteps % EVAL_EVERY != 0:
                return True
            self.clock.pause()
            q_net = self.model.q_net
            mean = float(eval_mean(q_net).mean())
            stop = tracker.after_eval(self.num_timesteps, mean, self.clock, q_net.state_dict())
            self.clock.resume()
            return not stop

        def _on_training_end(self) -> None:
            self.clock.pause()
            record.train_seconds, record.train_cpu_seconds = (
                self.clock.seconds, self.clock.cpu_seconds)
            record.env_steps = self.num_timesteps

    model = DQN(
        "MlpPolicy", ENV_ID, seed=record.seed, device="cpu", verbose=0,
        **sb3_hyperparameters(record.max_steps),
    )
    model.learn(total_timesteps=record.max_steps, callback=ProtocolCallback())
    model.q_net.load_state_dict(tracker.best_state)
    model.q_net.set_training_mode(False)
    _final_eval(record, model.q_net)


def _final_eval(record: RunRecord, q_net: Any) -> None:
    returns = eval_mean(q_net, FINAL_EPISODES, FINAL_SEED)
    record.final_mean, record.final_min = float(returns.mean()), float(returns.min())


PLUGINS: dict[str, Callable[[RunRecord], None]] = {
    "dqn_teach": run_dqn_teach,
    "seed-notebook": run_seed_notebook,
    "sb3": run_sb3,
}


def worker(algo: str, seed: int, max_steps: int) -> None:
    """Run one training in this process and print its :class:`RunRecord` as one JSON line."""
    import torch

    torch.set_num_threads(1)
    record = RunRecord(algo=algo, seed=seed, max_steps=max_steps)
    PLUGINS[algo](record)
    record.stop_reason = stop_reason(record)
    record.peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    print(json.dumps(asdict(record)))


# ---------------------------------------------------------------------------------- driver
def run_one(algo: str, seed: int, max_steps: int) -> dict[str, Any]:
    env = {**os.environ, "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
    command = [sys.executable, __file__, "--worker", algo, str(seed), str(max_steps)]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{algo} seed {seed} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def machine_info() -> dict[str, Any]:
    import gymnasium
    import torch

    cpu_model = next(
        (line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
         if line.startswith("model name")),
        platform.processor(),
    )
    versions = {"python": platform.python_version(), "torch": torch.__version__,
                "gymnasium": gymnasium.__version__, "numpy": np.__version__}
    try:
        import stable_baselines3

        versions["stable_baselines3"] = stable_baselines3.__version__
    except ImportError:
        pass
    return {"nproc": os.cpu_count(), "cpu_model": cpu_model, "versions": versions}


def load_average() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def parse_seeds(text: str) -> list[int]:
    """``"0-9"`` or ``"0,2,5"`` (or a mix) → a list of seeds."""
    seeds: list[int] = []
    for part in text.split(","):
        first, _, last = part.partition("-")
        try:
            seeds += list(range(int(first), int(last or first) + 1))
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"--seeds takes ranges and lists like 0-9 or 0,3,7; got {text!r}."
            ) from None
    return seeds


def parse_algos(text: str) -> list[str]:
    algos = [a.strip() for a in text.split(",") if a.strip()]
    unknown = [a for a in algos if a not in PLUGINS]
    if unknown or not algos:
        raise argparse.ArgumentTypeError(f"unknown algo(s) {unknown}; choose from {list(ALGOS)}.")
    return algos


# ---------------------------------------------------------------------------------- summary
def _median(values: list[float]) -> float:
    return float(np.median(values)) if values else float("nan")


def summarize(records: list[dict[str, Any]]) -> str:
    """A table per algo (unsolved runs count as ∞ in the medians) and ratios to dqn_teach."""
    algos = [a for a in ALGOS if any(r["algo"] == a for r in records)]
    rows, stats = [], {}
    for algo in algos:
        runs = [r for r in records if r["algo"] == algo]
        stats[algo] = {key: _column(runs, key)
                       for key in ("solved_step", "solve_seconds", "solve_cpu_seconds")}
        stays = sum(1 for r in runs if r["final_mean"] is not None and r["final_mean"] >= SOLVED)
        rows.append(
            f"| {algo} | {sum(r['solved_step'] is not None for r in runs)}/{len(runs)} "
            f"| {_spread(stats[algo]['solved_step'], ',.0f')} "
            f"| {_spread(stats[algo]['solve_seconds'], '.2f')} "
            f"| {_spread(stats[algo]['solve_cpu_seconds'], '.2f')} "
            f"| {stays}/{len(runs)} "
            f"| {_median([r['final_mean'] for r in runs]):.1f} "
            f"| {max(r['peak_rss_mb'] for r in runs):.0f} |"
        )
    lines = [
        "| algo | solved | env steps to solve | wall s to solve | CPU s to solve "
        "| stays solved | median 100-ep mean | max peak RSS MB |",
        "|---|---|---|---|---|---|---|---|",
        *rows,
        "",
        "Medians with (min–max); unsolved runs count as ∞. Stays solved = best-by-eval weights "
        f"score a mean ≥ {SOLVED:.0f} over {FINAL_EPISODES} greedy episodes.",
    ]
    if "dqn_teach" in stats:
        lines.append("")
        for other in (a for a in algos if a != "dqn_teach"):
            ours, theirs = stats["dqn_teach"], stats[other]
            ratios = ", ".join(
                f"{label} × {_median(ours[key]) / _median(theirs[key]):.2f}"
                for key, label in (("solved_step", "steps"), ("solve_seconds", "wall s"),
                                   ("solve_cpu_seconds", "CPU s"))
            )
            lines.append(f"dqn_teach / {other} (ratio of medians): {ratios}"
                         f"{_paired_ratio(records, other)}")
    return "\n".join(lines)


def _column(runs: list[dict[str, Any]], key: str) -> list[float]:
    return [r.get(key) if r.get(key) is not None else np.inf for r in runs]


def _spread(values: list[float], fmt: str) -> str:
    return f"{_median(values):{fmt}} ({min(values):{fmt}}–{max(values):{fmt}})"


def _paired_ratio(records: list[dict[str, Any]], other: str) -> str:
    """Median over seeds of dqn_teach's CPU seconds / the other's, same seed, both solved."""
    ours = {r["seed"]: r.get("solve_cpu_seconds") for r in records if r["algo"] == "dqn_teach"}
    theirs = {r["seed"]: r.get("solve_cpu_seconds") for r in records if r["algo"] == other}
    ratios = [ours[s] / theirs[s] for s in ours if s in theirs and ours[s] and theirs[s]]
    if not ratios:
        return ""
    return f"; same-seed CPU s ratio: median × {_median(ratios):.2f} over {len(ratios)} seeds"


def read_records(path: Path) -> list[dict[str, Any]]:
    lines = path.read_text().splitlines()
    return [r for r in map(json.loads, lines) if r.get("kind", "run") == "run"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=parse_seeds, default=parse_seeds("0-9"),
                        help="seeds, e.g. 0-9 or 0,1,5 (default: 0-9)")
    parser.add_argument("--algos", type=parse_algos, default=list(ALGOS),
                        help=f"comma-separated, from {','.join(ALGOS)} (default: all)")
    parser.add_argument("--max-steps", type=int, default=100_000,
                        help="env-step budget of every run (default: %(default)s)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT,
                        help="JSON-lines results file, overwritten (default: %(default)s)")
    parser.add_argument("--summarize", type=Path, nargs="+", metavar="JSONL",
                        help="only print the table of existing results files (merged)")
    parser.add_argument("--worker", nargs=3, metavar=("ALGO", "SEED", "MAX_STEPS"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        algo, seed, max_steps = args.worker
        worker(algo, int(seed), int(max_steps))
        return 0
    if args.summarize:
        print(summarize([record for path in args.summarize for record in read_records(path)]))
        return 0
    if args.max_steps < EVAL_EVERY:
        parser.error(f"--max-steps must be at least {EVAL_EVERY} (one evaluation).")

    args.out.parent.mkdir(parents=True, exist_ok=True)
    records = []
    with args.out.open("w") as out:
        meta = {"kind": "meta", **machine_info(), "load_start": load_average(),
                "started": time.strftime("%Y-%m-%d %H:%M:%S %Z"), "argv": sys.argv[1:]}
        out.write(json.dumps(meta) + "\n")
        for seed in args.seeds:
            for algo in args.algos:
                record = run_one(algo, seed, args.max_steps)
                records.append(record)
                out.write(json.dumps({"kind": "run", **record}) + "\n")
                out.flush()
                seconds = record["solve_seconds"] or float("nan")
                print(f"{algo:>13} seed {seed}: solved at {record['solved_step']} steps, "
                      f"{seconds:.2f} s; "
                      f"best {record['best_eval_mean']:.0f} → 100-ep {record['final_mean']:.1f}; "
                      f"RSS {record['peak_rss_mb']:.0f} MB", flush=True)
        end = {"kind": "meta", "load_end": load_average(),
               "finished": time.strftime("%Y-%m-%d %H:%M:%S %Z")}
        out.write(json.dumps(end) + "\n")
    print(f"\nload average at start {meta['load_start']}, at end {end['load_end']}")
    print(summarize(records))
    return 0


if __name__ == "__main__":
    sys.exit(main())
