"""Notebook 02: why experience replay, and a preallocated numpy ring buffer built step by step."""

from tools.nbbuild import Course, bi

course = Course("02_replay_buffer")

course.md(
    ko=r"""
# 02. 리플레이 버퍼: 경험을 저장하고 무작위로 다시 꺼내기

노트북 01에서 전이를 담는 그릇 `Experience`를 만들었습니다. 이번에는 그 그릇들을 모아 두는
창고, 리플레이 버퍼를 만듭니다. DQN 논문의 핵심 아이디어 가운데 하나인 경험 리플레이는 간단합니다. 에이전트가 겪은 전이를 큰 메모리에 계속 쌓아 두고, 학습할 때는 방금 겪은 전이가
아니라 메모리 전체에서 **무작위로 뽑은** 미니배치(mini-batch)로 배웁니다.

## 학습 목표

- 연속된 전이들 사이에 강한 상관관계(correlation)가 있다는 것을 그림으로 확인하고, 무작위 샘플링이 왜 그 상관관계를
  끊는지 설명할 수 있습니다.
- 미리 할당한 NumPy 배열로 링 버퍼(ring buffer)를 만들 수 있습니다: 저장 배열, 쓰기 위치, 순환, 채워진 칸 수.
- 채워진 칸에서만 균등 샘플링(uniform sampling)해 torch 텐서로 돌려줄 수 있습니다.
- `can_sample`의 두 조건(데이터가 충분한가, 마지막 샘플 뒤로 `training_freq`번 추가했는가)을 설명하고 구현할 수 있습니다.
- 실제 CartPole 데이터로 패키지의 `ReplayBuffer`를 쓸 수 있습니다.
""",
    en=r"""
# 02. The replay buffer: store experience, then draw it back at random

Notebook 01 built `Experience`, the container for transitions. Now we build the store that keeps them:
the replay buffer. Experience replay, one of the key ideas of the DQN paper, is simple: keep piling the
agent's transitions into a large memory, and learn not from the transition that just happened but from
mini-batches drawn **at random** from the whole memory.

## Learning goals

- See in a figure that consecutive transitions are strongly correlated, and explain why random
  sampling breaks that correlation.
- Build a ring buffer on preallocated NumPy arrays: storage arrays, a write index, wrap-around, a count
  of filled slots.
- Sample uniformly from the filled slots only, and return torch tensors.
- Explain and implement the two conditions of `can_sample`: enough data, and `training_freq` adds
  since the last sample.
- Use the package's `ReplayBuffer` on real CartPole data.
""",
)

course.code(**bi(r'''
from dqn_teach.course import setup

LANG = setup(lang="«ko|en»")
'''))

course.code(
    """
import gymnasium as gym
import matplotlib.pyplot as plt
import numpy as np
import torch

from dqn_teach.experience import Experience, make_experience
from dqn_teach.i18n import tr

np.set_printoptions(precision=3, suppress=True)
"""
)

course.md(
    ko=r"""
## 1. 왜 경험을 다시 꺼내 쓰나요?

신경망을 경사 하강법으로 학습할 때는 미니배치의 샘플들이 서로 독립이고
같은 분포에서 왔다고 가정합니다. 그런데 에이전트가 겪는 전이는 시간 순서대로 이어진 한 줄기입니다. 이번
스텝의 막대 각도는 바로 전 스텝의 각도와 거의 같습니다. 방금 겪은 전이 32개로 미니배치를 만들면 사실상 같은
상황 하나를 32번 보는 셈이고, 신경망은 그 상황에 맞춰 크게 흔들렸다가 다음 상황에서 또 반대로 흔들립니다.

경험 리플레이는 이 문제를 두 가지로 풉니다.

1. **상관관계를 끊습니다.** 큰 메모리에서 무작위로 뽑으면 한 미니배치에 서로 다른 에피소드, 서로 다른
   시점의 전이가 섞입니다.
2. **데이터를 재사용합니다.** 전이 하나가 버려지지 않고 여러 번 학습에 쓰이므로, 환경과 상호작용하는 비용이
   큰 문제에서 효율이 좋아집니다.

실제 데이터로 확인해 봅니다. 노트북 01의 제어 규칙 `balance`에 절반쯤 무작위 행동을 섞어 CartPole을 5000 스텝
진행하고, 관측을 시간 순서대로 모읍니다. 에피소드가 적당히 길어서(평균 100 스텝 정도) 학습 중인 에이전트의
데이터와 비슷합니다.
""",
    en=r"""
## 1. Why replay experience?

Training a neural network with gradient descent assumes the samples of a mini-batch are independent
and come from the same distribution. But an agent's transitions form one stream in time order: the pole
angle at this step is almost the same as at the previous one. A mini-batch of the last 32 transitions
is essentially one situation seen 32 times; the network swings hard towards it, then swings back for
the next situation.

Experience replay fixes this in two ways:

1. **It breaks the correlation.** Drawing at random from a large memory mixes transitions from
   different episodes and moments into every mini-batch.
2. **It reuses data.** Each transition is learned from many times instead of once, which matters when
   interacting with the environment is expensive.

Let us check with real data. We mix the control rule `balance` from notebook 01 with random actions
half of the time, run CartPole for 5000 steps and keep the observations in time order. Episodes are
moderately long (about 100 steps), much like the data of an agent that is still learning.
""",
)

