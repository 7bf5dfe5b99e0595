"""Notebook 00: check the install, meet CartPole-v1, and define return and discount."""

from tools.nbbuild import Course, bi

course = Course("00_setup_and_problem")

course.md(
    ko=r"""
# 00. 실습 준비와 풀어야 할 문제

이 코스에서는 딥 Q 네트워크(Deep Q-Network, DQN)를 부품 하나하나 직접 만들어 봅니다. 기준이 되는 논문은
Mnih et al., [Playing Atari with Deep Reinforcement Learning](https://arxiv.org/abs/1312.5602) (2013)입니다.
각 노트북에서 부품 하나를 만들고, 검사 셀로 확인한 뒤, 다음 노트북부터는 `dqn_teach` 패키지에 들어 있는
검증된 버전을 가져다 씁니다. 그래서 앞에서 생긴 실수 하나가 뒤의 노트북까지 번지지 않습니다.

첫 노트북에서는 실습에 필요한 라이브러리가 제대로 설치되었는지 확인하고, 앞으로 DQN으로 풀 문제인 CartPole-v1을
살펴본 다음, 강화학습(reinforcement learning, RL)의 목표를 수식으로 정리합니다.

## 학습 목표

이 노트북을 마치면 다음을 할 수 있습니다.

- 코스에 필요한 라이브러리의 버전을 확인하고, 이 코스가 torch 스레드를 하나만 쓰는 이유를 설명할 수 있습니다.
- CartPole-v1의 관측(observation), 행동(action), 보상(reward), 에피소드(episode)가 끝나는 조건을 설명할 수 있습니다.
- 무작위 에이전트(agent)를 돌려 앞으로 비교할 기준 점수를 잴 수 있습니다.
- 마르코프 결정 과정(Markov decision process, MDP), 반환값(return), 할인율(discount factor, $\gamma$)을
  수식으로 쓰고, 보상 목록에서 반환값을 계산하는 함수를 직접 작성할 수 있습니다.
""",
    en=r"""
# 00. Setup and the problem

In this course you build a Deep Q-Network (DQN) one piece at a time, following
Mnih et al., [Playing Atari with Deep Reinforcement Learning](https://arxiv.org/abs/1312.5602) (2013).
Each notebook has you write one piece and check it; from the next notebook on, the course imports the
tested version of that piece from the `dqn_teach` package, so a mistake in one notebook never spills
into the next.

This first notebook checks that your setup works, introduces CartPole-v1 — the problem DQN will
solve — and writes down the goal of reinforcement learning (RL) as a formula.

## Learning goals

By the end of this notebook you can:

- check the versions of the libraries the course needs, and explain why it uses a single torch thread;
- describe CartPole-v1's observations, actions, rewards, and the conditions that end an episode;
- run a random agent and measure the baseline score every later agent is compared with;
- write a Markov decision process (MDP), the return and the discount factor $\gamma$ as formulas,
  and implement a function that computes returns from a list of rewards.
""",
)

course.md(
    ko=r"""
## 0. Google Colab에서 실행한다면

아래 셀은 Google Colab에서 실행할 때만 코스 패키지 `dqn_teach`를 설치합니다. 내 컴퓨터(로컬)에서는
이미 `pip install -r requirements.txt`로 설치했으므로 아무 일도 하지 않습니다. 저장소를 포크(fork)해서
쓴다면 `COURSE_REPO_URL` 한 줄만 바꾸면 됩니다.
""",
    en=r"""
## 0. If you run this on Google Colab

The next cell installs the course package `dqn_teach`, but only on Google Colab. On your own computer
you already installed everything with `pip install -r requirements.txt`, so it does nothing. If you
use a fork of the course, change the single line `COURSE_REPO_URL`.
""",
)

course.code(**bi(r'''
import subprocess
import sys

# «코스 저장소 주소입니다. 포크해서 쓴다면 이 줄만 바꾸세요|The course repository. If you use a fork, change only this line».
COURSE_REPO_URL = "https://github.com/dqn-teach/dqn-teach"

if "google.colab" in sys.modules:
    # koreanize-«matplotlib는 그림에 쓸 한글 글꼴(NanumGothic) 파일을 함께 설치합니다|matplotlib brings a Hangul font (NanumGothic) for the Korean figures».
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet",
         f"git+{COURSE_REPO_URL}", "koreanize-matplotlib"],
        check=True,
    )
    print("Colab: «dqn_teach를 설치했습니다|installed dqn_teach».")
else:
    print("«Colab이 아니므로 설치하지 않습니다|Not on Colab: nothing to install».")
'''))

