"""benchmarks/ablation.py reproduces the committed data notebook 07 plots."""

import json
from pathlib import Path

import pytest
from _benchmarks import load_benchmark

from dqn_teach.config import DQNConfig, preset

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results" / "ablation.jsonl"


def load_ablation_script():
    return load_benchmark("ablation")


def committed_records():
    return [json.loads(line) for line in RESULTS.read_text().splitlines()]


def test_committed_ablation_covers_every_variant_on_five_seeds_for_30000_steps():
    ablation = load_ablation_script()
    records = committed_records()
    runs = {(r["variant"], r["seed"]) for r in records}
    assert runs == {(v, s) for v in ablation.VARIANTS for s in range(5)}
    for record in records:
        assert record["steps"] >= 30_000
        assert record["eval_steps"][-1] == record["steps"]
        lengths = {len(record[key]) for key in ("eval_means", "probe_q_max", "start_q")}
        assert lengths == {len(record["eval_steps"])}


def test_the_last_variant_is_the_stable_preset_itself():
    ablation = load_ablation_script()
    stable = ablation.VARIANTS[ablation.STABLE_VARIANT]
    assert preset(ablation.BASE_PRESET, **stable) == preset("cartpole")
    assert list(ablation.VARIANTS)[-1] == ablation.STABLE_VARIANT


def test_update_keeps_the_other_runs_lines_byte_for_byte(tmp_path):
    ablation = load_ablation_script()
    out = tmp_path / "a.jsonl"
    lines = [json.dumps({"variant": v, "seed": s}) + "\n" for v in ("a", "b") for s in (0, 1)]
    out.write_text("".join(lines))
    assert ablation._lines_of_other_runs(out, {("b", 0), ("b", 1)}) == lines[:2]


@pytest.mark.parametrize("variant", ["2013", "preset('cartpole')"])
def test_ablation_script_reproduces_the_start_of_a_committed_run_exactly(variant):
    """Training is deterministic and evaluation does not touch it, so the first 4 000 steps of
    a rerun must give the committed run's first two evaluations bit for bit."""
    ablation = load_ablation_script()
    committed = next(r for r in committed_records() if r["variant"] == variant and r["seed"] == 0)
    rerun = ablation.run_variant(variant, 0, steps=4_000)
    # Lines written before a DQNConfig field existed lack it; it had its default then.
    committed_config = DQNConfig.from_dict(committed["config"]).to_dict()
    assert rerun["config"] == committed_config, "preset changed: rerun benchmarks/ablation.py"
    assert rerun["eval_steps"] == [2_000, 4_000]
    for key in ("eval_means", "probe_q_mean", "probe_q_max", "start_q", "start_return"):
        assert rerun[key] == committed[key][:2], key