course.code(**bi(r'''
def balance(obs: np.ndarray) -> int:
    """«노트북 01의 제어 규칙: 막대가 기울어지는 쪽으로 수레를 밉니다|The control rule of notebook 01: push towards where the pole is falling»."""
    return int(obs[2] + 0.5 * obs[3] + 0.05 * obs[0] + 0.5 * obs[1] > 0)


def collect_stream(num_steps: int, random_prob: float, seed: int) -> np.ndarray:
    """«환경 하나를 num_steps 진행하며 관측을 시간 순서대로 모읍니다. 반환:|Run one env for num_steps and keep the observations in time order. Returns» (num_steps, 4)."""
    env = gym.make("CartPole-v1")
    rng = np.random.default_rng(seed)
    obs, info = env.reset(seed=seed)
    stream = []
    for _ in range(num_steps):
        action = int(rng.integers(2)) if rng.random() < random_prob else balance(obs)
        next_obs, reward, terminated, truncated, info = env.step(action)
        stream.append(obs)
        obs = env.reset()[0] if terminated or truncated else next_obs
    env.close()
    return np.array(stream)


stream = collect_stream(5000, random_prob=0.5, seed=0)
# «같은 메모리를 균등 샘플링한 순서로 읽습니다|The same memory, read in uniformly sampled order».
sampled_order = np.random.default_rng(1).integers(0, len(stream), size=len(stream))


def autocorrelation(x: np.ndarray, lag: int) -> float:
    """«x[t]와 x[t + lag]의 상관계수|Correlation coefficient of x[t] and x[t + lag]»."""
    return float(np.corrcoef(x[:-lag], x[lag:])[0, 1])
'''))

course.md(
    ko=r"""
자기상관(autocorrelation)은 한 값과 $k$ 스텝 뒤 값의 상관계수입니다. 1에 가까우면 $k$ 스텝 뒤의 값을 지금
값으로 거의 맞힐 수 있다는 뜻이고, 0이면 서로 관계가 없다는 뜻입니다. 시간 순서 그대로와, 메모리에서
균등하게 뽑은 순서를 비교합니다.
""",
    en=r"""
The autocorrelation at lag $k$ is the correlation coefficient between a value and the value $k$ steps
later. Near 1 means the current value almost predicts the one $k$ steps ahead; 0 means no relation.
Compare the stream in time order with the same memory read in uniformly sampled order.
""",
)

course.code(
    ko="""
# NBVAL_CHECK_OUTPUT
for column, name in [(0, "수레 위치"), (2, "막대 각도")]:
    in_time = autocorrelation(stream[:, column], 1)
    sampled = autocorrelation(stream[sampled_order, column], 1)
    print(f"{name}: 연속된 두 스텝의 상관계수 {in_time:+.3f},",
          f"무작위로 뽑은 두 샘플의 상관계수 {sampled:+.3f}")
""",
    en="""
# NBVAL_CHECK_OUTPUT
for column, name in [(0, "cart position"), (2, "pole angle")]:
    in_time = autocorrelation(stream[:, column], 1)
    sampled = autocorrelation(stream[sampled_order, column], 1)
    print(f"{name}: correlation of consecutive steps {in_time:+.3f},",
          f"of consecutive random samples {sampled:+.3f}")
""",
)

course.code(
    r"""
lags = np.arange(1, 61)
batch_size = 64
fig, (ax_acf, ax_batch) = plt.subplots(1, 2, figsize=(11, 3.8), layout="constrained")
for column, label, color in [(0, tr(LANG, "수레 위치", "cart position"), "tab:orange"),
                             (2, tr(LANG, "막대 각도", "pole angle"), "tab:purple")]:
    ax_acf.plot(lags, [autocorrelation(stream[:, column], lag) for lag in lags], color=color,
                label=tr(LANG, f"{label}, 시간 순서", f"{label}, in time order"))
    ax_acf.plot(lags, [autocorrelation(stream[sampled_order, column], lag) for lag in lags],
                color=color, ls="--",
                label=tr(LANG, f"{label}, 무작위 샘플", f"{label}, random samples"))
ax_acf.axhline(0, color="black", lw=0.8)
ax_acf.set(xlabel=tr(LANG, "간격 $k$ (스텝)", "lag $k$ (steps)"),
           ylabel=tr(LANG, "자기상관", "autocorrelation"),
           title=tr(LANG, "(가) 가까운 스텝끼리는 거의 같습니다",
                    "(a) nearby steps are nearly the same"))
ax_acf.legend(fontsize=8)

recent = stream[-batch_size:]  # «가장 최근 전이 64개|the newest 64 transitions»
uniform = stream[np.random.default_rng(2).integers(0, len(stream), size=batch_size)]
ax_batch.scatter(stream[:, 0], stream[:, 2], s=2, color="lightgrey",
                 label=tr(LANG, "메모리 전체 (5000)", "whole memory (5000)"))
ax_batch.plot(recent[:, 0], recent[:, 2], "o-", ms=3, color="tab:red",
              label=tr(LANG, f"최근 {batch_size}개 (연속)", f"newest {batch_size} (consecutive)"))
ax_batch.scatter(uniform[:, 0], uniform[:, 2], s=12, color="tab:blue",
                 label=tr(LANG, f"무작위 {batch_size}개 (균등 샘플링)",
                          f"random {batch_size} (uniform)"))
ax_batch.set(xlabel=tr(LANG, "수레 위치", "cart position"),
             ylabel=tr(LANG, "막대 각도 (rad)", "pole angle (rad)"),
             title=tr(LANG, "(나) 미니배치 하나가 보는 상태들",
                      "(b) the states one mini-batch sees"))
ax_batch.legend(fontsize=8, loc="lower right")
plt.show()
"""
)

