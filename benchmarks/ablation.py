"""What does each post-2013 addition do on CartPole? The data behind notebook 07.

Starting from ``preset("cartpole-2013")``, the 2013 algorithm (no target network, squared error,
no gradient clipping) tuned for speed, the additions of the 2015 paper and after are switched on
one at a time, everything else unchanged; the last variant is the course's stable preset:

=======================  ================================================================
``2013``                 ``preset("cartpole-2013")``: targets from the online network itself
``+ target network``     a separate target network, copied every 100 gradient steps (400 env
                         steps at one gradient step per 4 env steps)
``+ Double DQN``         the online network picks the next action, the target network rates it
``+ Huber, clipping``    the Huber loss and the gradient norm clipped to 10
``preset('cartpole')``   the stable preset: a target network copied every 7 gradient steps,
                         Double DQN, LayerNorm in the hidden layers, the learning rate
                         decayed linearly, 3-step returns, ε from 1.0 to 0.05, one gradient
                         step on 1 024 transitions every 16 env steps and mirror images
                         (squared error, no clipping); its fields are read from
                         ``preset("cartpole")`` itself, so they follow the preset
=======================  ================================================================

Each variant trains for ``--steps`` environment steps (30 000) on each seed (0-4). Every
``EVAL_EVERY`` steps :func:`dqn_teach.training.train` evaluates 10 greedy episodes and measures
``max_a Q`` on the fixed probe set and the predicted ``max_a Q(s₀)`` against the discounted return
really obtained. One JSON line per run goes to ``benchmarks/results/ablation.jsonl``;
notebook 07 loads and plots it. Training is deterministic on the CPU, so the same seed gives the
same numbers (tests/test_ablation.py checks the first evaluations of one run of the first and the
last variant).

Usage::

    python benchmarks/ablation.py                      # 5 variants × seeds 0-4, 30 000 steps
    python benchmarks/ablation.py --seeds 0 --variants 2013 --steps 4000 --out /tmp/a.jsonl
    # after a change of preset("cartpole"): rerun its variant alone, keep the other lines
    python benchmarks/ablation.py --variants "preset('cartpole')" --update --jobs 2
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from dqn_teach.config import preset

ENV_ID = "CartPole-v1"
EVAL_EVERY = 2_000
EVAL_EPISODES = 10
EVAL_SEED = 1000
DEFAULT_OUT = Path(__file__).parent / "results" / "ablation.jsonl"
BASE_PRESET = "cartpole-2013"
STABLE_VARIANT = "preset('cartpole')"


def fields_changed(name: str, base: str = BASE_PRESET) -> dict[str, Any]:
    """The fields in which ``preset(name)`` differs from ``preset(base)`` (``replace`` keywords)."""
    base_fields = preset(base).to_dict()
    fields = preset(name).to_dict()
    return {key: value for key, value in fields.items() if value != base_fields[key]}


# Each variant: the fields changed from preset(BASE_PRESET).
TARGET_UPDATE_PERIOD = 100
VARIANTS: dict[str, dict[str, Any]] = {
    "2013": {},
    "+ target network": {"target_update_period": TARGET_UPDATE_PERIOD},
    "+ Double DQN": {"target_update_period": TARGET_UPDATE_PERIOD, "double_dqn": True},
    "+ Huber, clipping": {"target_update_period": TARGET_UPDATE_PERIOD, "double_dqn": True,
                          "loss": "huber", "max_grad_norm": 10.0},
    STABLE_VARIANT: fields_changed("cartpole"),
}


def run_variant(variant: str, seed: int, steps: int) -> dict[str, Any]:
    """Train one variant on one seed; the record notebook 07 plots (one JSON line)."""
    from dqn_teach.agent import make_agent
    from dqn_teach.training import train

    config = preset(BASE_PRESET, seed=seed, **VARIANTS[variant])
    agent = make_agent(config, (4,), 2)
    result = train(agent, ENV_ID, steps, eval_every=EVAL_EVERY, eval_episodes=EVAL_EPISODES,
                   eval_seed=EVAL_SEED, progress=False, num_threads=1, seed=seed)
    return {
        "variant": variant,
        "seed": seed,
        "steps": steps,
        "config": config.to_dict(),
        "eval_steps": result.eval_steps,
        "eval_means": result.eval_means,
        "probe_q_mean": result.probe_q_mean,
        "probe_q_max": result.probe_q_max,
        "start_q": result.start_q,
        "start_return": result.start_return,
        "train_seconds": result.train_seconds,
    }


def _run_in_subprocess(variant: str, seed: int, steps: int) -> dict[str, Any]:
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    command = [sys.executable, __file__, "--worker", variant, str(seed), str(steps)]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{variant} seed {seed} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _lines_of_other_runs(path: Path, runs: set[tuple[str, int]]) -> list[str]:
    """The lines of ``path`` (unchanged, newline included) whose (variant, seed) is not in runs."""
    if not path.exists():
        return []
    kept = []
    for line in path.read_text().splitlines(keepends=True):
        record = json.loads(line)
        if (record["variant"], record["seed"]) not in runs:
            kept.append(line)
    return kept


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2, 3, 4])
    parser.add_argument("--variants", nargs="+", choices=list(VARIANTS), default=list(VARIANTS))
    parser.add_argument("--steps", type=int, default=30_000, help="env steps per run")
    parser.add_argument("--jobs", type=int, default=1, help="runs at the same time")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--update", action="store_true",
                        help="replace only these runs' lines in --out and keep every other line "
                             "as it is (default: write --out anew)")
    parser.add_argument("--worker", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        variant, seed, steps = args.worker
        print(json.dumps(run_variant(variant, int(seed), int(steps))))
        return 0
    runs = [(variant, seed) for seed in args.seeds for variant in args.variants]
    kept = _lines_of_other_runs(args.out, set(runs)) if args.update else []
    start = time.perf_counter()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with ThreadPoolExecutor(args.jobs) as pool, args.out.open("w") as out:
        out.writelines(kept)
        # In order, one line as soon as each run is done: an interrupted sweep keeps whole seeds.
        for record in pool.map(lambda run: _run_in_subprocess(*run, args.steps), runs):
            out.write(json.dumps(record) + "\n")
            out.flush()
            print(f"{record['variant']:>18} seed {record['seed']}: last eval "
                  f"{record['eval_means'][-1]:.0f}, peak max-Q {max(record['probe_q_max']):.1f}",
                  flush=True)
    print(f"{len(runs)} runs in {time.perf_counter() - start:.0f} s → {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