course.md(
    ko=r"""
## 1. 준비

모든 노트북은 같은 준비 셀로 시작합니다. `setup`은 세 가지 일을 합니다.

1. torch가 스레드를 하나만 쓰게 합니다(이유는 바로 아래에서 설명합니다).
2. Python, NumPy, torch의 난수 생성기에 시드(seed)를 넣어, 같은 코드를 다시 실행하면 같은 숫자가 나오게 합니다.
3. 그림에 한글을 그릴 수 있는 글꼴을 찾습니다. 찾지 못하면 안내 한 줄을 출력하고 `LANG`을 `"en"`으로
   돌려주므로, 그림의 글자가 네모(□)로 깨지는 대신 영어로 나옵니다.
""",
    en=r"""
## 1. Setup

Every notebook starts with the same setup cell. `setup` does three things:

1. it makes torch use a single thread (why, just below);
2. it seeds Python's, NumPy's and torch's random generators, so running the same code again gives the
   same numbers;
3. for Korean it finds a font that can draw Hangul in figures (in English it has nothing to do).

It returns `LANG`, the language the figure labels use.
""",
)

course.code(**bi(r'''
from dqn_teach.course import setup

LANG = setup(lang="«ko|en»")
'''))

course.md(
    ko=r"""
설치된 버전을 확인합니다. 이 코스는 gymnasium 1.0 이상을 전제로 합니다. 1.0에서 벡터 환경(vector
environment)의 자동 리셋(autoreset) 방식이 바뀌었고, 노트북 01에서 바로 그 동작을 다루기 때문입니다.
""",
    en=r"""
Check the installed versions. The course needs gymnasium 1.0 or newer: 1.0 changed how vector
environments reset themselves (autoreset), and notebook 01 relies on exactly that behaviour.
""",
)

course.code(
    ko=r"""
# NBVAL_IGNORE_OUTPUT
import platform

import gymnasium as gym
import matplotlib
import numpy as np
import torch

import dqn_teach

print(f"Python       {platform.python_version()}")
print(f"torch        {torch.__version__}")
print(f"gymnasium    {gym.__version__}")
print(f"numpy        {np.__version__}")
print(f"matplotlib   {matplotlib.__version__}")
print(f"dqn_teach    {dqn_teach.__version__}")

if int(gym.__version__.split(".")[0]) < 1:
    raise RuntimeError(
        f"gymnasium {gym.__version__}은 너무 오래되었습니다. "
        "pip install 'gymnasium[classic-control]>=1.0'으로 업그레이드하세요."
    )
""",
    en=r"""
# NBVAL_IGNORE_OUTPUT
import platform

import gymnasium as gym
import matplotlib
import numpy as np
import torch

import dqn_teach

print(f"Python       {platform.python_version()}")
print(f"torch        {torch.__version__}")
print(f"gymnasium    {gym.__version__}")
print(f"numpy        {np.__version__}")
print(f"matplotlib   {matplotlib.__version__}")
print(f"dqn_teach    {dqn_teach.__version__}")

if int(gym.__version__.split(".")[0]) < 1:
    raise RuntimeError(
        f"gymnasium {gym.__version__} is too old. "
        "Upgrade with pip install 'gymnasium[classic-control]>=1.0'."
    )
""",
)

course.md(
    ko=r"""
### 왜 torch 스레드를 하나만 쓰나요?

이 코스의 신경망(neural network)은 작습니다. CartPole용 Q 네트워크의 파라미터는 9천 개 정도라, 경사 하강법(gradient
descent) 한 스텝에 드는 시간은 실제 계산보다 연산 하나하나를 준비하는 고정 비용이 대부분입니다. 이런 작은
연산을 여러 스레드로 나누면 스레드끼리 맞추는 비용만 늘어납니다. 게다가 노트북, 브라우저, 다른 학습이 같은
CPU 코어를 나눠 쓰기 시작하면 코어 수보다 많은 스레드가 서로 자리를 다투게 되는데, 2코어 노트북에서 이
상황을 재 보니 3배에서 50배까지 느려졌습니다. 반대로 스레드 하나는 이 코스의 어떤 실습에서도 더 느리지 않았습니다.
스레드 수를 고정하면 실행할 때마다 결과가 조금씩 달라지는 일도 줄어듭니다.
""",
    en=r"""
### Why a single torch thread?

The course's neural networks are small. The CartPole Q-network has about nine thousand parameters, so a
gradient-descent step is dominated by the fixed overhead of launching each operation, not by the
arithmetic. Splitting such small operations across threads only adds synchronisation. Worse, as soon
as a notebook, a browser or a second training run shares the same CPU cores, more threads than cores
fight for them: on a 2-core laptop this was measured 3× to 50× slower. One thread was never slower in
any exercise of this course, and a fixed thread count also keeps results repeatable.
""",
)