course.md(
    ko=r"""
(가) 시간 순서로 읽으면 1 스텝 간격의 상관계수가 0.9를 넘습니다. 막대 각도는 10 스텝 남짓 지나야 0으로
내려오고, 수레 위치는 60 스텝이 지나도 상관이 남아 있습니다. 같은 메모리를 무작위 순서로 읽으면 모든 간격에서
0 근처입니다. (나) 최근 64개로 만든 미니배치(빨강)는 상태 공간의 좁은 한
귀퉁이만 보지만, 무작위로 뽑은 64개(파랑)는 메모리 전체에 고르게 퍼져 있습니다.

## 2. 링 버퍼를 한 단계씩 만들기

메모리는 크기가 정해져 있습니다. 이것을 용량(capacity)이라고 합니다. 가득 차면 가장 오래된 전이를 새 전이로
덮어씁니다. 이렇게 끝에 닿으면 처음으로 돌아가 쓰는 구조를 링 버퍼라고 합니다.

### 2.1 저장 배열: 미리 한 번에 할당합니다

이 코스의 출발점이 된 원래 노트북은 필드마다 파이썬 리스트 `[None] * capacity`에 배열을 하나씩 넣었습니다.
동작은 하지만, 샘플링할 때마다 흩어진 작은 배열을 배치 크기만큼 모아 새 배열로 합쳐야 합니다. 대신 필드마다
`(capacity, ...)` 모양의 NumPy 배열을 **처음에 한 번** 만들어 두면, 전이 저장은 행 하나를 덮어쓰는 일이고
샘플링은 인덱스 배열로 행을 한꺼번에 꺼내는 일(fancy indexing)이 됩니다.

| 필드 | 저장 배열의 모양 | 자료형 |
|---|---|---|
| `obs`, `next_obs` | `(capacity, *obs_shape)` | 관측과 같음 |
| `action` | `(capacity, 1)` | `int64` |
| `reward`, `terminated` | `(capacity, 1)` | `float32` |

관측의 모양과 자료형은 첫 전이를 받아 봐야 알 수 있으므로, 배열은 첫 `add`에서 만듭니다. 두 방식으로 배치
128개를 꺼내는 시간을 비교해 봅니다(측정값은 컴퓨터마다 다릅니다).
""",
    en=r"""
(a) In time order, consecutive steps correlate above 0.9. The pole angle needs a dozen steps to drop to
0, and the cart position is still correlated after 60 steps. Read in random order, the same memory is
uncorrelated at every lag. (b) A mini-batch of the newest 64
transitions (red) sees a small corner of the state space; 64 random ones (blue) spread over the whole memory.

## 2. Building the ring buffer step by step

The memory has a fixed size, its capacity. When it is full, the oldest transition is overwritten by
the new one. A store that goes back to the start when it reaches the end is called a ring buffer.

### 2.1 Storage arrays, allocated once

The notebook this course grew from kept each field in a Python list `[None] * capacity`, one small
array per entry. It works, but every sample has to gather a batch worth of scattered small arrays and glue
them into a new one. If instead each field is one NumPy array of shape `(capacity, ...)` created **once**,
storing a transition overwrites a row, and sampling takes many rows at once with an index array
(fancy indexing).

| field | storage shape | dtype |
|---|---|---|
| `obs`, `next_obs` | `(capacity, *obs_shape)` | as observed |
| `action` | `(capacity, 1)` | `int64` |
| `reward`, `terminated` | `(capacity, 1)` | `float32` |

The shape and dtype of an observation are known only once the first transition arrives, so the arrays
are created in the first `add`. Let us time drawing a batch of 128 both ways (numbers vary by machine).
""",
)

course.code(
    ko="""
# NBVAL_IGNORE_OUTPUT
import operator
import timeit

capacity, obs_shape = 10_000, (4,)
# 원래 노트북 방식: 칸마다 작은 배열 하나
as_list = [np.zeros(obs_shape, dtype=np.float32) for _ in range(capacity)]
as_array = np.zeros((capacity, *obs_shape), dtype=np.float32)  # 미리 할당한 배열 하나
idx = np.random.default_rng(0).integers(0, capacity, size=128)

list_time = timeit.timeit(lambda: np.array(operator.itemgetter(*idx)(as_list)), number=2000) / 2000
array_time = timeit.timeit(lambda: as_array[idx], number=2000) / 2000
print(f"리스트에서 꺼내기: {list_time * 1e6:6.1f} µs / 배치")
print(f"배열에서 꺼내기:   {array_time * 1e6:6.1f} µs / 배치",
      f"({list_time / array_time:.0f}배 빠름)")
print(f"배열 하나의 크기: {as_array.nbytes / 1e3:.0f} kB (capacity × 4 × 4바이트)")
""",
    en="""
# NBVAL_IGNORE_OUTPUT
import operator
import timeit

capacity, obs_shape = 10_000, (4,)
# the original notebook's way: one small array per slot
as_list = [np.zeros(obs_shape, dtype=np.float32) for _ in range(capacity)]
as_array = np.zeros((capacity, *obs_shape), dtype=np.float32)  # one preallocated array
idx = np.random.default_rng(0).integers(0, capacity, size=128)

list_time = timeit.timeit(lambda: np.array(operator.itemgetter(*idx)(as_list)), number=2000) / 2000
array_time = timeit.timeit(lambda: as_array[idx], number=2000) / 2000
print(f"from the list:  {list_time * 1e6:6.1f} µs per batch")
print(f"from the array: {array_time * 1e6:6.1f} µs per batch",
      f"({list_time / array_time:.0f}× faster)")
print(f"one array takes {as_array.nbytes / 1e3:.0f} kB (capacity × 4 × 4 bytes)")
""",
)

course.md(
    ko=r"""
### 2.2 쓰기 위치와 순환

버퍼는 다음 행을 쓸 위치 `next_idx`를 기억합니다. 환경이 `num_envs`개이므로 `add` 한 번에 행 `num_envs`개를
씁니다. 끝에 닿으면 나머지 연산 `%`로 처음으로 돌아갑니다.

$$
\text{slots} = (\texttt{next\_idx} + [0, 1, \dots, \texttt{num\_envs}-1]) \bmod \texttt{capacity}
$$

그다음 `next_idx`를 `num_envs`만큼 옮기고(역시 `% capacity`), 채워진 칸 수 `count`는
$\min(\texttt{count} + \texttt{num\_envs},\ \texttt{capacity})$로 늘립니다. 용량 7, 환경 3개로 `add`를 5번 해 봅니다.
세 번째 `add`는 배열의 끝(6번 칸)과 처음(0, 1번 칸)에 걸쳐 씁니다.
""",
    en=r"""
### 2.2 The write index and wrap-around

The buffer remembers `next_idx`, where the next row goes. With `num_envs` environments one `add`
writes `num_envs` rows. At the end of the array the modulo `%` takes it back to the start:

$$
\text{slots} = (\texttt{next\_idx} + [0, 1, \dots, \texttt{num\_envs}-1]) \bmod \texttt{capacity}
$$

Then `next_idx` moves on by `num_envs` (again `% capacity`), and the number of filled slots grows to
$\min(\texttt{count} + \texttt{num\_envs},\ \texttt{capacity})$. Here are 5 adds with capacity 7 and
3 environments; the third add straddles the end of the array (slot 6) and its start (slots 0 and 1).
""",
)

