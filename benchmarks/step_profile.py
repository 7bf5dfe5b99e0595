"""Where does one environment step of training cost its CPU time?

Trains a dqn_teach preset (``preset("cartpole")`` by default, or a ``--set`` change of it) with
the package's own :func:`dqn_teach.training.train`, the loop being profiled, not a copy of it,
and after ``--warmup`` env steps (learning has started and the replay memory holds data) times
``--steps`` env steps part by part. Nothing is evaluated during the run (``train`` gets a ready
vector env and no ``eval_env``), one torch thread, one env.

The parts are the agent's, replay buffer's and env's own methods, wrapped on the instances (and
``mirror_half`` in :mod:`dqn_teach.agent`) by timers that only call through, so a profiled run
learns exactly what an unprofiled one does (``tests/test_step_profile.py`` checks the weights):

* per env step: **acting** (``agent.select_action``: a forward pass of the observation batch and
  the ε-greedy sample), **env step** (the vector env's ``step``), **n-step collector**
  (``agent.n_step_collector.push``, with ``multi_step > 1`` only), **buffer add**
  (``agent.replay_buffer.add``), **training** (``agent.train``: ``epoch`` gradient updates every
  ``training_freq`` env steps), and **rest of the loop** = the measured total minus those;
* per gradient update, inside training: **sampling** (``replay_buffer.sample``), **mirror**
  (``mirror_half``, with ``mirror_augmentation`` only), **TD target** (``compute_td_target``:
  the no-gradient forward pass(es) of ``next_obs``; two with Double DQN), **online forward +
  loss** (``compute_td_loss`` minus the TD target), **backward + optimizer** (training minus
  all of these: zero_grad, backward, gradient clipping, the optimizer step, the target sync).

The clock is ``time.process_time_ns``, the process's CPU time, because CPU seconds are what the
issue's time target compares (``cartpole_solve.py``'s ``solve_cpu_seconds``), and they do not
count the time other jobs on a shared machine take the core away. A read costs ~0.5 µs (a
system call; ``perf_counter_ns`` is ~10× cheaper but counts wall time); the footnote says how
much of the total the timers' own reads add.

Usage::

    python benchmarks/step_profile.py                      # preset("cartpole"), 6 000 steps
    python benchmarks/step_profile.py --seed-notebook      # and the seed notebook's code
    python benchmarks/step_profile.py --set mirror_augmentation=true --set batch_size=128

Reading the output: one Markdown table, a row per part with its calls, its CPU µs per env step
(these add up to the total) and, for training and its parts, per gradient update. An env step is
a transition, as ``train`` counts them; gymnasium's autoreset steps (one after every episode:
the env resets and nothing is stored) are not env steps, so acting and env step have a few more
calls than there are env steps, and their cost is part of the per-step figures. With
``--seed-notebook`` a last line gives the seed notebook's CPU µs per env step over the same
steps (``benchmarks/seed_notebook_port.py``, run as ``cartpole_solve.py`` runs it) and the
ratio, the per-step cost gap behind the issue's "training seconds ≤ 0.5 × the seed notebook's".
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import os
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import gymnasium as gym

    from dqn_teach.agent import DQN

sys.path.insert(0, str(Path(__file__).parent))
from cartpole_solve import ENV_ID, parse_override  # noqa: E402  (one source for both scripts)

CLOCK = time.process_time_ns  # CPU time of the process: see the module docstring

# Top-level parts of an env step, in loop order, and the parts of a gradient update.
ACTING, ENV_STEP, N_STEP, BUFFER_ADD, TRAINING = (
    "acting", "env step", "n-step collector", "buffer add", "training")
SAMPLING, MIRROR, TD_TARGET, ONLINE, BACKWARD = (
    "sampling", "mirror", "TD target", "online forward + loss", "backward + optimizer")
TD_LOSS = "TD loss"  # compute_td_loss as timed: TD target + online forward + loss
REST = "rest of the loop"

LEGEND = {
    ACTING: "`agent.select_action`: forward of the observation batch, ε-greedy sample",
    ENV_STEP: "the vector env's `step`",
    N_STEP: "`agent.n_step_collector.push` (multi_step > 1)",
    BUFFER_ADD: "`agent.replay_buffer.add`",
    TRAINING: "`agent.train`: `epoch` gradient updates every `training_freq` env steps",
    SAMPLING: "`replay_buffer.sample`",
    MIRROR: "`mirror_half` (mirror_augmentation)",
    TD_TARGET: "`agent.compute_td_target`: no-gradient forward(s) of next_obs",
    ONLINE: "`agent.compute_td_loss` minus the TD target: forward of obs, gather, loss",
    BACKWARD: "training minus the above: zero_grad, backward, clipping, optimizer, target sync",
    REST: "total minus the parts: make_experience, schedules, episode book-keeping, timers",
}


@dataclass
class StepProfile:
    """CPU nanoseconds of the measured env steps, part by part.

    Attributes:
        env_steps: env steps (transitions) measured, after the warm-up.
        updates: gradient updates in those steps.
        total_ns: CPU time of the whole measured span.
        parts_ns: the top-level parts that apply to the config (acting, env step, n-step
            collector, buffer add, training), in loop order; they do not overlap.
        update_parts_ns: the parts of training that apply (sampling, mirror, TD target, online
            forward + loss, backward + optimizer); they add up to ``parts_ns["training"]``.
        calls: calls of each timed method in the span, by part name (``"TD loss"`` counts
            ``compute_td_loss``); the parts derived by subtraction have none.
        learning_started: whether gradient updates had begun before the span.
        clock_read_ns: what one read of the clock costs here.
    """

    env_steps: int
    updates: int
    total_ns: int
    parts_ns: dict[str, int]
    update_parts_ns: dict[str, int]
    calls: dict[str, int]
    learning_started: bool
    clock_read_ns: float

    @property
    def rest_ns(self) -> int:
        """The loop's own time: the total minus the top-level parts."""
        return self.total_ns - sum(self.parts_ns.values())

    def per_step_us(self, ns: int) -> float:
        return ns / self.env_steps / 1e3

    def per_update_us(self, ns: int) -> float | None:
        return ns / self.updates / 1e3 if self.updates else None

    def table(self) -> str:
        """The Markdown table of the module docstring, with a legend and footnotes."""
        rows = [(name, ns, self.calls.get(name), name == TRAINING)
                for name, ns in self.parts_ns.items()]
        position = list(self.parts_ns).index(TRAINING) + 1  # update parts go under training
        rows[position:position] = [(f"· {name}", ns, self.calls.get(name), True)
                                   for name, ns in self.update_parts_ns.items()]
        rows.append((REST, self.rest_ns, None, False))
        lines = ["| part | calls | CPU µs per env step | CPU µs per update | share |",
                 "|---|---:|---:|---:|---:|"]
        for name, ns, calls, per_update in rows:
            update_us = self.per_update_us(ns) if per_update else None
            lines.append(
                f"| {name} | {'' if calls is None else f'{calls:,}'} "
                f"| {self.per_step_us(ns):,.1f} "
                f"| {'' if update_us is None else f'{update_us:,.0f}'} "
                f"| {ns / self.total_ns:.0%} |"
            )
        lines.append(f"| **total** | | **{self.per_step_us(self.total_ns):,.1f}** | | 100% |")
        names = (*self.parts_ns, *self.update_parts_ns, REST)
        lines += ["", *(f"- {name}: {LEGEND[name]}" for name in names)]
        reads = 2 * sum(self.calls.values())  # each timed call reads the clock twice
        lines.append(
            f"- the timers read the clock {reads / self.env_steps:.1f} times per env step at "
            f"{self.clock_read_ns / 1e3:.2f} µs a read: "
            f"~{self.per_step_us(round(reads * self.clock_read_ns)):.1f} µs of the total per "
            "env step, shared between the parts and the rest of the loop"
        )
        if not self.learning_started:
            lines.append("- NOTE: no gradient update before the measured steps; raise --warmup "
                         "so that the profile is of a learning agent")
        return "\n".join(lines)


