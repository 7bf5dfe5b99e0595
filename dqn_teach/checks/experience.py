"""Notebook 01: the ``Experience`` NamedTuple and ``to_experience``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from dqn_teach.checks._core import (
    EXPERIENCE_FIELDS,
    CheckResult,
    Mistake,
    Report,
    entry_point,
    fmt,
    shape_text,
)
from dqn_teach.i18n import Bi


@entry_point
def check_experience(Experience: type, to_experience: Callable, lang: str = "en") -> CheckResult:  # noqa: N803
    """Check notebook 01: the ``Experience`` NamedTuple and ``to_experience``.

    ``to_experience(obs, action, next_obs, reward, terminated, truncated)`` gets the flat arrays a
    gymnasium vector env returns and must give ``(num_envs, 1)`` float32 columns for reward and
    terminated, an integer ``(num_envs, 1)`` action column, and must not treat truncation as
    termination.
    """
    report = Report(lang, Bi(ko="경험(Experience) 검사", en="Experience check"))
    t = report.t

    def fields() -> None:
        if not (isinstance(Experience, type) and issubclass(Experience, tuple)
                and hasattr(Experience, "_fields")):
            raise Mistake(
                t(ko=f"Experience가 NamedTuple이 아닙니다 ({type(Experience).__name__}).",
                  en=f"Experience is not a NamedTuple ({type(Experience).__name__})."),
                t(ko="class Experience(NamedTuple):로 선언하세요 (@dataclass가 아닙니다). "
                     "NamedTuple이라야 튜플처럼 풀고 필드 이름으로도 읽을 수 있습니다.",
                  en="declare it as class Experience(NamedTuple): (not a @dataclass); a "
                     "NamedTuple unpacks like a tuple and reads by field name."))
        got = tuple(Experience._fields)
        if got != EXPERIENCE_FIELDS:
            assigned = [name for name in EXPERIENCE_FIELDS
                        if name not in got and name in vars(Experience)]
            hint = (t(ko="truncated는 저장하지 않습니다: 시간 제한은 에피소드의 끝이 아니므로 "
                         "TD 타깃에 쓰이지 않습니다. 필드는 obs, action, next_obs, reward, "
                         "terminated 다섯 개입니다.",
                      en="truncated is not stored: a time limit is not the end of an episode, so "
                         "the TD target never uses it. The fields are obs, action, next_obs, "
                         "reward, terminated.") if "truncated" in got else
                    t(ko=f"{assigned}에 =로 값을 넣었습니다. 필드는 이름: np.ndarray처럼 콜론(:)으로 "
                         "선언합니다.",
                      en=f"{assigned} are assigned with =; fields are declared with a colon, "
                         "name: np.ndarray.") if assigned else
                    t(ko="class Experience(NamedTuple): 아래에 obs, action, next_obs, reward, "
                         "terminated를 이 순서로 적으세요 (수식의 (s, a, r, s') 순서와 다릅니다).",
                      en="under class Experience(NamedTuple): declare obs, action, next_obs, "
                         "reward, terminated in this order (not the (s, a, r, s') order of the "
                         "math)."))
            raise Mistake(
                t(ko=f"필드가 {got}입니다. {EXPERIENCE_FIELDS} 순서여야 합니다.",
                  en=f"the fields are {got}; they must be {EXPERIENCE_FIELDS}, in that order."),
                hint)

    report.item(t(ko="Experience의 필드", en="Experience fields"), fields, fatal=True)

    num_envs = 3
    obs = np.arange(num_envs * 4, dtype=np.float32).reshape(num_envs, 4)
    next_obs = obs + 100.0
    action = np.array([2, 0, 1])
    reward = np.array([1.0, 0.5, -1.0])  # float64, as gymnasium gives it
    terminated = np.array([False, True, False])
    truncated = np.array([False, False, True])  # env 2 hit the time limit
    built: dict[str, Any] = {}

    def build() -> None:
        built["exp"] = to_experience(obs.copy(), action.copy(), next_obs.copy(), reward.copy(),
                                     terminated.copy(), truncated.copy())
        if not isinstance(built["exp"], Experience):
            raise Mistake(
                t(ko=f"to_experience의 반환값이 Experience가 아니라 {type(built['exp']).__name__} 타입입니다.",
                  en=f"to_experience returned a {type(built['exp']).__name__}."),
                t(ko="return Experience(obs=..., action=..., ...) 처럼 Experience를 만들어 "
                     "반환하세요.",
                  en="return Experience(obs=..., action=..., ...)."),
            )

    report.item(t(ko="to_experience가 Experience를 반환", en="to_experience returns an "
                         "Experience"), build, fatal=True)
    exp = built["exp"]

    def shapes() -> None:
        for name in ("action", "reward", "terminated"):
            value = np.asarray(getattr(exp, name))
            if value.shape != (num_envs, 1):
                raise Mistake(
                    t(ko=f"{name}의 모양이 {value.shape}입니다. (num_envs, 1) = ({num_envs}, "
                         "1)이어야 "
                         "합니다.",
                      en=f"{name} has shape {value.shape}; it must be (num_envs, 1) = "
                         f"({num_envs}, 1)."),
                    t(ko=f"gymnasium은 ({num_envs},) 모양을 줍니다. num_envs = obs.shape[0]을 구해 "
                         ".reshape(num_envs, 1)로 열 벡터로 바꾸세요. 그래야 (B, 1) - (B,) "
                         "브로드캐스트 실수가 생기지 않습니다.",
                      en=f"gymnasium gives shape ({num_envs},); with num_envs = obs.shape[0], use "
                         ".reshape(num_envs, 1). Column vectors avoid the (B, 1) - (B,) "
                         "broadcast mistake later."),
                )
        for name in ("obs", "next_obs"):
            if np.asarray(getattr(exp, name)).shape != obs.shape:
                raise Mistake(
                    t(ko=f"{name}의 모양이 {shape_text(getattr(exp, name))}입니다. {obs.shape}여야 "
                         "합니다.",
                      en=f"{name} has shape {shape_text(getattr(exp, name))}; expected {obs.shape}."))

    def dtypes() -> None:
        if not np.issubdtype(np.asarray(exp.action).dtype, np.integer):
            raise Mistake(
                t(ko=f"action의 dtype이 {np.asarray(exp.action).dtype}입니다. 정수여야 합니다.",
                  en=f"action has dtype {np.asarray(exp.action).dtype}; it must be an integer."),
                t(ko="행동은 Q 값을 고르는 인덱스라서 gather에 int64가 필요합니다: "
                     "np.asarray(action, dtype=np.int64).",
                  en="actions index Q-values, and gather needs int64: "
                     "np.asarray(action, dtype=np.int64)."))
        for name in ("reward", "terminated"):
            dtype = np.asarray(getattr(exp, name)).dtype
            if dtype != np.float32:
                raise Mistake(
                    t(ko=f"{name}의 dtype이 {dtype}입니다. float32여야 합니다.",
                      en=f"{name} has dtype {dtype}; it must be float32."),
                    t(ko="np.asarray(x, dtype=np.float32)로 바꾸세요. bool이면 "
                         "1 - terminated 계산이 깨지고, float64면 신경망(float32)과 dtype이 맞지 "
                         "않습니다.",
                      en="use np.asarray(x, dtype=np.float32): a bool breaks 1 - terminated and "
                         "float64 does not match the float32 network."))
        as_float64 = to_experience(obs.astype(np.float64), action.copy(),
                                   next_obs.astype(np.float64), reward.copy(), terminated.copy(),
                                   truncated.copy())
        for name in ("obs", "next_obs"):
            dtype = np.asarray(getattr(as_float64, name)).dtype
            if dtype != np.float32:
                raise Mistake(
                    t(ko=f"float64 관측을 넣었더니 {name}의 dtype이 {dtype}입니다. float32여야 "
                         "합니다.",
                      en=f"given float64 observations, {name} has dtype {dtype}; it must be "
                         "float32."),
                    t(ko="신경망은 float32로 계산하고 리플레이 버퍼도 float64 관측을 받지 "
                         "않습니다. float64 관측만 .astype(np.float32)로 바꾸세요(uint8 화면은 "
                         "그대로 둡니다).",
                      en="the network computes in float32 and the replay buffer refuses float64 "
                         "observations: convert float64 observations with .astype(np.float32) "
                         "(leave uint8 frames as they are)."))

    def kinds() -> None:
        for name in EXPERIENCE_FIELDS:
            if not isinstance(getattr(exp, name), np.ndarray):
                raise Mistake(
                    t(ko=f"{name}의 타입이 {type(getattr(exp, name)).__name__}입니다. numpy 배열이어야 "
                         "합니다.",
                      en=f"{name} is a {type(getattr(exp, name)).__name__}; it must be a numpy "
                         "array."),
                    t(ko="리플레이 버퍼는 numpy 배열로 저장합니다. np.asarray(...)를 쓰세요.",
                      en="the replay buffer stores numpy arrays: use np.asarray(...)."))
        frames = np.arange(num_envs * 4, dtype=np.uint8).reshape(num_envs, 4)
        as_uint8 = to_experience(frames, action.copy(), frames + 1, reward.copy(),
                                 terminated.copy(), truncated.copy())
        for name in ("obs", "next_obs"):
            dtype = np.asarray(getattr(as_uint8, name)).dtype
            if dtype != np.uint8:
                raise Mistake(
                    t(ko=f"uint8 화면을 넣었더니 {name}의 dtype이 {dtype}입니다. uint8 그대로여야 "
                         "합니다.",
                      en=f"given uint8 frames, {name} has dtype {dtype}; it must stay uint8."),
                    t(ko="float64 관측만 float32로 바꾸세요. uint8 화면은 float32의 4분의 1 "
                         "메모리로 저장되니 그대로 둡니다 (08의 Atari).",
                      en="convert float64 observations only: uint8 frames take a quarter of "
                         "float32's memory, so they stay uint8 (Atari, notebook 08)."))

    def values() -> None:
        for name, expected in (("obs", obs), ("next_obs", next_obs), ("action", action[:, None]),
                               ("reward", reward[:, None])):
            got = np.asarray(getattr(exp, name), dtype=np.float64)
            if got.size == expected.size and np.allclose(got.reshape(expected.shape), expected):
                continue  # right values; a wrong shape is the shapes item's business
            if got.shape != expected.shape or not np.allclose(got, expected):
                raise Mistake(
                    t(ko=f"{name}의 값이 입력과 다릅니다: {fmt(got)} (기대값 {fmt(expected)}).",
                      en=f"{name} does not hold the input values: {fmt(got)} "
                         f"(expected {fmt(expected)})."),
                    t(ko="각 인자를 같은 이름의 필드에 넣었는지 확인하세요 (obs와 next_obs를 "
                         "바꾸지 않았나요?).",
                      en="put each argument in the field of the same name (obs and next_obs "
                         "swapped?).") if name in ("obs", "next_obs") else
                    t(ko="각 인자를 같은 이름의 필드에 넣었는지 확인하세요.",
                      en="put each argument in the field of the same name."))

    def termination() -> None:
        got = np.asarray(exp.terminated, dtype=np.float64).reshape(-1)
        expected = terminated.astype(np.float64)
        if np.allclose(got, (terminated | truncated).astype(np.float64)):
            raise Mistake(
                t(ko="중단(truncated)된 환경이 종료(terminated)로 기록되었습니다.",
                  en="an environment that was truncated is stored as terminated."),
                t(ko="시간 제한으로 끊긴 것(truncation)은 MDP가 끝난 것이 아닙니다. 다음 상태에도 "
                     "가치가 "
                     "있으므로 TD 타깃은 계속 부트스트래핑해야 합니다. terminated만 저장하고 "
                     "truncated는 버리세요.",
                  en="a time-limit truncation is not the end of the MDP: the next state still "
                     "has value, so the TD target must keep bootstrapping. Store terminated only; "
                     "drop truncated."))
        if not np.allclose(got, expected):
            raise Mistake(
                t(ko=f"terminated가 {fmt(got)}입니다. 기대값은 {fmt(expected)}입니다.",
                  en=f"terminated is {fmt(got)}; expected {fmt(expected)}."),
                t(ko="끝난 환경은 1.0, 아니면 0.0입니다 (뒤집지 마세요).",
                  en="1.0 where the episode terminated, else 0.0 (not inverted)."))

    report.item(t(ko="열 모양 (num_envs, 1)", en="column shapes (num_envs, 1)"), shapes)
    report.item(t(ko="dtype (action은 정수, reward·terminated는 float32)",
                  en="dtypes (integer action, float32 reward and terminated)"), dtypes)
    report.item(t(ko="numpy 배열, uint8 화면은 그대로", en="numpy arrays, uint8 frames kept"),
                kinds)
    report.item(t(ko="필드 값", en="field values"), values)
    report.item(t(ko="중단(truncation)은 종료(termination)가 아님",
                  en="truncation is not termination"), termination)

    num_envs_hint = t(ko="num_envs를 obs.shape[0]에서 구하세요 (숫자를 고정하지 마세요).",
                      en="take num_envs from obs.shape[0] (do not hard-code it).")

    def single_env() -> None:
        single = to_experience(obs[:1], action[:1], next_obs[:1], reward[:1], terminated[:1],
                               truncated[:1])
        for name in ("action", "reward", "terminated"):
            if np.asarray(getattr(single, name)).shape != (1, 1):
                raise Mistake(
                    t(ko=f"환경이 1개일 때 {name}의 모양이 {shape_text(getattr(single, name))}입니다. "
                         "(1, 1)이어야 합니다.",
                      en=f"with one environment {name} has shape "
                         f"{shape_text(getattr(single, name))}; it must be (1, 1)."), num_envs_hint)

    report.item(t(ko="환경 1개", en="a single environment"), single_env,
                error_hint=num_envs_hint)
    return report.finish()