course.md(
    ko=r"""
**예측해 보세요.** 용량 7인 링 버퍼에 환경 3개의 전이를 다섯 번 넣습니다(전이 번호 0~14). 다섯 번째 add가 끝났을 때 칸 0~6에는 각각 몇 번 전이가 들어 있을까요? `next_idx`는요?

아래 셀에 예측을 적어 실행한 다음, 그다음 셀을 실행해 확인하세요.
""",
    en=r"""
**Predict first.** Five adds of 3 environments each (transitions 0-14) go into a ring buffer of capacity 7. After the fifth add, which transition sits in each of the slots 0-6? And what is `next_idx`?

Write your prediction in the cell below and run it, then run the next cell to find out.
""",
)

course.code(**bi('''
my_prediction = None  # «여기에 예측을 적으세요|write your prediction here»
'''))

course.code(**bi(r'''
# NBVAL_CHECK_OUTPUT
demo_capacity, demo_num_envs, demo_adds = 7, 3, 5
# «각 add 뒤 칸마다 들어 있는 전이 번호 (-1 = 빈 칸|the transition id in each slot after each add (-1 = empty»)
slot_history = np.full((demo_adds, demo_capacity), -1)
written_at = []  # «각 add가 쓴 칸|the slots each add wrote»
next_idx, count = 0, 0
for add_call in range(demo_adds):
    slots = (next_idx + np.arange(demo_num_envs)) % demo_capacity
    slot_history[add_call] = slot_history[add_call - 1] if add_call else -1
    slot_history[add_call, slots] = add_call * demo_num_envs + np.arange(demo_num_envs)
    written_at.append(slots)
    next_idx = (next_idx + demo_num_envs) % demo_capacity
    count = min(count + demo_num_envs, demo_capacity)
    print(f"add {add_call + 1}: «칸 {slots.tolist()}에 씀 →|wrote slots {slots.tolist()} ->» next_idx={next_idx}, count={count}")
'''))

course.code(
    r"""
from matplotlib.patches import Rectangle

fig, ax = plt.subplots(figsize=(7.5, 3.4), layout="constrained")
colors = plt.get_cmap("tab10")
for row, (contents, slots) in enumerate(zip(slot_history, written_at, strict=True)):
    for slot, transition in enumerate(contents):
        filled = transition >= 0
        face = colors(transition // demo_num_envs) if filled else "white"
        ax.add_patch(Rectangle((slot, row), 1, 1, fc=face, alpha=0.55 if filled else 1, ec="grey"))
        if filled:
            ax.text(slot + 0.5, row + 0.5, str(transition), ha="center", va="center",
                    fontweight="bold" if slot in slots else "normal")
    for slot in slots:  # «이번 add가 쓴 칸에 테두리를 칩니다|frame the slots this add wrote»
        ax.add_patch(Rectangle((slot, row), 1, 1, fill=False, ec="black", lw=2))
ax.set(xlim=(0, demo_capacity), ylim=(demo_adds, 0), xticks=np.arange(demo_capacity) + 0.5,
       xticklabels=range(demo_capacity), yticks=np.arange(demo_adds) + 0.5,
       yticklabels=[tr(LANG, f"add {k + 1} 뒤", f"after add {k + 1}") for k in range(demo_adds)],
       xlabel=tr(LANG, "칸 번호", "slot"),
       title=tr(LANG, "링 버퍼 채우기 (용량 7, 환경 3개): 숫자는 전이 번호, 굵은 칸은 방금 씀",
                "Filling the ring (capacity 7, 3 envs): transition ids, bold = just written"))
ax.tick_params(length=0)
plt.show()
"""
)