class _Timers:
    """Adds the CPU time of the calls it wraps to ``ns[name]``, once :meth:`start` was called."""

    def __init__(self) -> None:
        self.running = False
        self.start_ns = 0
        self.ns: dict[str, int] = {}
        self.calls: dict[str, int] = {}

    def start(self) -> None:
        self.running, self.start_ns = True, CLOCK()

    def wrap(self, name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        """``function`` timed as ``name``; it gets the same arguments and returns the same."""
        self.ns[name] = self.calls[name] = 0

        @functools.wraps(function)
        def timed(*args: Any, **kwargs: Any) -> Any:
            if not self.running:  # warm-up: not measured
                return function(*args, **kwargs)
            start = CLOCK()
            try:
                return function(*args, **kwargs)
            finally:
                self.ns[name] += CLOCK() - start
                self.calls[name] += 1

        return timed


@contextlib.contextmanager
def _replaced(owner: Any, name: str, value: Any) -> Iterator[None]:
    """``owner.name = value`` for the duration: on an instance it shadows the class's method,
    on a module it replaces the global the module's functions look up."""
    had_own = name in vars(owner)
    old = vars(owner).get(name)
    setattr(owner, name, value)
    try:
        yield
    finally:
        if had_own:
            setattr(owner, name, old)
        else:
            delattr(owner, name)  # the class's method shows through again


def train_run(agent: DQN, envs: gym.vector.VectorEnv, total_steps: int, seed: int) -> None:
    """The training being profiled: the package's loop, no evaluation (a ready vector env and
    no ``eval_env``), no progress bar, one torch thread. ``envs`` stays open."""
    from dqn_teach.training import train

    train(agent, envs, total_steps, progress=False, num_threads=1, seed=seed)


def profile_run(
    agent: DQN, envs: gym.vector.VectorEnv, steps: int, warmup: int, seed: int
) -> StepProfile:
    """:func:`train_run` for ``warmup + steps`` env steps, the last ``steps`` of them timed.

    Args:
        agent: a fresh :class:`dqn_teach.agent.DQN` (``num_envs`` = ``envs.num_envs``).
        envs: a gymnasium vector env with next-step autoreset (:func:`make_vector_env`).
        steps: env steps to measure, at least 1.
        warmup: env steps before the measurement starts, at least 0.
        seed: the env resets' seed.
    """
    import dqn_teach.agent  # torch loads here, not when the script only checks its arguments

    if steps < 1 or warmup < 0:
        raise ValueError(f"steps must be ≥ 1 and warmup ≥ 0, got {steps} and {warmup}")
    timers = _Timers()
    config = agent.config
    buffer = agent.replay_buffer
    timed_act = timers.wrap(ACTING, agent.select_action)
    span: dict[str, int] = {}

    def act(obs: Any) -> Any:
        # The span starts with the first action after the warm-up: a step's first part.
        if not timers.running and agent.global_time_step >= warmup:
            span.update(env_steps=agent.global_time_step, updates=agent.training_step)
            timers.start()
        return timed_act(obs)

    replacements = [
        (agent, "select_action", act),
        (envs, "step", timers.wrap(ENV_STEP, envs.step)),
        (buffer, "add", timers.wrap(BUFFER_ADD, buffer.add)),
        (agent, "train", timers.wrap(TRAINING, agent.train)),
        (buffer, "sample", timers.wrap(SAMPLING, buffer.sample)),
        (agent, "compute_td_loss", timers.wrap(TD_LOSS, agent.compute_td_loss)),
        (agent, "compute_td_target", timers.wrap(TD_TARGET, agent.compute_td_target)),
    ]
    if agent.n_step_collector is not None:
        collector = agent.n_step_collector
        replacements.append((collector, "push", timers.wrap(N_STEP, collector.push)))
    if config.mirror_augmentation:  # DQN.train calls the name it imported into its module
        replacements.append(
            (dqn_teach.agent, "mirror_half", timers.wrap(MIRROR, dqn_teach.agent.mirror_half)))
    with contextlib.ExitStack() as stack:
        for owner, name, value in replacements:
            stack.enter_context(_replaced(owner, name, value))
        train_run(agent, envs, warmup + steps, seed)
        total_ns = CLOCK() - timers.start_ns

    ns, calls = timers.ns, timers.calls
    parts = {name: ns[name] for name in (ACTING, ENV_STEP, N_STEP, BUFFER_ADD, TRAINING)
             if name in ns}
    # The timed calls nest (the TD target inside the loss, everything inside training), so
    # the inner time is subtracted from the outer; what is left of training is the update's
    # backward pass and optimizer step, which have no method of their own to wrap.
    update_parts = {SAMPLING: ns[SAMPLING]}
    if MIRROR in ns:
        update_parts[MIRROR] = ns[MIRROR]
    update_parts[TD_TARGET] = ns[TD_TARGET]
    update_parts[ONLINE] = ns[TD_LOSS] - ns[TD_TARGET]
    update_parts[BACKWARD] = ns[TRAINING] - sum(update_parts.values())
    return StepProfile(
        env_steps=agent.global_time_step - span["env_steps"],
        updates=agent.training_step - span["updates"],
        total_ns=total_ns,
        parts_ns=parts,
        update_parts_ns=update_parts,
        calls=dict(calls),
        learning_started=span["updates"] > 0,
        clock_read_ns=clock_read_ns(),
    )


def clock_read_ns(reads: int = 20_000) -> float:
    """What one read of :data:`CLOCK` costs, in CPU nanoseconds."""
    start = CLOCK()
    for _ in range(reads):
        CLOCK()
    return (CLOCK() - start) / reads


def time_seed_notebook(steps: int, warmup: int, seed: int) -> int:
    """CPU nanoseconds of ``steps`` env steps of the seed notebook's code after ``warmup``.

    Its agent and loop as ``cartpole_solve.py`` runs them (``seed_notebook_port.py``: one env,
    the notebook's loop body per step), without the evaluations.
    """
    import gymnasium as gym
    from seed_notebook_port import make_seed_agent, run_episode_steps

    agent = make_seed_agent(seed)
    env = gym.make(ENV_ID)
    try:
        loop = run_episode_steps(agent, env, seed)
        for _ in range(warmup):
            next(loop)
        start = CLOCK()
        for _ in range(steps):
            next(loop)
        return CLOCK() - start
    finally:
        env.close()


def _at_least(minimum: int) -> Callable[[str], int]:
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"takes an integer, got {text!r}") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"must be at least {minimum}, got {value}")
        return value

    return parse


