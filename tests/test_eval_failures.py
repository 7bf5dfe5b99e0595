"""benchmarks/eval_failures.py replays CartPole episodes from given starts and says how they end."""


import numpy as np
import pytest
from _benchmarks import load_benchmark


@pytest.fixture(scope="module")
def eval_failures():
    return load_benchmark("eval_failures")


def push_left(obs):
    return 0


def push_right(obs):
    return 1


def test_pushing_one_way_drops_the_pole_and_the_mirror_image_fails_the_same_way(eval_failures):
    start = np.array([0.01, -0.02, 0.03, 0.01])
    length, reason = eval_failures.play(push_left, start)
    assert reason == "pole" and length < 30
    # CartPole is left-right symmetric: the mirrored start under the mirrored policy lasts as long.
    assert eval_failures.play(push_right, eval_failures.mirrored(start)) == (length, reason)


def test_a_cart_at_the_edge_of_the_track_ends_by_the_cart_not_the_pole(eval_failures):
    start = np.array([2.39, 1.0, 0.0, 0.0])  # about to leave the track to the right
    assert eval_failures.play(push_right, start) == (1, "cart")


def test_a_balancing_controller_reaches_the_time_limit(eval_failures):
    def balance(obs):  # push towards where the pole is falling, and hold the cart near 0
        x, x_dot, theta, theta_dot = obs
        return int(theta + 0.5 * theta_dot + 0.01 * x + 0.05 * x_dot > 0)

    assert eval_failures.play(balance, seed=1004) == (500, "limit")


def test_the_start_grid_spans_the_reset_box_corners_included(eval_failures):
    grid = eval_failures.start_grid(3)
    assert grid.shape == (81, 4)
    assert np.allclose(grid.min(axis=0), -0.05) and np.allclose(grid.max(axis=0), 0.05)
    assert len({tuple(row) for row in grid}) == 81


def test_at_must_be_a_multiple_of_the_evaluation_period(eval_failures, capsys):
    with pytest.raises(SystemExit):
        eval_failures.main(["--seed", "0", "--at", "3000"])
    assert "multiple of 2000" in capsys.readouterr().err