course.md(
    ko=r"""
세 번째 줄에서 6번 칸에 전이 6이, 0번과 1번 칸에 전이 7과 8이 들어가며 가장 오래된 전이 0과 1이 사라졌습니다.
한 가지 더 눈여겨볼 점이 있습니다. 칸은 언제나 0번부터 빈틈없이 채워지므로, 채워진 칸은 항상
**`0, 1, …, count − 1`** 범위입니다. 그래서 샘플링은 이 범위에서만 고르면 됩니다.

### 2.3 채워진 칸에서 균등하게 뽑기

미니배치의 인덱스를 $\{0, 1, \dots, \texttt{count}-1\}$에서 균등하게, 복원 추출로 뽑습니다.

$$
i_1, \dots, i_B \sim \mathrm{Uniform}\{0, \dots, \texttt{count}-1\}
$$

`capacity`까지 뽑으면 아직 0으로 채워진 빈 칸, 곧 존재하지 않는 전이를 배우게 됩니다. 인덱스는 **한 번만**
뽑아 다섯 필드에 똑같이 써야 한 행의 `obs`, `reward`, `next_obs`가 같은 전이에서 옵니다. 꺼낸 배열은
`torch.from_numpy`로 텐서로 바꿉니다. fancy indexing은 복사본을 만들므로, 돌려준 텐서를 나중에 고쳐도 버퍼는
바뀌지 않습니다. 난수는 전역 `np.random`이 아니라 버퍼가 가진 `np.random.default_rng(seed)`로 뽑아야, 같은 시드로
같은 배치를 다시 얻을 수 있습니다.

### 2.4 언제 샘플링할 수 있나: `can_sample`

원래 노트북의 동작 방식을 그대로 따릅니다. `can_sample`은 두 조건이 **모두** 맞을 때 True입니다.

1. 저장된 전이가 `sampled_batch_size`개 이상입니다.
2. 마지막 `sample()` 뒤로 `add()`를 `training_freq`번 이상 호출했습니다.

두 번째 조건을 위해 `add()`마다 1씩 오르고 `sample()`에서 0으로 돌아가는 카운터 `n_step`을 둡니다. 카운터는
전이 수가 아니라 **`add()` 호출 수**, 곧 벡터 환경의 스텝 수를 셉니다. 환경이 4개이고 `training_freq=16`이면
학습은 16 스텝마다, 새 전이 64개마다 한 번 일어납니다.
""",
    en=r"""
In the third row, transition 6 went into slot 6 and transitions 7 and 8 into slots 0 and 1,
overwriting the oldest transitions 0 and 1. Note one more thing: slots fill from 0 without gaps, so
**the filled slots are always `0, 1, …, count − 1`**, and sampling only has to pick from that range.

### 2.3 Sampling uniformly from the filled slots

Draw the mini-batch indices uniformly, with replacement, from $\{0, 1, \dots, \texttt{count}-1\}$:

$$
i_1, \dots, i_B \sim \mathrm{Uniform}\{0, \dots, \texttt{count}-1\}
$$

Drawing up to `capacity` would pick empty slots still full of zeros: transitions that never existed.
Draw the indices **once** and use them for all five fields, so that a row's `obs`, `reward` and
`next_obs` come from the same transition. Turn the arrays into tensors with `torch.from_numpy`; fancy
indexing makes a copy, so changing a returned tensor never changes the buffer. Draw with the buffer's
own `np.random.default_rng(seed)`, not the global `np.random`, so the same seed gives the same batches.

### 2.4 When may we sample? `can_sample`

We keep the original notebook's meaning: `can_sample` is True when **both** hold:

1. at least `sampled_batch_size` transitions are stored;
2. `add()` was called at least `training_freq` times since the last `sample()`.

For the second condition the buffer keeps a counter `n_step` that `add()` raises by 1 and `sample()`
resets to 0. It counts **`add()` calls** — vector-env steps — not transitions: with 4 environments and
`training_freq=16`, training happens every 16 steps, that is every 64 new transitions.
""",
)

course.md(
    ko=r"""
## 3. 직접 만들기: `ReplayBuffer`

지금까지의 조각을 클래스 하나로 모읍니다. 생성자, `reset`, `__len__`, 저장 배열을 만드는 `_allocate`는 미리 작성해
두었습니다. 여러분은 세 곳을 채웁니다.

- `can_sample`: 2.4절의 두 조건.
- `add`: 2.2절의 쓰기 위치, 순환, `count`, 그리고 `n_step`.
- `sample`: 2.3절의 균등 샘플링. `n_step`을 0으로 돌리고, 텐서 5개 `(obs, action, next_obs, reward, terminated)`를
  돌려줍니다.
""",
    en=r"""
## 3. Your turn: `ReplayBuffer`

Now put the pieces into one class. The constructor, `reset`, `__len__` and `_allocate` (which creates
the storage arrays) are given. You fill in three places:

- `can_sample`: the two conditions of section 2.4;
- `add`: the write index, wrap-around and `count` of section 2.2, plus `n_step`;
- `sample`: uniform sampling as in section 2.3. Reset `n_step` to 0 and return five tensors
  `(obs, action, next_obs, reward, terminated)`.
""",
)