def main(argv: list[str] | None = None) -> int:
    from dqn_teach.config import PRESETS, ConfigError, preset

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--preset", default="cartpole", choices=sorted(PRESETS),
                        help="the config and env to profile (default: %(default)s)")
    parser.add_argument("--set", type=parse_override, action="append", default=[],
                        metavar="FIELD=VALUE", dest="overrides",
                        help="change a field of the preset, as in cartpole_solve.py")
    parser.add_argument("--steps", type=_at_least(1), default=6_000,
                        help="env steps to measure (default: %(default)s)")
    parser.add_argument("--warmup", type=_at_least(0), default=2_000,
                        help="env steps trained before measuring (default: %(default)s)")
    parser.add_argument("--seed", type=_at_least(0), default=0,
                        help="seeds the network, exploration, replay and env resets "
                             "(default: %(default)s)")
    parser.add_argument("--seed-notebook", action="store_true",
                        help="also time the seed notebook's code over the same steps")
    args = parser.parse_args(argv)
    overrides = dict(args.overrides)
    if "seed" in overrides:
        parser.error("--set seed=...: use --seed, which also seeds the env resets")
    env_id = PRESETS[args.preset].env_id
    if args.seed_notebook and env_id != ENV_ID:
        parser.error(f"--seed-notebook compares on {ENV_ID}; preset {args.preset!r} is "
                     f"for {env_id}")
    try:
        config = preset(args.preset, seed=args.seed, **overrides)
    except ConfigError as error:
        parser.error(str(error))

    from dqn_teach.agent import make_agent
    from dqn_teach.envs import env_factory, env_shapes, make_vector_env
    from dqn_teach.runtime import use_threads

    use_threads(1)
    obs_shape, num_actions = env_shapes(env_factory(env_id))
    agent = make_agent(config, obs_shape, num_actions)
    envs = make_vector_env(env_id, agent.num_envs)
    try:
        profile = profile_run(agent, envs, args.steps, args.warmup, args.seed)
    finally:
        envs.close()

    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    change = "".join(f", {key}={value!r}" for key, value in overrides.items())
    print(f"preset({args.preset!r}{change}), seed {args.seed}, {env_id}: "
          f"{profile.env_steps:,} env steps measured after {args.warmup:,} warm-up steps, "
          f"{profile.updates:,} gradient updates. CPU time (time.process_time_ns), one torch "
          f"thread; load average {load}.\n")
    print(profile.table())
    if args.seed_notebook:
        seed_ns = time_seed_notebook(args.steps, args.warmup, args.seed)
        ours, theirs = profile.per_step_us(profile.total_ns), seed_ns / args.steps / 1e3
        print(f"\nThe seed notebook's code (seed_notebook_port.py), seed {args.seed}, the same "
              f"{args.steps:,} env steps after {args.warmup:,}: {theirs:,.1f} CPU µs per env "
              f"step; dqn_teach / seed notebook = × {ours / theirs:.2f}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