course.code(**bi(r'''
# NBVAL_CHECK_OUTPUT
print("torch «스레드 수|threads»:", torch.get_num_threads())
'''))

course.md(
    ko=r"""
## 2. 강화학습 한눈에 보기

강화학습에서는 에이전트가 환경(environment)과 주고받는 고리를 반복합니다. 시각 $t$에 에이전트는 관측
$s_t$를 보고 행동 $a_t$를 고릅니다. 환경은 그 행동을 받아 보상 $r_{t+1}$과 다음 관측 $s_{t+1}$을
돌려줍니다. 에이전트의 목표는 한 번의 보상이 아니라 **앞으로 받을 보상의 합**을 크게 만드는 것입니다.
""",
    en=r"""
## 2. Reinforcement learning at a glance

In RL an agent and an environment go round one loop. At time $t$ the agent sees the observation $s_t$
and picks an action $a_t$; the environment answers with a reward $r_{t+1}$ and the next observation
$s_{t+1}$. The agent's goal is not one large reward but a large **sum of future rewards**.
""",
)

course.code(
    r"""
import matplotlib.pyplot as plt
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

from dqn_teach.i18n import tr

fig, ax = plt.subplots(figsize=(7, 2.4))
ax.set(xlim=(0, 10), ylim=(1.4, 3.5))
ax.axis("off")
for x, label, color in [(0.5, tr(LANG, "에이전트", "Agent"), "#cfe2f3"),
                        (6.5, tr(LANG, "환경", "Environment"), "#d9ead3")]:
    ax.add_patch(FancyBboxPatch((x, 1.8), 3, 1.4, boxstyle="round,pad=0.1", fc=color, ec="black"))
    ax.text(x + 1.5, 2.5, label, ha="center", va="center", fontsize=14)
arrows = [
    ((3.6, 2.9), (6.4, 2.9), tr(LANG, "행동 $a_t$", "action $a_t$"), 3.2),
    ((6.4, 2.1), (3.6, 2.1), tr(LANG, "관측 $s_{t+1}$, 보상 $r_{t+1}$",
                                "observation $s_{t+1}$, reward $r_{t+1}$"), 1.8),
]
for start, end, label, text_y in arrows:
    ax.add_patch(FancyArrowPatch(start, end, arrowstyle="-|>", mutation_scale=18, lw=1.5))
    ax.text(5.0, text_y, label, ha="center", va="center", fontsize=11)
ax.set_title(tr(LANG, "에이전트와 환경의 상호작용", "The agent–environment loop"))
plt.show()
"""
)

course.md(
    ko=r"""
## 3. CartPole-v1 만나기

CartPole은 수레(cart) 위에 막대(pole)를 세워 두고, 수레를 왼쪽이나 오른쪽으로 밀어 막대가 쓰러지지 않게
하는 문제입니다. gymnasium으로 환경을 만들고 관측 공간과 행동 공간부터 살펴봅니다.
""",
    en=r"""
## 3. Meet CartPole-v1

In CartPole a pole stands on a cart, and the agent pushes the cart left or right to keep the pole from
falling over. Let us build the environment with gymnasium and look at its observation and action spaces.
""",
)

course.code(
    r"""
# NBVAL_CHECK_OUTPUT
env = gym.make("CartPole-v1")
print("observation_space:", env.observation_space)
print("action_space:     ", env.action_space)
print("max_episode_steps:", env.spec.max_episode_steps)
"""
)