course.code(
    ko='''
class ReplayBuffer:
    """미리 할당한 NumPy 배열 위의 링 버퍼에서 균등하게 샘플링하는 리플레이 버퍼.

    Args:
        training_freq: 마지막 sample() 뒤로 add()를 이만큼 호출해야 can_sample이 다시 True가 됩니다.
        sampled_batch_size: sample() 한 번에 뽑는 전이 수.
        capacity: 저장하는 전이의 최대 개수. 넘치면 가장 오래된 것부터 덮어씁니다.
        num_envs: add()에 들어오는 Experience의 행 수.
        seed: 샘플링에 쓰는 난수 생성기의 시드.
    """

    FIELDS = ("obs", "action", "next_obs", "reward", "terminated")

    def __init__(self, training_freq: int, sampled_batch_size: int, capacity: int, num_envs: int,
                 seed: int | None = None) -> None:
        self.training_freq = training_freq
        self.sampled_batch_size = sampled_batch_size
        self.capacity = capacity
        self.num_envs = num_envs
        self.rng = np.random.default_rng(seed)  # 버퍼 전용 난수 생성기: 전역 np.random과 독립
        self.reset()

    def reset(self) -> None:
        """저장한 전이를 모두 잊습니다."""
        self.n_step = 0  # 마지막 sample() 뒤의 add() 호출 수
        self.count = 0  # 채워진 칸 수 (최대 capacity)
        self.next_idx = 0  # 다음 행을 쓸 칸
        self.storage: dict[str, np.ndarray] | None = None  # 필드 이름 → (capacity, ...) 배열

    def __len__(self) -> int:
        return self.count

    def _allocate(self, experience: Experience) -> None:
        """첫 전이의 모양과 자료형으로 필드마다 (capacity, ...) 배열을 만듭니다."""
        self.storage = {}
        for name in self.FIELDS:
            value = np.asarray(getattr(experience, name))
            self.storage[name] = np.zeros((self.capacity, *value.shape[1:]), dtype=value.dtype)

    @property
    def can_sample(self) -> bool:
        """샘플링할 수 있으면 True.

        전이가 sampled_batch_size개 이상이고,
        마지막 sample() 뒤 add()가 training_freq번 이상일 때입니다.
        """
        # HINT: `self.count >= ...`와 `self.n_step >= ...` 두 조건을 `and`로 묶어 돌려주세요.
        ### BEGIN SOLUTION
        return self.count >= self.sampled_batch_size and self.n_step >= self.training_freq
        ### END SOLUTION

    def add(self, experience: Experience) -> None:
        """환경마다 전이 하나씩, num_envs개의 행을 저장합니다."""
        if self.storage is None:
            self._allocate(experience)
        # NO HINT
        ### BEGIN SOLUTION
        slots = (self.next_idx + np.arange(self.num_envs)) % self.capacity
        for name in self.FIELDS:
            self.storage[name][slots] = getattr(experience, name)
        self.next_idx = (self.next_idx + self.num_envs) % self.capacity
        self.count = min(self.count + self.num_envs, self.capacity)
        self.n_step += 1
        ### END SOLUTION

    def sample(self) -> tuple[torch.Tensor, ...]:
        """채워진 칸에서 균등하게(복원 추출) sampled_batch_size개를 뽑습니다.

        Returns:
            (obs, action, next_obs, reward, terminated) 텐서.
            모양은 (batch, *obs_shape) 또는 (batch, 1).
        """
        # HINT: `self.n_step = 0`으로 되돌리고, `idx = self.rng.integers(0, self.count, size=...)`를 한 번 뽑아 모든 필드에 쓰고, `torch.from_numpy(...)`로 바꿔 돌려줍니다.
        ### BEGIN SOLUTION
        self.n_step = 0
        idx = self.rng.integers(0, self.count, size=self.sampled_batch_size)
        return tuple(torch.from_numpy(self.storage[name][idx]) for name in self.FIELDS)
        ### END SOLUTION
''',
    en='''
class ReplayBuffer:
    """Uniform experience replay over a ring of preallocated NumPy arrays.

    Args:
        training_freq: add() calls needed after the last sample() before can_sample is True again.
        sampled_batch_size: transitions per sample().
        capacity: the most transitions kept; the oldest are overwritten first.
        num_envs: rows of every Experience passed to add().
        seed: seed of the random generator used for sampling.
    """

    FIELDS = ("obs", "action", "next_obs", "reward", "terminated")

    def __init__(self, training_freq: int, sampled_batch_size: int, capacity: int, num_envs: int,
                 seed: int | None = None) -> None:
        self.training_freq = training_freq
        self.sampled_batch_size = sampled_batch_size
        self.capacity = capacity
        self.num_envs = num_envs
        self.rng = np.random.default_rng(seed)  # the buffer's own, independent of np.random
        self.reset()

    def reset(self) -> None:
        """Forget every stored transition."""
        self.n_step = 0  # add() calls since the last sample()
        self.count = 0  # filled slots (at most capacity)
        self.next_idx = 0  # the slot the next row goes to
        self.storage: dict[str, np.ndarray] | None = None  # field name -> (capacity, ...) array

    def __len__(self) -> int:
        return self.count

    def _allocate(self, experience: Experience) -> None:
        """One (capacity, ...) array per field, with the first transition's shape and dtype."""
        self.storage = {}
        for name in self.FIELDS:
            value = np.asarray(getattr(experience, name))
            self.storage[name] = np.zeros((self.capacity, *value.shape[1:]), dtype=value.dtype)

    @property
    def can_sample(self) -> bool:
        """True when sampling is allowed.

        That is: at least sampled_batch_size transitions,
        AND at least training_freq add() calls since the last sample().
        """
        # HINT: return both conditions joined with `and`: `self.count >= ...` and `self.n_step >= ...`.
        ### BEGIN SOLUTION
        return self.count >= self.sampled_batch_size and self.n_step >= self.training_freq
        ### END SOLUTION

    def add(self, experience: Experience) -> None:
        """Store num_envs rows, one transition per environment."""
        if self.storage is None:
            self._allocate(experience)
        # NO HINT
        ### BEGIN SOLUTION
        slots = (self.next_idx + np.arange(self.num_envs)) % self.capacity
        for name in self.FIELDS:
            self.storage[name][slots] = getattr(experience, name)
        self.next_idx = (self.next_idx + self.num_envs) % self.capacity
        self.count = min(self.count + self.num_envs, self.capacity)
        self.n_step += 1
        ### END SOLUTION

    def sample(self) -> tuple[torch.Tensor, ...]:
        """Draw sampled_batch_size transitions uniformly (with replacement) from the filled slots.

        Returns:
            (obs, action, next_obs, reward, terminated) tensors,
            of shape (batch, *obs_shape) or (batch, 1).
        """
        # HINT: reset `self.n_step = 0`, draw `idx = self.rng.integers(0, self.count, size=...)` once and use it for every field, and return them through `torch.from_numpy(...)`.
        ### BEGIN SOLUTION
        self.n_step = 0
        idx = self.rng.integers(0, self.count, size=self.sampled_batch_size)
        return tuple(torch.from_numpy(self.storage[name][idx]) for name in self.FIELDS)
        ### END SOLUTION
''',
)

course.md(
    ko="""
### 검사

`check_replay_buffer`는 번호가 매겨진 가짜 전이를 넣고 빼 보며 다음을 확인합니다: `len()`과 `can_sample`의
두 조건, 채워진 칸에서만·균등하게·매번 다르게 뽑는지, 한 행의 필드들이 같은 전이에서 오는지, 용량을 넘으면
가장 오래된 것부터 덮어쓰는지, 같은 시드면 같은 배치가 나오는지.
""",
    en="""
### Check

`check_replay_buffer` adds and samples numbered fake transitions and checks: `len()` and both
conditions of `can_sample`; sampling only filled slots, uniformly, differently on every call; that the
fields of a row come from one transition; that the oldest are overwritten past capacity; and that the
same seed gives the same batches.
""",
)

