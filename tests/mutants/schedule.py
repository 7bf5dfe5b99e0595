"""Notebook 03 mistakes: the linear ε schedule."""

from __future__ import annotations

from tests.mutants import mutant


@mutant("check_linear_schedule", en="after end_t", ko="end_t 이후")
def not_clipped_after_end(t, start_t, end_t, start_value, end_value):
    """Keeps going down after end_t (ε becomes negative)."""
    fraction = max((t - start_t) / (end_t - start_t), 0.0)
    return start_value + fraction * (end_value - start_value)


@mutant("check_linear_schedule", en="before start_t", ko="start_t 이전")
def not_clipped_before_start(t, start_t, end_t, start_value, end_value):
    """Extrapolates before start_t (ε above its start value)."""
    fraction = min((t - start_t) / (end_t - start_t), 1.0)
    return start_value + fraction * (end_value - start_value)


@mutant("check_linear_schedule", en="(t - start_t)", ko="(t - start_t)")
def ignores_start_t(t, start_t, end_t, start_value, end_value):
    """Computes the fraction as t / end_t, as if every schedule started at 0."""
    fraction = min(t / end_t, 1.0)
    return start_value + fraction * (end_value - start_value)


@mutant("check_linear_schedule", en="breaks increasing schedules", ko="커지는 스케줄")
def clips_value_assuming_decay(t, start_t, end_t, start_value, end_value):
    """Clips the value to [end_value, start_value], which only works for decreasing schedules."""
    slope = (end_value - start_value) / (end_t - start_t)
    value = start_value + slope * (t - start_t)
    return min(max(value, end_value), start_value)


@mutant("check_linear_schedule", en="halfway", ko="중간")
def integer_division(t, start_t, end_t, start_value, end_value):
    """Uses integer division for the fraction, so ε jumps from start to end at end_t."""
    fraction = min(max((t - start_t) // (end_t - start_t), 0), 1)
    return start_value + fraction * (end_value - start_value)