course.md(
    ko=r"""
관측은 실수 4개로 된 벡터이고, 행동은 두 가지 중 하나입니다.

| 관측 성분 | 뜻 | 에피소드가 끝나는 범위 |
|---|---|---|
| `obs[0]` | 수레 위치 $x$ | $\lvert x \rvert > 2.4$ |
| `obs[1]` | 수레 속도 $\dot x$ | |
| `obs[2]` | 막대 각도 $\theta$ (라디안) | $\lvert\theta\rvert > 12° \approx 0.2095$ |
| `obs[3]` | 막대 각속도 $\dot\theta$ | |

| 행동 | 뜻 |
|---|---|
| `0` | 수레를 왼쪽으로 밉니다 |
| `1` | 수레를 오른쪽으로 밉니다 |

- **보상**: 막대가 서 있는 매 스텝마다 $+1$을 받습니다. 오래 버틸수록 점수가 높습니다.
- **종료(termination)**: 막대가 12°보다 많이 기울거나 수레가 화면 밖으로 나가면 에피소드가 끝납니다.
  이때 gymnasium은 `terminated=True`를 돌려줍니다.
- **중단(truncation)**: 500 스텝을 버티면 시간 제한 때문에 에피소드를 잘라 냅니다. 이때는
  `truncated=True`입니다. 막대는 여전히 서 있으니 문제 자체가 끝난 것은 아닙니다. 이 둘의 차이는
  노트북 01의 핵심 주제입니다.

환경이 그린 화면 한 장을 `render_mode="rgb_array"`로 받아 봅니다. 화면은 `(높이, 너비, 3)` 모양의
`uint8` 배열이라 matplotlib로 바로 그릴 수 있습니다.
""",
    en=r"""
An observation is a vector of 4 numbers, and there are two actions.

| observation | meaning | the episode ends when |
|---|---|---|
| `obs[0]` | cart position $x$ | $\lvert x \rvert > 2.4$ |
| `obs[1]` | cart velocity $\dot x$ | |
| `obs[2]` | pole angle $\theta$ (radians) | $\lvert\theta\rvert > 12° \approx 0.2095$ |
| `obs[3]` | pole angular velocity $\dot\theta$ | |

| action | meaning |
|---|---|
| `0` | push the cart to the left |
| `1` | push the cart to the right |

- **Reward**: $+1$ for every step the pole stays up, so the longer you balance, the higher the score.
- **Termination**: the episode ends when the pole tilts more than 12° or the cart leaves the screen;
  gymnasium then returns `terminated=True`.
- **Truncation**: after 500 steps a time limit cuts the episode off, with `truncated=True`. The pole
  is still up, so the problem itself has not ended. This difference is the core of notebook 01.

Let us ask the environment for a picture with `render_mode="rgb_array"`. A frame is a `uint8` array of
shape `(height, width, 3)` that matplotlib draws directly.
""",
)

course.code(
    ko=r"""
import os

# rgb_array 그리기에는 창이 필요 없습니다.
# 화면이 없는 서버에서 SDL이 출력하는 무해한 오류 메시지를 막습니다.
os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
render_env = gym.make("CartPole-v1", render_mode="rgb_array")
obs, info = render_env.reset(seed=0)
frames, frame_obs = [render_env.render()], [obs]
# 매 스텝 오른쪽으로만 밀어 봅니다. 막대가 왼쪽으로 쓰러지는 흔한 실패 장면입니다.
terminated = False
while not terminated:
    obs, reward, terminated, truncated, info = render_env.step(1)
    frames.append(render_env.render())
    frame_obs.append(obs)
render_env.close()
print("화면:", frames[0].shape, frames[0].dtype)

last_step = len(frames) - 1
fig, axes = plt.subplots(1, 3, figsize=(10, 2.8), layout="constrained")
for ax, step in zip(axes, [0, last_step // 2, last_step], strict=True):
    ax.imshow(frames[step])
    angle = np.degrees(frame_obs[step][2])
    ax.set_title(tr(LANG, f"스텝 {step}: 막대 각도 {angle:+.1f}도",
                    f"step {step}: pole angle {angle:+.1f}°"))
    ax.axis("off")
fig.suptitle(tr(LANG, "매 스텝 오른쪽으로만 밀면 막대는 왼쪽으로 쓰러집니다",
                "Pushing right every step: the pole falls to the left"))
plt.show()
""",
    en=r"""
import os

# rgb_array rendering needs no window; this stops SDL's harmless error message on headless machines.
os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
render_env = gym.make("CartPole-v1", render_mode="rgb_array")
obs, info = render_env.reset(seed=0)
frames, frame_obs = [render_env.render()], [obs]
# Push right at every step: the pole falls to the left, a typical failure.
terminated = False
while not terminated:
    obs, reward, terminated, truncated, info = render_env.step(1)
    frames.append(render_env.render())
    frame_obs.append(obs)
render_env.close()
print("frame:", frames[0].shape, frames[0].dtype)

last_step = len(frames) - 1
fig, axes = plt.subplots(1, 3, figsize=(10, 2.8), layout="constrained")
for ax, step in zip(axes, [0, last_step // 2, last_step], strict=True):
    ax.imshow(frames[step])
    angle = np.degrees(frame_obs[step][2])
    ax.set_title(tr(LANG, f"스텝 {step}: 막대 각도 {angle:+.1f}도",
                    f"step {step}: pole angle {angle:+.1f}°"))
    ax.axis("off")
fig.suptitle(tr(LANG, "매 스텝 오른쪽으로만 밀면 막대는 왼쪽으로 쓰러집니다",
                "Pushing right every step: the pole falls to the left"))
plt.show()
""",
)