course.code(**bi(r'''
# NBVAL_CHECK_OUTPUT
from dqn_teach.checks import check_replay_buffer

result = check_replay_buffer(ReplayBuffer, lang="«ko|en»")
'''))

course.md(
    ko=r"""
## 4. 패키지의 `ReplayBuffer`로 실제 CartPole 경험 모으기

여기서부터는 검증된 `dqn_teach.replay_buffer.ReplayBuffer`를 씁니다. 여러분의 버전과 같은 인터페이스에
몇 가지가 더 있습니다. 잘못된 모양이나 자료형이 들어오면 무엇을 고칠지 알려 주는 오류를 내고, 노트북 01의
자동 리셋 행을 거르는 `add(experience, store_mask)`를 지원하며, `sample()`은 필드 이름으로도 읽을 수 있는
`ExperienceBatch`를 돌려줍니다.

환경 4개로 CartPole을 400 스텝 무작위로 진행하면서, 자동 리셋 행은 빼고 저장하고, `can_sample`이 True가
될 때마다 미니배치를 하나 뽑습니다(학습은 노트북 05에서 붙입니다). 용량은 일부러 작게 1000으로 두어 버퍼가
가득 찬 뒤에 어떻게 되는지도 봅니다.
""",
    en=r"""
## 4. Real CartPole experience in the package's `ReplayBuffer`

From here on we use the tested `dqn_teach.replay_buffer.ReplayBuffer`. It has your interface plus a few
extras: wrong shapes or dtypes raise an error that says what to fix; `add(experience, store_mask)`
leaves out the autoreset rows of notebook 01; and `sample()` returns an `ExperienceBatch` whose fields
can also be read by name.

We run 4 CartPole environments for 400 steps with random actions, store everything except the
autoreset rows, and draw a mini-batch whenever `can_sample` is True (the learning step comes in
notebook 05). The capacity is deliberately small, 1000, so we also see what happens once it is full.
""",
)

course.code(**bi(r'''
from dqn_teach.replay_buffer import ReplayBuffer

num_envs, num_steps = 4, 400
buffer = ReplayBuffer(training_freq=16, sampled_batch_size=32, capacity=1000, num_envs=num_envs,
                      seed=0)
envs = gym.make_vec("CartPole-v1", num_envs=num_envs, vectorization_mode="sync")
obs, info = envs.reset(seed=0)
envs.action_space.seed(0)
episode_over = np.zeros(num_envs, dtype=bool)
buffer_size, sample_steps = [], []
for step in range(num_steps):
    action = envs.action_space.sample()
    next_obs, reward, terminated, truncated, info = envs.step(action)
    # «자동 리셋 행(직전 스텝에서 끝난 환경)은 전이가 아니므로 저장하지 않습니다|Autoreset rows (envs whose episode ended on the previous step) are not transitions: skip them».
    buffer.add(make_experience(obs, action, next_obs, reward, terminated), store_mask=~episode_over)
    if buffer.can_sample:
        batch = buffer.sample()  # «노트북 05에서는 여기서 경사 하강법 한 스텝을 밟습니다.|notebook 05 takes a gradient step here»
        sample_steps.append(step)
    buffer_size.append(len(buffer))
    episode_over = terminated | truncated
    obs = next_obs
envs.close()
'''))

course.code(**bi(r'''
# NBVAL_CHECK_OUTPUT
print(f"len(buffer) = {len(buffer)} (capacity {buffer.capacity}), next_idx = {buffer.next_idx}")
print(f"«미니배치를 뽑은 횟수: {len(sample_steps)}번, 처음 몇 번의 스텝: {sample_steps[:5]}|mini-batches drawn: {len(sample_steps)}, at steps {sample_steps[:5]} ...»")
print(f"«저장 배열 전체 크기:|storage takes» {buffer.nbytes / 1e3:.0f} kB")
for name, value in batch._asdict().items():
    print(f"  {name:10s} {str(tuple(value.shape)):8s} {value.dtype}")
print("«보상 합|reward sum»:", batch.reward.sum().item(),
      "/ «종료된 전이|terminated transitions»:", int(batch.terminated.sum().item()))
'''))

course.code(
    r"""
fig, ax = plt.subplots(figsize=(7.5, 3.2), layout="constrained")
ax.plot(buffer_size, color="tab:blue", label="len(buffer)")
ax.axhline(buffer.capacity, color="grey", ls=":", label=tr(LANG, "용량 (capacity)", "capacity"))
ax.plot(sample_steps, [buffer_size[s] for s in sample_steps], "v", color="tab:red", ms=5,
        label=tr(LANG, "sample() 호출", "sample() call"))
ax.set(xlabel=tr(LANG, "벡터 환경 스텝 (add 호출)", "vector env step (add call)"),
       ylabel=tr(LANG, "저장된 전이 수", "stored transitions"),
       title=tr(LANG, "버퍼는 용량까지 차고, 그 뒤로는 오래된 전이를 덮어씁니다",
                "The buffer fills up to capacity, then overwrites the oldest"))
ax.legend(loc="lower right")
plt.show()
"""
)

