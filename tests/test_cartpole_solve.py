"""benchmarks/cartpole_solve.py's summary: how far a ratio of medians moves with the seeds."""

import random

import pytest
from _benchmarks import load_benchmark


@pytest.fixture(scope="module")
def cartpole_solve():
    return load_benchmark("cartpole_solve")


def run(algo, seed, cpu_seconds, steps=10_000):
    """A record as ``--out`` writes it, with what the summary reads."""
    solved = cpu_seconds is not None
    return {"kind": "run", "algo": algo, "seed": seed, "solve_cpu_seconds": cpu_seconds,
            "solve_seconds": cpu_seconds, "solved_step": steps if solved else None,
            "stays_solved": 1.0 if solved else None, "final_eval_mean": 500.0,
            "peak_max_q": 100.0}


def paired(ours, theirs):
    return ([run("dqn_teach", seed, value) for seed, value in enumerate(ours)]
            + [run("seed-notebook", seed, value) for seed, value in enumerate(theirs)])


def test_the_same_ratio_on_every_seed_has_no_spread(cartpole_solve):
    theirs = [3.0, 5.0, 8.0, 13.0, 21.0]
    low, high, share = cartpole_solve.bootstrap_ratio_interval(
        paired([0.4 * t for t in theirs], theirs), "seed-notebook", "solve_cpu_seconds")
    assert low == pytest.approx(0.4) and high == pytest.approx(0.4) and share == 1.0


def test_ten_spread_out_seeds_give_a_wide_interval_around_the_ratio_of_medians(cartpole_solve):
    ours = [2.7, 3.9, 4.2, 5.2, 6.1, 7.3, 7.9, 9.4, 9.4, 10.3]
    theirs = [3.8, 13.4, 12.8, 8.9, 9.0, 21.5, 6.9, 5.2, 6.8, 22.7]
    records = paired(ours, theirs)
    low, high, share = cartpole_solve.bootstrap_ratio_interval(records, "seed-notebook",
                                                               "solve_cpu_seconds")
    point = (6.7 / 8.95)  # the medians of the two lists
    assert low < 0.6 < point < 0.9 < high
    assert 0.0 < share < 0.5
    # The same records in another order, and a seed only one algo ran, change nothing.
    shuffled = records + [run("dqn_teach", 99, 1_000.0)]
    random.Random(0).shuffle(shuffled)
    assert cartpole_solve.bootstrap_ratio_interval(
        shuffled, "seed-notebook", "solve_cpu_seconds") == (low, high, share)


def test_unsolved_runs_count_as_infinite_and_too_few_seeds_give_no_interval(cartpole_solve):
    interval = cartpole_solve.bootstrap_ratio_interval
    assert interval(paired([1.0, 2.0, 3.0], [None] * 3), "seed-notebook", "solve_cpu_seconds") == (
        0.0, 0.0, 1.0)
    low, high, share = interval(paired([None] * 3, [1.0, 2.0, 3.0]), "seed-notebook",
                                "solve_cpu_seconds")
    assert low == high == float("inf") and share == 0.0
    assert interval(paired([None] * 3, [None] * 3), "seed-notebook", "solve_cpu_seconds") is None
    assert interval(paired([1.0], [2.0]), "seed-notebook", "solve_cpu_seconds") is None


def test_the_summary_prints_the_interval_under_the_ratio_and_the_time_target(cartpole_solve):
    summary = cartpole_solve.summarize(paired([1.0, 2.0, 3.0], [2.0, 4.0, 6.0]))
    ratio_line = summary.index("dqn_teach / seed-notebook (ratio of medians)")
    assert "CPU s × 0.50" in summary
    assert "90 % interval × 0.50–0.50; ≤ 0.5 in 100% of the resamples" in summary[ratio_line:]
    target = "- median CPU s to first solve ≤ 0.5 × the seed notebook's: × 0.50 — met"
    assert summary.endswith(target)
    slower = cartpole_solve.summarize(paired([1.1, 2.2, 3.3], [2.0, 4.0, 6.0]))
    assert slower.endswith("× 0.55 — NOT met")