course.md(
    ko=r"""
### 무작위 에이전트의 점수

아무것도 배우지 않은 에이전트, 즉 매 스텝 행동을 무작위로 고르는 에이전트는 얼마나 버틸까요? 에피소드
100개를 돌려 에피소드마다 받은 보상의 합(= 버틴 스텝 수)을 잽니다. 앞으로 만들 DQN 에이전트는 이 점수와
비교합니다. 각 에피소드에 시드를 주었으므로 몇 번을 다시 실행해도 같은 숫자가 나옵니다.
""",
    en=r"""
### How well does a random agent do?

How long does an agent that has learned nothing — one that picks a random action at every step —
keep the pole up? We run 100 episodes and record each episode's total reward (= the number of steps it
lasted). Every DQN agent we build later is compared with this score. Each episode is seeded, so the
numbers are the same every time you run the cell.
""",
)

course.code(**bi(r'''
def run_random_episode(env: gym.Env, seed: int) -> list[float]:
    """«매 스텝 무작위 행동으로 에피소드 하나를 끝까지 진행하고 보상 r_1, ..., r_T를 돌려줍니다|Play one episode with uniformly random actions; return its rewards r_1, ..., r_T»."""
    obs, info = env.reset(seed=seed)
    env.action_space.seed(seed)  # «행동 샘플링도 시드로 고정합니다.|seed the action sampling too»
    rewards = []
    while True:
        obs, reward, terminated, truncated, info = env.step(env.action_space.sample())
        rewards.append(float(reward))
        if terminated or truncated:
            return rewards


random_episodes = [run_random_episode(env, seed) for seed in range(100)]
random_scores = np.array([sum(rewards) for rewards in random_episodes])
'''))

course.code(**bi(r'''
# NBVAL_CHECK_OUTPUT
print(f"«에피소드 {len(random_scores)}개의 보상 합: 평균|Total reward over {len(random_scores)} episodes: mean» {random_scores.mean():.1f}, "
      f"«표준편차|std» {random_scores.std():.1f}, "
      f"«최소 {random_scores.min():.0f}, 최대|min {random_scores.min():.0f}, max» {random_scores.max():.0f}")
'''))

course.code(
    r"""
fig, ax = plt.subplots(figsize=(7, 3.2))
ax.hist(random_scores, bins=np.arange(0, 510, 10), color="#6fa8dc", ec="white")
ax.axvline(random_scores.mean(), color="black", ls="--",
           label=tr(LANG, f"평균 {random_scores.mean():.1f}", f"mean {random_scores.mean():.1f}"))
ax.axvline(500, color="tab:green", ls=":", label=tr(LANG, "최고 점수 500", "best possible: 500"))
ax.set(xlabel=tr(LANG, "에피소드 보상 합", "episode total reward"),
       ylabel=tr(LANG, "에피소드 수", "episodes"),
       title=tr(LANG, "무작위 에이전트 100 에피소드", "Random agent, 100 episodes"))
ax.legend()
plt.show()
"""
)