course.md(
    ko=r"""
그림에서 세 가지를 읽을 수 있습니다. 스텝마다 전이가 4개씩(자동 리셋 행이 있으면 그보다 적게) 쌓이고,
1000개에서 멈춥니다. 첫 `sample()`은 전이가 32개 이상이면서 `add()`를 16번 한 뒤에 일어나고, 그 뒤로는 정확히
16 스텝마다 일어납니다. 버퍼가 가득 찬 뒤에도 샘플링은 같은 간격으로 계속되고, 이제 뽑히는 전이는 언제나 가장
최근의 1000개 가운데서 나옵니다.

**📄 논문에서** (Mnih et al. 2013, [arXiv:1312.5602](https://arxiv.org/abs/1312.5602)): 4절이 경험 리플레이를 소개하고 세 가지 장점(데이터를 여러 번 씀, 연속된 표본의 상관관계를 끊음, 행동 분포를 고르게 함)을 듭니다. Algorithm 1의 '용량 N인 리플레이 메모리 D'가 이 노트북의 버퍼입니다.

## 요약

- 연속된 전이들 사이에는 상관관계가 강합니다(1 스텝 간격 상관계수 0.9 이상). 큰 메모리에서 균등하게 뽑으면 상관관계가
  사라지고, 한 미니배치가 상태 공간의 넓은 범위를 봅니다. 전이 하나를 여러 번 쓰는 것도 덤입니다.
- 링 버퍼는 필드마다 `(capacity, ...)` 배열을 한 번 할당하고, `slots = (next_idx + arange(num_envs)) % capacity`에
  씁니다. `count = min(count + num_envs, capacity)`이고, 채워진 칸은 언제나 `0 … count − 1`입니다.
- `sample()`은 `0 … count − 1`에서 인덱스를 한 번 뽑아 모든 필드에 쓰고, 버퍼 전용 `rng`로 재현 가능하게 뽑습니다.
- `can_sample`은 "데이터가 `sampled_batch_size`개 이상" **그리고** "마지막 샘플 뒤 `add()`가 `training_freq`번
  이상"입니다. 카운터는 전이 수가 아니라 `add()` 호출 수를 셉니다.
- 이제부터는 `dqn_teach.replay_buffer.ReplayBuffer`를 쓰고, 자동 리셋 행은 `store_mask`로 거릅니다.

## 연습 문제

1. (개념) 용량을 `sampled_batch_size`와 같게, 예를 들어 32로 두면 경험 리플레이는 무엇과 같아지나요? 반대로
   용량이 너무 크면(예: 학습 전체의 전이를 모두 보관) 어떤 단점이 있을까요?
2. (코딩) 1절의 `stream`에서 용량 100, 1000, 5000인 "최근 용량만큼의 메모리"를 만들고, 거기서 무작위로 뽑은
   순서의 1 스텝 간격 상관계수와, 뽑힌 미니배치 64개가 덮는 수레 위치의 범위(최댓값 − 최솟값)를 비교해 보세요.
3. (코딩) Atari에서 관측이 `(4, 84, 84)` `uint8`이고 용량이 100만일 때, 이 노트북의 버퍼가 쓰는 메모리를 계산해
   보세요. `next_obs`를 따로 저장하지 않고 "다음 행의 `obs`"로 대신하면 얼마나 줄어드나요? 그때 에피소드의
   경계와 자동 리셋 행에서 무엇을 조심해야 하나요?
4. (코딩) `sample()`을 비복원 추출(`self.rng.choice(self.count, size, replace=False)`)로 바꾼 버전을 만들어
   보세요. 검사를 여전히 통과하나요? 버퍼가 작을 때와 클 때 두 방식의 차이는 얼마나 되나요?
5. (개념) 환경이 8개이고 `training_freq=16`, `epoch=1`(학습 한 번에 경사 하강법 한 스텝)이면 전이 몇 개마다
   경사 하강법을 한 번 하나요? 환경 수를 바꿔도 이 리플레이 비율(replay ratio)을 유지하려면 `training_freq`를 어떻게
   정해야 할까요?
""",
    en=r"""
The figure shows three things. Each step stores 4 transitions (fewer when there are autoreset rows),
up to 1000. The first `sample()` happens once there are at least 32 transitions and 16 `add()` calls,
then exactly every 16 steps. Once the buffer is full, sampling goes on at the same pace, and the
sampled transitions always come from the newest 1000.

**📄 In the paper** (Mnih et al. 2013, [arXiv:1312.5602](https://arxiv.org/abs/1312.5602)): Section 4 introduces experience replay and its three advantages (each sample is reused, consecutive samples are decorrelated, the behaviour distribution is averaged). Algorithm 1's "replay memory D to capacity N" is this notebook's buffer.

## Summary

- Consecutive transitions are strongly correlated (above 0.9 at lag 1). Sampling uniformly from a large
  memory removes the correlation and lets one mini-batch see a wide part of the state space; reusing
  each transition many times comes for free.
- A ring buffer allocates one `(capacity, ...)` array per field once and writes at
  `slots = (next_idx + arange(num_envs)) % capacity`; `count = min(count + num_envs, capacity)`, and
  the filled slots are always `0 … count − 1`.
- `sample()` draws the indices once from `0 … count − 1`, uses them for every field, and draws with
  the buffer's own `rng` so results repeat.
- `can_sample` means "at least `sampled_batch_size` transitions" **and** "`training_freq` `add()` calls
  since the last sample". The counter counts `add()` calls, not transitions.
- From now on we use `dqn_teach.replay_buffer.ReplayBuffer`, with `store_mask` to drop autoreset rows.

## Exercises

1. (Concept) With the capacity equal to `sampled_batch_size`, say 32, what does experience replay turn
   into? And what are the downsides of a capacity that is too large (e.g. keeping every transition of
   the whole run)?
2. (Code) From section 1's `stream`, build "memories of the newest N transitions" for N = 100, 1000 and
   5000. Compare the lag-1 correlation of a random sampling order, and the range of cart positions
   (max − min) that a mini-batch of 64 covers.
3. (Code) On Atari, observations are `(4, 84, 84)` `uint8` and the capacity is one million. How much
   memory does this notebook's buffer need? How much would you save by not storing `next_obs` and using
   "the next row's `obs`" instead — and what must you be careful about at episode boundaries and
   autoreset rows?
4. (Code) Write a version of `sample()` that draws without replacement
   (`self.rng.choice(self.count, size, replace=False)`). Does it still pass the check? How different are
   the two for a small and for a large buffer?
5. (Concept) With 8 environments, `training_freq=16` and `epoch=1` (one gradient step per training
   phase), how many transitions are collected per gradient step? How should `training_freq` change with
   the number of environments to keep this replay ratio fixed?
""",
)
