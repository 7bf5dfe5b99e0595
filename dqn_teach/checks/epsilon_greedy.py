"""Notebook 03: the ε-greedy policy and the linear decay schedule."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import torch

from dqn_teach.checks._core import (
    CheckResult,
    Mistake,
    Report,
    as_tensor_output,
    close,
    entry_point,
    fmt,
    seeded,
)
from dqn_teach.i18n import Bi
from dqn_teach.policy import LinearSchedule


def _expected_probs(q_values: torch.Tensor, epsilon: float) -> torch.Tensor:
    num_actions = q_values.shape[1]
    probs = torch.full(q_values.shape, epsilon / num_actions, dtype=torch.float64)
    greedy = q_values.argmax(dim=1, keepdim=True)
    return probs.scatter_(1, greedy, 1.0 - epsilon + epsilon / num_actions)


def _probability_shape_hint(shape: tuple[int, ...], expected: tuple[int, ...]) -> Bi:
    """Why ``probabilities()`` has ``shape`` instead of ``expected`` = (B, n)."""
    batch, num_actions = expected
    if shape == (batch, 1, num_actions):
        return Bi(ko="argmax(dim=1, keepdim=True)는 (B, 1)이고, 이것을 F.one_hot에 넣으면 (B, 1, n)이 "
                     "됩니다. one_hot을 쓸 때는 keepdim 없이 q_values.argmax(dim=1)의 (B,)를 "
                     "넣으세요 (keepdim=True는 scatter_로 채울 때 씁니다).",
                  en="argmax(dim=1, keepdim=True) is (B, 1), and F.one_hot turns it into "
                     "(B, 1, n). With one_hot, use q_values.argmax(dim=1), shape (B,), without "
                     "keepdim (keepdim=True is for filling with scatter_).")
    if shape == (num_actions, num_actions) or (len(shape) == 2 and shape[0] != batch):
        return Bi(ko="argmax를 환경 차원(dim=0)에서 구했습니다. 행동 차원에서 구하세요: "
                     "q_values.argmax(dim=1).",
                  en="the argmax was taken over the environments (dim=0); take it over the "
                     "actions: q_values.argmax(dim=1).")
    if len(shape) == 1:
        return Bi(ko="argmax()에 dim을 주지 않았거나 행 하나만 계산했습니다. 행마다 "
                     "q_values.argmax(dim=1)로 고르고 (B, n) 확률을 돌려주세요.",
                  en="argmax() has no dim, or only one row was computed; pick per row with "
                     "q_values.argmax(dim=1) and return (B, n) probabilities.")
    return Bi(ko="q_values와 같은 (B, n) 모양의 확률을 돌려주세요: 각 행이 한 환경, 각 열이 한 "
                 "행동입니다.",
              en="return probabilities of the same (B, n) shape as q_values: one row per "
                 "environment, one column per action.")


@entry_point
def check_epsilon_greedy(EpsilonGreedyPolicy: type, lang: str = "en") -> CheckResult:  # noqa: N803
    """Check notebook 03: ``EpsilonGreedyPolicy(epsilon, generator=None)`` with
    ``probabilities(q_values) -> (n, A)`` and ``sample(q_values) -> (n, 1)``."""
    report = Report(lang, Bi(ko="입실론-탐욕 정책(ε-greedy policy) 검사", en="ε-greedy policy check"))
    t = report.t
    epsilon = 0.3
    q_values = torch.tensor([[1.0, 3.0, 2.0, 0.0], [5.0, -1.0, 0.0, 2.0], [0.0, 0.5, 1.0, 4.0]])
    num_actions = q_values.shape[1]
    made: dict[str, Any] = {}
    formula_hint = t(
        ko="무작위 행동도 탐욕 행동(greedy action)을 고를 수 있으므로 탐욕 행동의 확률은 "
           "1 - ε + ε/n, 나머지 행동은 각각 ε/n입니다 (n = 행동 수, q_values.shape[1]).",
        en="the random action can also be the greedy one, so the greedy action has "
           "probability 1 - ε + ε/n and every other action ε/n (n = number of actions, "
           "q_values.shape[1]).")

    def construct() -> None:
        made["policy"] = EpsilonGreedyPolicy(epsilon)

    report.item(t(ko="EpsilonGreedyPolicy(0.3) 생성", en="EpsilonGreedyPolicy(0.3)"),
                       construct, fatal=True)
    policy = made["policy"]

    def check_probs(got: Any, eps: float) -> None:
        got = as_tensor_output(got, "probabilities()")
        expected = _expected_probs(q_values, eps)
        if tuple(got.shape) != tuple(q_values.shape):
            raise Mistake(
                t(ko=f"확률의 모양이 {tuple(got.shape)}입니다. q_values와 같은 "
                     f"{tuple(q_values.shape)}여야 합니다.",
                  en=f"the probabilities have shape {tuple(got.shape)}; they must match "
                     f"q_values, {tuple(q_values.shape)}."),
                _probability_shape_hint(tuple(got.shape), tuple(q_values.shape)))
        got = got.detach().double()
        greedy_positions = got.argmax(dim=1)
        if eps < 1.0 and not torch.equal(greedy_positions, q_values.argmax(dim=1)):
            raise Mistake(
                t(ko=f"가장 큰 확률이 행동 {greedy_positions.tolist()}에 있습니다. 탐욕 행동은 "
                     f"{q_values.argmax(dim=1).tolist()}입니다.",
                  en=f"the largest probability is on actions {greedy_positions.tolist()}, but "
                     f"the greedy actions are {q_values.argmax(dim=1).tolist()}."),
                t(ko="탐욕 행동은 각 환경(행)마다 행동 차원에서 고릅니다: q_values.argmax(dim=1).",
                  en="the greedy action is chosen per environment (row), over the action "
                     "dimension: q_values.argmax(dim=1)."))
        if torch.allclose(got, expected, atol=1e-6):
            return
        greedy_got = got.gather(1, q_values.argmax(dim=1, keepdim=True)).reshape(-1)
        if torch.allclose(greedy_got, torch.full_like(greedy_got, 1 - eps), atol=1e-6):
            problem = t(ko=f"탐욕 행동의 확률이 1 - ε = {1 - eps:.3f}입니다. "
                           f"1 - ε + ε/n = {1 - eps + eps / num_actions:.3f}이어야 합니다.",
                        en=f"the greedy action gets 1 - ε = {1 - eps:.3f}; it must be "
                           f"1 - ε + ε/n = {1 - eps + eps / num_actions:.3f}.")
        else:
            row_sum = float(got[0].sum())
            problem = t(ko=f"ε = {eps}에서 확률이 {fmt(got[0])}입니다 (첫 행, 합 {row_sum:.3g}). "
                           f"기대값은 {fmt(expected[0])}입니다.",
                        en=f"with ε = {eps} the probabilities are {fmt(got[0])} (first row, sum "
                           f"{row_sum:.3g}); expected {fmt(expected[0])}.")
        raise Mistake(problem, formula_hint)

    report.item(t(ko="probabilities(): 탐욕 1 - ε + ε/n, 나머지 ε/n",
                  en="probabilities(): greedy 1 - ε + ε/n, others ε/n"),
                lambda: check_probs(policy.probabilities(q_values.clone()), epsilon),
                error_hint=formula_hint)

    def extremes() -> None:
        for eps in (0.0, 1.0):
            policy.epsilon = eps
            got = policy.probabilities(q_values.clone())
            stale = isinstance(got, torch.Tensor) and close(
                got, _expected_probs(q_values, epsilon))
            try:
                if stale:
                    raise Mistake(
                        t(ko=f"확률이 그대로 ε = {epsilon}일 때의 값입니다.",
                          en=f"the probabilities are still those of ε = {epsilon}."),
                        t(ko="probabilities()와 sample()은 매번 현재 self.epsilon을 읽어야 합니다 "
                             "(DQN이 매 스텝 ε을 바꿉니다). __init__에서 미리 계산해 두지 마세요.",
                          en="probabilities() and sample() must read the current self.epsilon "
                             "every call (DQN changes ε every step); do not precompute it in "
                             "__init__."))
                check_probs(got, eps)
            except Mistake as mistake:
                prefix = t(ko=f"policy.epsilon = {eps} 설정 후: ",
                           en=f"after policy.epsilon = {eps}: ")
                raise Mistake(prefix + report.text(mistake.problem), mistake.hint) from None
        policy.epsilon = epsilon

    report.item(t(ko="ε = 0 (항상 탐욕)과 ε = 1 (균등 무작위), epsilon 속성 변경 반영",
                  en="ε = 0 (always greedy) and ε = 1 (uniform), after changing .epsilon"),
                extremes)

    sample_hint = t(ko="sample()은 (num_envs, 1) 모양의 int64 텐서를 반환합니다. "
                       "torch.multinomial(probs, 1)이 바로 그 모양입니다.",
                    en="sample() returns an int64 tensor of shape (num_envs, 1); "
                       "torch.multinomial(probs, 1) gives exactly that.")

    def sample_shape() -> None:
        with seeded(0):
            actions = as_tensor_output(policy.sample(q_values.clone()), "sample()")
        if tuple(actions.shape) != (q_values.shape[0], 1) or actions.dtype != torch.int64:
            raise Mistake(
                t(ko=f"sample()이 모양 {tuple(actions.shape)}, dtype {actions.dtype}를 "
                     "반환했습니다.",
                  en=f"sample() returned shape {tuple(actions.shape)}, dtype {actions.dtype}."),
                sample_hint)
        if actions.min() < 0 or actions.max() >= num_actions:
            raise Mistake(t(ko=f"행동 {actions.reshape(-1).tolist()} 중 범위 밖 값이 있습니다.",
                             en=f"actions {actions.reshape(-1).tolist()} are out of range."))

    report.item(t(ko="sample()의 모양 (num_envs, 1), int64",
                         en="sample() shape (num_envs, 1), int64"), sample_shape,
                       error_hint=sample_hint, fatal=True)

    def frequencies() -> None:
        # Two kinds of rows with different greedy actions, 2000 of each.
        rows = torch.tensor([[0.0, 2.0, 1.0], [3.0, 0.0, 1.0]]).repeat(2000, 1)
        n = 3
        for eps, seed in ((epsilon, 10), (0.0, 11), (1.0, 12)):
            policy.epsilon = eps
            with seeded(seed):
                actions = policy.sample(rows.clone()).reshape(-1)
            expected = _expected_probs(rows[:2], eps)  # (2, n)
            for kind, greedy in ((0, 1), (1, 0)):
                drawn = actions[kind::2]
                freq = torch.bincount(drawn, minlength=n).double() / len(drawn)
                p = expected[kind]
                sigma = torch.sqrt(p * (1 - p) / len(drawn))
                if torch.all((freq - p).abs() <= 5 * sigma + 1e-9):
                    continue
                greedy_freq = float(freq[greedy])
                flipped = 1 - (1 - eps) + (1 - eps) / n  # explores with probability 1 - ε
                without_greedy = 1 - eps  # random action never the greedy one
                if eps not in (0.0, 1.0) and abs(greedy_freq - flipped) < 0.03:
                    hint = t(ko="탐험 조건이 반대로 되어 있습니다. 난수 < ε일 때 무작위 "
                                "행동(탐험), "
                                "그렇지 않으면 탐욕 행동(활용)입니다.",
                             en="the comparison is flipped: explore (random action) when "
                                "random < ε, otherwise exploit (greedy action).")
                elif eps not in (0.0, 1.0) and abs(greedy_freq - without_greedy) < 0.03:
                    hint = formula_hint
                else:
                    hint = t(ko="각 행(환경)마다 자기 q_values의 argmax를 탐욕 행동으로 쓰고, ε "
                                "확률로 "
                                "전체 행동 중 균등하게 고르세요.",
                             en="use each row's own argmax as its greedy action and, with "
                                "probability ε, pick uniformly among all actions.")
                raise Mistake(
                    t(ko=f"ε = {eps}에서 2000번 뽑은 행동 빈도가 {fmt(freq)}입니다. 기대 확률은 "
                         f"{fmt(p)}이고, 차이가 2000번 뽑을 때 우연히 생기는 정도보다 훨씬 "
                         "큽니다.",
                      en=f"with ε = {eps}, the action frequencies over 2000 draws are "
                         f"{fmt(freq)}; expected {fmt(p)}, far beyond what chance gives in 2000 "
                         "draws."), hint)
        policy.epsilon = epsilon

    report.item(t(ko="sample()의 행동 빈도가 ε-탐욕 확률과 일치 (ε = 0.3, 0, 1)",
                  en="sampled action frequencies match the ε-greedy probabilities "
                     "(ε = 0.3, 0, 1)"), frequencies)

    def uses_generator() -> None:
        rows = q_values.repeat(50, 1)
        draws = []
        for global_seed in (1, 2):  # only the policy's own generator may decide the actions
            twin = EpsilonGreedyPolicy(0.5, generator=torch.Generator().manual_seed(7))
            with seeded(global_seed):
                draws.append(twin.sample(rows.clone()))
        if not torch.equal(draws[0], draws[1]):
            raise Mistake(
                t(ko="같은 시드의 generator를 준 두 정책이 서로 다른 행동을 뽑았습니다. 전역 난수를 "
                     "쓰고 있어 실험을 재현할 수 없습니다.",
                  en="two policies given generators with the same seed drew different actions: "
                     "the global random state is used, so runs cannot be reproduced."),
                t(ko="난수는 self.generator로만 뽑으세요: torch.multinomial(probs, 1, "
                     "generator=self.generator).",
                  en="draw only from self.generator: torch.multinomial(probs, 1, "
                     "generator=self.generator)."))

    report.item(t(ko="같은 generator 시드면 같은 행동", en="same generator seed, same actions"),
                uses_generator)
    return report.finish()


@entry_point
def check_linear_schedule(linear_schedule: Callable, lang: str = "en") -> CheckResult:
    """Check notebook 03: ``linear_schedule(t, start_t, end_t, start_value, end_value)``."""
    report = Report(lang, Bi(ko="선형 감소 스케줄(linear decay schedule) 검사",
                             en="Linear schedule check"))
    t = report.t

    def expect(args: tuple, what_ko: str, what_en: str, hint: str) -> None:
        expected = LinearSchedule(*args[1:])(args[0])
        got = linear_schedule(*args)
        try:
            value = float(got)
        except (TypeError, ValueError):
            raise Mistake(
                t(ko=f"숫자가 아닌 값({type(got).__name__})을 반환했습니다.",
                  en=f"returned a {type(got).__name__}, not a number."),
                t(ko="float 하나를 반환하세요.", en="return a single float.")) from None
        if not math.isclose(value, expected, abs_tol=1e-6):
            raise Mistake(
                t(ko=f"{what_ko}: linear_schedule{args} = {value:.4g}, 기대값 {expected:.4g}.",
                  en=f"{what_en}: linear_schedule{args} = {value:.4g}, expected {expected:.4g}."),
                hint)

    line_hint = t(ko="진행률 fraction = (t - start_t) / (end_t - start_t)를 구해 "
                     "start_value + fraction * (end_value - start_value)를 반환하세요.",
                  en="compute fraction = (t - start_t) / (end_t - start_t) and return "
                     "start_value + fraction * (end_value - start_value).")
    clip_hint = t(ko="fraction을 0과 1 사이로 자르세요(clip): min(max(fraction, 0), 1). 값 자체를 "
                     "자르면 ε이 커지는 스케줄에서 틀립니다.",
                  en="clip the fraction to [0, 1]: min(max(fraction, 0), 1). Clipping the value "
                     "instead breaks increasing schedules.")
    report.item(t(ko="시작점과 끝점", en="start and end points"), lambda: (
        expect((100, 100, 600, 1.0, 0.1), "t = start_t", "t = start_t", line_hint),
        expect((600, 100, 600, 1.0, 0.1), "t = end_t", "t = end_t", line_hint)))
    report.item(t(ko="중간값 (start_t ≠ 0)", en="values in between (start_t ≠ 0)"), lambda: (
        expect((350, 100, 600, 1.0, 0.1), "중간", "halfway", line_hint),
        expect((225, 100, 600, 1.0, 0.2), "1/4 지점", "a quarter of the way", line_hint)))
    report.item(t(ko="end_t 이후에는 end_value로 고정 (clip)",
                  en="clipped to end_value after end_t"), lambda: (
        expect((10_000, 100, 600, 1.0, 0.1), "end_t 이후", "after end_t", clip_hint)))
    report.item(t(ko="start_t 이전에는 start_value로 고정 (clip)",
                  en="clipped to start_value before start_t"), lambda: (
        expect((0, 100, 600, 1.0, 0.1), "start_t 이전", "before start_t", clip_hint)))
    report.item(t(ko="증가하는 스케줄 (start_value < end_value)",
                  en="an increasing schedule (start_value < end_value)"), lambda: (
        expect((0, 10, 20, 0.2, 0.8), "start_t 이전", "before start_t", clip_hint),
        expect((15, 10, 20, 0.2, 0.8), "중간", "halfway", clip_hint),
        expect((99, 10, 20, 0.2, 0.8), "end_t 이후", "after end_t", clip_hint)))
    return report.finish()