course.md(
    ko=r"""
무작위 에이전트는 평균 25 스텝 정도 버팁니다. 최고 점수 500과는 거리가 멉니다. 이 차이를 메우는 것이 코스 전체의 목표입니다.

## 4. 마르코프 결정 과정, 반환값, 할인율

강화학습 문제는 보통 마르코프 결정 과정 $(\mathcal{S}, \mathcal{A}, P, R, \gamma)$으로 씁니다.

- $\mathcal{S}$: 상태(state)의 집합. CartPole에서는 수레와 막대의 위치와 속도입니다.
- $\mathcal{A}$: 행동의 집합. CartPole에서는 $\{0, 1\}$입니다.
- $P(s' \mid s, a)$: 상태 $s$에서 행동 $a$를 하면 다음 상태가 $s'$일 확률입니다.
- $R$: 보상. 전이(transition) $(s, a, s')$마다 숫자 하나를 줍니다.
- $\gamma \in [0, 1)$: 할인율. 먼 미래의 보상을 얼마나 덜 쳐줄지 정합니다.

"마르코프"라는 말은 다음 상태가 **지금 상태와 행동에만** 달려 있고 그 전의 역사와는 상관없다는 뜻입니다.

에이전트가 크게 만들려는 값은 시각 $t$ 이후에 받을 보상을 할인해서 더한 **반환값**입니다.

$$
G_t = r_{t+1} + \gamma\, r_{t+2} + \gamma^2 r_{t+3} + \cdots = \sum_{k=0}^{\infty} \gamma^k\, r_{t+k+1}
$$

에피소드가 시각 $T$에 끝나면(종료) 그 뒤의 보상은 모두 0입니다. 반환값은 한 스텝씩 뒤로 가며 계산할 수 있습니다.

$$
G_t = r_{t+1} + \gamma\, G_{t+1}, \qquad G_T = 0
$$

이 재귀식이 노트북 04에서 배울 벨만 방정식(Bellman equation)과 TD 타깃(TD target)의 뿌리입니다.

$k$ 스텝 뒤의 보상은 $\gamma^k$만큼만 반영됩니다. 아래 그림처럼 $\gamma$가 작을수록 가까운 보상만 보고,
1에 가까울수록 먼 미래까지 봅니다. 가중치의 합은 $\sum_k \gamma^k = \frac{1}{1-\gamma}$이므로, 이 값을
대략 몇 스텝 앞까지 내다보는지를 나타내는 유효 지평선(effective horizon)으로 씁니다.
""",
    en=r"""
A random agent lasts about 25 steps on average — far from the best possible 500. Closing that
gap is what the whole course is about.

## 4. Markov decision processes, return and discount

An RL problem is usually written as a Markov decision process $(\mathcal{S}, \mathcal{A}, P, R, \gamma)$:

- $\mathcal{S}$: the set of states. In CartPole: the positions and velocities of the cart and pole.
- $\mathcal{A}$: the set of actions. In CartPole: $\{0, 1\}$.
- $P(s' \mid s, a)$: the probability that action $a$ in state $s$ leads to state $s'$.
- $R$: the reward, one number for each transition $(s, a, s')$.
- $\gamma \in [0, 1)$: the discount factor, how much less a reward counts the further away it is.

"Markov" means that the next state depends **only on the current state and action**, not on the
history before them.

What the agent tries to make large is the **return**, the discounted sum of the rewards after time $t$:

$$
G_t = r_{t+1} + \gamma\, r_{t+2} + \gamma^2 r_{t+3} + \cdots = \sum_{k=0}^{\infty} \gamma^k\, r_{t+k+1}
$$

When the episode terminates at time $T$, every later reward is 0, and the return can be computed
backwards one step at a time:

$$
G_t = r_{t+1} + \gamma\, G_{t+1}, \qquad G_T = 0
$$

This recursion is the root of the Bellman equation and the TD target of notebook 04.

A reward $k$ steps ahead counts with weight $\gamma^k$. As the figure below shows, a small $\gamma$ only
looks at the next few rewards, and a $\gamma$ close to 1 looks far ahead. The weights add up to
$\sum_k \gamma^k = \frac{1}{1-\gamma}$, which is used as the effective horizon: roughly how many steps
ahead the agent looks.
""",
)

course.code(
    r"""
steps_ahead = np.arange(0, 151)
fig, ax = plt.subplots(figsize=(7, 3.4))
for gamma, color in [(0.5, "tab:red"), (0.9, "tab:orange"), (0.99, "tab:blue")]:
    horizon = 1 / (1 - gamma)
    ax.plot(steps_ahead, gamma ** steps_ahead, color=color,
            label=rf"$\gamma={gamma}$, $1/(1-\gamma)={horizon:.0f}$")
    ax.axvline(horizon, color=color, ls=":", lw=1)
ax.set(xlabel=tr(LANG, "몇 스텝 뒤의 보상인가 ($k$)", "steps ahead ($k$)"),
       ylabel=tr(LANG, r"가중치 $\gamma^k$", r"weight $\gamma^k$"),
       title=tr(LANG, "할인율에 따른 미래 보상의 가중치", "How much a future reward counts"))
ax.legend()
plt.show()
"""
)

course.md(
    ko=r"""
### 직접 만들기: 반환값 계산

에피소드 하나의 보상 목록 $r_1, \dots, r_T$를 받아 모든 시각의 반환값 $G_0, G_1, \dots, G_{T-1}$을 돌려주는
함수를 작성합니다. 에피소드는 종료로 끝났다고 가정합니다($G_T = 0$). 위의 재귀식을 쓰면 뒤에서부터
한 번만 훑어서 계산할 수 있습니다.
""",
    en=r"""
### Your turn: compute returns

Write a function that takes the rewards $r_1, \dots, r_T$ of one episode and returns the returns
$G_0, G_1, \dots, G_{T-1}$ at every time step. Assume the episode terminated ($G_T = 0$). With the
recursion above, one backward pass is enough.
""",
)

course.code(**bi(r'''
def discounted_returns(rewards, gamma: float) -> np.ndarray:
    """«보상 r_1, ..., r_T에서 반환값 G_0, ..., G_{T-1}을 계산합니다|Returns G_0, ..., G_{T-1} of an episode with rewards r_1, ..., r_T».

    Args:
        rewards: «길이 T의 보상 목록(또는 배열|the T rewards (a list or an array»).
        gamma: «할인율, 0 이상 1 이하|the discount factor, between 0 and 1».

    Returns:
        «모양이 (T,)인 float 배열.|float array of shape (T,),» returns[t] = G_t.
    """
    # HINT: «`t`를 `T - 1`부터 0까지 거꾸로 돌며 `G = rewards[t] + gamma * G`를 쌓고 `returns[t]`에 넣으세요.|Walk `t` from `T - 1` down to 0, update `G = rewards[t] + gamma * G` and store it in `returns[t]`.»
    ### BEGIN SOLUTION
    returns = np.zeros(len(rewards))
    future_return = 0.0  # G_T = 0: «종료 뒤에는 보상이 없습니다|no reward after termination».
    for t in reversed(range(len(rewards))):
        future_return = rewards[t] + gamma * future_return
        returns[t] = future_return
    return returns
    ### END SOLUTION
'''))

course.md(
    ko=r"""
### 검사

아래 셀은 여러분의 함수를 정의 그대로의 합 $\sum_k \gamma^k r_{t+k+1}$과 비교하고, CartPole처럼 보상이
모두 1인 경우의 닫힌 식 $G_0 = \frac{1-\gamma^T}{1-\gamma}$과도 비교합니다.
""",
    en=r"""
### Check

The next cell compares your function with the definition $\sum_k \gamma^k r_{t+k+1}$ computed term by
term, and with the closed form $G_0 = \frac{1-\gamma^T}{1-\gamma}$ for CartPole's all-ones rewards.
""",
)

course.code(**bi(r'''
# NBVAL_CHECK_OUTPUT
check_rng = np.random.default_rng(0)
check_rewards = check_rng.normal(size=12)
by_definition = np.array(
    [sum(0.9**k * r for k, r in enumerate(check_rewards[t:])) for t in range(12)]
)
yours = np.asarray(discounted_returns(check_rewards, 0.9), dtype=float)
assert yours.shape == (12,), f"«보상 12개를 넣었으니 모양은 (12,)여야 합니다: {yours.shape}|12 rewards in, so the shape should be (12,); got {yours.shape}.»"
assert np.allclose(yours, by_definition), (
    f"G_t «값이 정의와 다릅니다|differs from the definition».\n"
    f"  «기대값: {np.round(by_definition, 3)}\n  결과:|expected: {np.round(by_definition, 3)}\n  got:   »   {np.round(yours, 3)}"
)
assert np.isclose(discounted_returns(np.ones(500), 0.99)[0], (1 - 0.99**500) / (1 - 0.99)), (
    "«보상이 모두 1일 때 G_0은 (1 - γ^T) / (1 - γ)여야 합니다|With all rewards equal to 1, G_0 should be (1 - γ^T) / (1 - γ)»."
)
assert np.allclose(discounted_returns([1.0, 2.0, 3.0], 0.0), [1.0, 2.0, 3.0]), (
    "«γ = 0이면 G_t는 바로 다음 보상 r_{t+1}과 같아야 합니다|With γ = 0, G_t should equal the next reward r_{t+1}»."
)
print("«통과했습니다! discounted_returns가 올바르게 동작합니다|Passed! discounted_returns works».")
'''))

course.md(
    ko=r"""
### 할인율이 반환값을 어떻게 바꾸나

무작위 에이전트의 가장 긴 에피소드로 $G_t$를 그려 봅니다. CartPole의 보상은 매 스텝 1이므로
$G_t$는 "남은 스텝 수"를 할인해서 센 값입니다. $\gamma = 1$이면 남은 스텝 수 그대로이고, $\gamma$가 작을수록
먼 미래를 덜 보므로 에피소드가 끝나기 훨씬 전부터 $G_t$가 $\frac{1}{1-\gamma}$ 근처에 머뭅니다.
""",
    en=r"""
### How the discount changes the return

Let us plot $G_t$ for the random agent's longest episode. CartPole pays 1 per step, so $G_t$ counts
the remaining steps, discounted. With $\gamma = 1$ it is exactly the number of steps left; the smaller
$\gamma$, the less the far future counts, and $G_t$ stays near $\frac{1}{1-\gamma}$ until the end is close.
""",
)

course.code(
    r"""
longest = max(random_episodes, key=len)
fig, ax = plt.subplots(figsize=(7, 3.4))
for gamma, color in [(1.0, "black"), (0.99, "tab:blue"), (0.9, "tab:orange"), (0.5, "tab:red")]:
    ax.plot(discounted_returns(longest, gamma), color=color, label=rf"$\gamma={gamma}$")
ax.set(xlabel=tr(LANG, "시각 $t$", "time step $t$"), ylabel="$G_t$",
       title=tr(LANG, f"무작위 에이전트의 가장 긴 에피소드 ({len(longest)} 스텝)",
                f"The random agent's longest episode ({len(longest)} steps)"))
ax.legend()
plt.show()
"""
)

course.md(
    ko=r"""
## 요약

- 준비 셀 `LANG = setup(lang="ko")`은 torch 스레드를 하나로 정하고, 시드를 넣고, 한글 글꼴을 고릅니다.
  작은 신경망에서는 스레드 하나가 가장 빠르고 결과도 재현됩니다.
- CartPole-v1의 관측은 실수 4개, 행동은 2개이며, 막대가 서 있는 매 스텝마다 보상 1을 받습니다.
- 에피소드는 막대가 쓰러지거나 수레가 밖으로 나가면 **종료**(`terminated`)되고, 500 스텝이 되면
  시간 제한으로 **중단**(`truncated`)됩니다.
- 무작위 에이전트는 평균 25 스텝 정도 버팁니다. 이것이 앞으로 넘어야 할 기준선입니다.
- 반환값은 $G_t = \sum_k \gamma^k r_{t+k+1} = r_{t+1} + \gamma G_{t+1}$이고, $\frac{1}{1-\gamma}$는
  에이전트가 내다보는 대략적인 스텝 수(유효 지평선)입니다.

다음 노트북 01에서는 에이전트가 배우는 데 쓰는 재료, 곧 경험(experience)을 담는 그릇을 만듭니다.

## 연습 문제

1. (개념) $\gamma = 0$인 에이전트와 $\gamma = 1$인 에이전트는 각각 무엇을 최대화하나요? 끝나지 않는
   문제에서 $\gamma = 1$을 쓰면 어떤 문제가 생기는지 설명해 보세요.
2. (코딩) $\gamma \in \{0.9, 0.99, 0.999\}$ 각각에 대해 $\gamma^k < 0.01$이 되는 가장 작은 $k$를 구하고,
   $\frac{1}{1-\gamma}$와 비교해 보세요. 둘은 대략 몇 배 차이가 나나요?
3. (코딩) "막대가 기운 쪽으로 수레를 민다"는 규칙 에이전트 `action = int(obs[2] > 0)`를 만들어 위와 같은
   시드 100개로 점수를 재 보세요. 각속도까지 보는 `int(obs[2] + 0.5 * obs[3] > 0)`은 어떤가요?
4. (개념) CartPole의 관측에는 "지금이 몇 번째 스텝인지"가 들어 있지 않습니다. 그런데 에피소드는 500 스텝에서
   잘립니다. 이것이 반환값을 배우는 에이전트에게 왜 곤란할 수 있을지 짐작해 보세요(노트북 01에서 확인합니다).
5. (코딩) `discounted_returns`를 반복문 없이 NumPy만으로 작성해 보세요. 힌트: $\gamma^k$의 행렬이나
   `np.cumsum`을 쓸 수 있습니다. 수치적으로 조심할 점은 무엇인가요?
""",
    en=r"""
## Summary

- The setup cell `LANG = setup(lang="en")` fixes torch to one thread, seeds everything and picks the
  figure font. For small networks one thread is the fastest choice, and results repeat.
- CartPole-v1 has 4 real-valued observations and 2 actions, and pays reward 1 for every step the pole
  stays up.
- An episode **terminates** (`terminated`) when the pole falls or the cart leaves the track, and is
  **truncated** (`truncated`) by the time limit at 500 steps.
- A random agent lasts about 25 steps on average: the baseline to beat.
- The return is $G_t = \sum_k \gamma^k r_{t+k+1} = r_{t+1} + \gamma G_{t+1}$, and $\frac{1}{1-\gamma}$
  is roughly how many steps ahead the agent looks (its effective horizon).

In notebook 01 we build the container for what the agent learns from: experience.

## Exercises

1. (Concept) What does an agent with $\gamma = 0$ maximise, and one with $\gamma = 1$? What goes wrong
   with $\gamma = 1$ in a task that never ends?
2. (Code) For $\gamma \in \{0.9, 0.99, 0.999\}$ find the smallest $k$ with $\gamma^k < 0.01$ and
   compare it with $\frac{1}{1-\gamma}$. Roughly what factor separates them?
3. (Code) Write the rule "push towards the side the pole leans", `action = int(obs[2] > 0)`, and score
   it on the same 100 seeds. How does `int(obs[2] + 0.5 * obs[3] > 0)`, which also looks at the
   angular velocity, do?
4. (Concept) CartPole's observation does not say which step of the episode it is, yet the episode is
   cut at 500 steps. Why could that confuse an agent that learns returns? (Notebook 01 shows it.)
5. (Code) Write `discounted_returns` without a Python loop, with NumPy only. Hint: a matrix of
   $\gamma^k$, or `np.cumsum`. What do you have to be careful about numerically?
""",
)
