"""Notebook 08: the paper's own setting, Atari from pixels with the 2013 network, end to end."""

from tools.nbbuild import Course, bi

course = Course("08_atari_2013")

course.md(
    ko=r"""
# 08. 논문 그대로: 픽셀에서 배우는 Atari와 2013년 신경망

지금까지는 CartPole의 관측 4개 숫자로 DQN을 배웠습니다. Mnih 등(2013)의 논문 "Playing Atari with
Deep Reinforcement Learning"은 훨씬 어려운 일을 했습니다. 에이전트가 사람처럼 **화면의 픽셀만** 보고 Atari
2600 게임을 배웠습니다. 이 노트북에서는 그 설정을 처음부터 끝까지 재현합니다. 먼저 게임 화면이 신경망에
들어가기까지의 전처리(preprocessing)를 한 단계씩 그림으로 확인하고, 논문의 합성곱 신경망(convolutional neural
network, CNN)을 만들어 크기를 잽니다. 이어서 100만 개의 전이를 몇 GB 안에 담는 리플레이 버퍼를 살펴보고, CPU에서 짧게 학습시켜 봅니다. 끝으로 GPU에서 논문만큼 학습하려면 무엇이 얼마나 드는지 정리합니다.

## 학습 목표

- 논문의 전처리, 즉 프레임 건너뛰기, 흑백 변환과 84×84 축소, 프레임 쌓기(frame stacking), 보상
  클리핑(reward clipping)이 각각 무엇을 하고 왜 필요한지 논문의 문장과 함께 설명할 수 있습니다.
- gymnasium의 `AtariPreprocessing`이 논문과 어디가 다른지(두 프레임의 최댓값, 자르기 대신 크기 조절) 압니다.
- 2013년 신경망의 층별 출력 크기와 파라미터 수 677,686개를 직접 계산할 수 있습니다.
- 프레임을 한 번씩만 저장하는 리플레이 버퍼가 전이 하나에 몇 바이트를 쓰는지, 에피소드 경계를 어떻게
  다루는지 설명할 수 있습니다.
- CPU에서 짧게 학습시켜 파이프라인 전체가 돌아가는 것을 확인하고, 잰 속도로 전체 학습의 비용을 어림합니다.
- GPU에서 논문 규모로 학습시키는 정확한 명령과 예산, 기대할 수 있는 학습 곡선의 모습을 압니다.
""",
    en=r"""
# 08. The paper's own setting: Atari from pixels with the 2013 network

So far DQN has learned from CartPole's four numbers. Mnih et al. (2013), "Playing Atari with Deep
Reinforcement Learning", did something much harder: the agent learned Atari 2600 games from **the
screen's pixels only**, the way a person does. This notebook reproduces that setting end to end. We
look at each preprocessing step between the emulator's screen and the network as an image, build the
paper's convolutional neural network (CNN) and measure its size, look inside a replay buffer that holds
a million transitions in a few GB, and train briefly on the CPU. Finally we work out what it takes to
train as long as the paper did, on a GPU.

## Learning goals

- Explain each preprocessing step, frame skip, grayscale and 84×84 downsampling, frame stacking and
  reward clipping, what it does and why, next to the paper's own words.
- Know where gymnasium's `AtariPreprocessing` differs from the paper (a maximum over two frames, a
  resize instead of a crop).
- Work out the 2013 network's layer output sizes and its 677,686 parameters by hand.
- Explain how many bytes one transition costs in a replay buffer that stores every frame once, and how
  that buffer handles episode boundaries.
- Train briefly on the CPU to see the whole pipeline run, and estimate the cost of a full run from the
  measured speed.
- Know the exact command, the budget and the expected shape of the learning curve of a paper-scale
  run on a GPU.
""",
)

course.code(**bi('''
from dqn_teach.course import setup

LANG = setup(lang="«ko|en»")  # «torch 스레드 1개, 시드 고정, 한글 글꼴|one torch thread, fixed seeds, Hangul font»
'''))

course.code('''
import time

import cv2
import gymnasium as gym
import matplotlib.pyplot as plt
import numpy as np
import torch

from dqn_teach.atari import AtariReplayBuffer, make_atari_agent, make_atari_env, register_atari_envs
from dqn_teach.config import preset
from dqn_teach.envs import env_factory, env_shapes
from dqn_teach.experience import make_experience
from dqn_teach.networks import AtariQNet, MLPQNet, count_parameters
from dqn_teach.i18n import tr
from dqn_teach.training import make_vector_env, train
''')

course.md(
    ko=r"""
## 1. 에뮬레이터가 보여 주는 화면

Atari 게임은 ALE(Arcade Learning Environment)라는 에뮬레이터 위에서 돌아갑니다. `ale-py` 패키지에는 게임 ROM까지
들어 있어서, `gym.register_envs(ale_py)`로 등록만 하면 `"ALE/Pong-v5"` 같은 환경을 바로 만들 수 있습니다
(`register_atari_envs()`가 이 일을 합니다).

먼저 아무 전처리도 하지 않은 원시 화면을 봅니다. `frameskip=1`은 에뮬레이터 프레임 하나가 한 스텝이라는 뜻이고,
`repeat_action_probability=0.0`은 2013년 당시처럼 행동이 그대로 실행되는 결정적인 에뮬레이터라는 뜻입니다
(ALE v5의 기본값 0.25는 가끔 이전 행동을 반복하는 끈적한 행동(sticky actions)입니다).
""",
    en=r"""
## 1. The screen the emulator shows

Atari games run on an emulator, the ALE (Arcade Learning Environment). The `ale-py` package ships the
game ROMs too, so once registered with `gym.register_envs(ale_py)` (which `register_atari_envs()` does)
an environment such as `"ALE/Pong-v5"` is ready to use.

First the raw screen, with no preprocessing at all. `frameskip=1` makes one emulator frame one step,
and `repeat_action_probability=0.0` gives a deterministic emulator that always executes the chosen
action, as in 2013 (ALE v5's default of 0.25 adds "sticky actions" that sometimes repeat the previous
one).
""",
)

course.code('''
# NBVAL_CHECK_OUTPUT
register_atari_envs()
raw_env = gym.make("ALE/Pong-v5", frameskip=1, repeat_action_probability=0.0)
screen, _ = raw_env.reset(seed=0)
print("screen:", screen.shape, screen.dtype, f"{screen.nbytes:,} bytes")
print("actions:", raw_env.unwrapped.get_action_meanings())
''')

course.md(
    ko=r"""
화면은 210×160 픽셀, 픽셀마다 RGB 3바이트이니 한 장에 100,800바이트입니다. 에뮬레이터는 1초에 60프레임을 그립니다.
Pong의 행동은 6개이고, 그중 `RIGHT`와 `LEFT`가 라켓을 위아래로 움직입니다.
논문은 이 화면을 그대로 쓰지 않았습니다.

> "Working directly with raw Atari frames, which are 210 × 160 pixel images with a 128 color palette, can be
> computationally demanding, so we apply a basic preprocessing step aimed at reducing the input dimensionality."

즉 "원시 프레임을 그대로 쓰면 계산이 너무 많으니, 입력의 차원을 줄이는 기본적인 전처리를 한다"는 것입니다.
이제 그 전처리를 한 단계씩 손으로 해 봅니다.
""",
    en=r"""
The screen is 210×160 pixels with 3 bytes (RGB) each, 100,800 bytes per image, drawn 60 times a second.
Pong has 6 actions; `RIGHT` and `LEFT` move the paddle up and down. The paper did not feed this screen
to the network as it is:

> "Working directly with raw Atari frames, which are 210 × 160 pixel images with a 128 color palette, can be
> computationally demanding, so we apply a basic preprocessing step aimed at reducing the input dimensionality."

Let us do that preprocessing by hand, one step at a time.
""",
)

course.md(
    ko=r"""
## 2. 전처리를 한 단계씩

### 2.1 프레임 건너뛰기: 4프레임마다 한 번 결정하기

> "the agent sees and selects actions on every $k$th frame instead of every frame, and its last action is
> repeated on skipped frames." ($k = 4$)

에이전트는 4프레임에 한 번만 화면을 보고 행동을 고르며, 고른 행동은 4프레임 동안 반복됩니다. 에이전트의 한
스텝 $t$는 에뮬레이터 프레임 $4t, \dots, 4t+3$이고, 그동안 받은 보상은 더합니다.

$$
r_t = \sum_{i=0}^{3} r^{\text{frame}}_{4t+i}
$$

에뮬레이터를 한 프레임 돌리는 것은 신경망으로 행동을 고르는 것보다 계산 비용이 훨씬 적기 때문에, 같은 계산으로 게임을 약
4배 더 많이 할 수 있습니다. 60 Hz의 4분의 1, 즉 1초에 15번 결정하는 것은 사람에게도 충분히 빠른 속도입니다.

### 2.2 흑백, 두 프레임의 최댓값, 84×84

> "The raw frames are preprocessed by first converting their RGB representation to gray-scale and down-sampling it
> to a 110×84 image. The final input representation is obtained by cropping an 84 × 84 region of the image that
> roughly captures the playing area."

논문은 흑백으로 바꾸고 110×84로 줄인 다음 경기 영역 84×84를 잘라 냈습니다. gymnasium의 `AtariPreprocessing`은 두
군데가 다릅니다.

- **두 프레임의 최댓값.** 4프레임 중 마지막 두 프레임의 픽셀별 최댓값을 씁니다. Atari는 스프라이트를 번갈아
  그려서 한 프레임에만 보이는 물체가 있는데, 최댓값을 취하면 사라지지 않습니다. 2015년 Nature 논문의 방식입니다.
- **자르기 대신 크기 조절.** 210×160 화면 전체를 84×84로 줄입니다(`cv2.INTER_AREA`). 가로세로 비율이 조금
  찌그러지지만 점수판까지 모두 남습니다.

아래에서 에이전트가 `RIGHT`를 고른 스텝 하나(4프레임)를 직접 처리해 봅니다.
""",
    en=r"""
## 2. Preprocessing, step by step

### 2.1 Frame skip: decide every 4th frame

> "the agent sees and selects actions on every $k$th frame instead of every frame, and its last action is
> repeated on skipped frames." ($k = 4$)

The agent looks at the screen and picks an action on every 4th frame only, and its action repeats on
the 4 frames. Agent step $t$ covers emulator frames $4t, \dots, 4t+3$, and their rewards add up:

$$
r_t = \sum_{i=0}^{3} r^{\text{frame}}_{4t+i}
$$

Running the emulator for a frame is far cheaper than choosing an action with the network, so the same
compute plays about 4 times more games. A quarter of 60 Hz, 15 decisions a second, is fast enough for
a human player too.

### 2.2 Grayscale, the maximum of two frames, 84×84

> "The raw frames are preprocessed by first converting their RGB representation to gray-scale and down-sampling it
> to a 110×84 image. The final input representation is obtained by cropping an 84 × 84 region of the image that
> roughly captures the playing area."

The paper converted to grayscale, shrank to 110×84 and cropped an 84×84 playing area. Gymnasium's
`AtariPreprocessing` differs in two places:

- **The maximum of two frames.** It takes the pixel-wise maximum of the last two of the 4 frames. Atari
  draws some sprites on alternate frames only, and the maximum keeps them visible. This is the 2015
  Nature paper's recipe.
- **A resize instead of a crop.** It shrinks the whole 210×160 screen to 84×84 (`cv2.INTER_AREA`). The
  aspect ratio is squashed a little, but everything, the score included, stays in view.

Below we process one agent step (4 frames) in which the agent chose `RIGHT`, by hand.
""",
)

course.code(**bi('''
FRAME_SKIP = 4
RIGHT = 2
# «공이 화면에 나올 때까지 에이전트 스텝 20번(= 80프레임) 동안 라켓을 움직입니다.|Move the paddle for 20 agent steps (80 frames) until the ball is in play.»
ACTIONS = [RIGHT] * 12 + [0] * 8


def play_by_hand(actions, seed=0):
    """«원시 에뮬레이터에서 행동마다 4프레임씩 진행하고, 마지막 스텝의 RGB 화면과 흑백 프레임 4장을 돌려줍니다.|Play each action for 4 frames on the raw emulator; return the last step's RGB screen and its 4 grayscale frames.»"""
    raw_env.reset(seed=seed)
    frame_numbers = []
    for action in actions:
        grays = []
        for _ in range(FRAME_SKIP):  # «같은 행동을 4프레임 동안 반복합니다|the same action on 4 frames»
            screen, *_ = raw_env.step(action)
            grays.append(raw_env.unwrapped.ale.getScreenGrayscale())
        frame_numbers.append(raw_env.unwrapped.ale.getEpisodeFrameNumber())
    return screen, grays, frame_numbers


screen, grays, frame_numbers = play_by_hand(ACTIONS)
pooled = np.maximum(grays[-2], grays[-1])  # «마지막 두 프레임의 픽셀별 최댓값|pixel-wise max of the last two frames»
small = cv2.resize(pooled, (84, 84), interpolation=cv2.INTER_AREA)
print("«에이전트 스텝마다 에뮬레이터 프레임 번호|emulator frame number after each agent step»:", frame_numbers[:5], "...")

panels = [
    (screen, tr(LANG, "원시 RGB 210×160", "raw RGB 210×160")),
    (grays[-1], tr(LANG, "흑백 210×160", "grayscale 210×160")),
    (pooled, tr(LANG, "마지막 두 프레임의 최댓값", "max of the last two frames")),
    (small, tr(LANG, "84×84로 축소", "resized to 84×84")),
]
fig, axes = plt.subplots(1, 4, figsize=(13, 4.2))
for ax, (image, title) in zip(axes, panels):
    ax.imshow(image, cmap="gray", vmin=0, vmax=255)
    ax.set_title(f"{title}\\n{image.nbytes:,} B", fontsize=10)
    ax.axis("off")
plt.tight_layout()
plt.show()
'''))

course.md(
    ko=r"""
프레임 번호가 4씩 늘어나는 것이 프레임 건너뛰기입니다. 한 장이 100,800바이트에서 7,056바이트로, 약 14분의 1이
되었습니다. 흑백으로 바꿔도 공과 두 라켓, 점수는 또렷이 남습니다.

손으로 한 처리가 `make_atari_env`가 돌려주는 관측과 픽셀 하나까지 같은지 확인합니다. `make_atari_env`는 시작할 때
무작위로 1–30프레임 동안 아무것도 하지 않는데(`noop_max`, 매 에피소드가 조금씩 다른 상태에서 시작하게 하는 2015년
논문의 방식입니다), 여기서는 비교를 위해 `noop_max=0`으로 끕니다.
""",
    en=r"""
The frame number grows by 4 per step: that is the frame skip. One image went from 100,800 to 7,056
bytes, about 14 times smaller, and the ball, both paddles and the score are still clear in gray.

Let us check that our hand-made frame equals, pixel for pixel, the observation `make_atari_env` returns.
At every reset `make_atari_env` waits 1–30 random frames doing nothing (`noop_max`, from the 2015 paper,
so that episodes start in slightly different states); we switch that off with `noop_max=0` to compare.
""",
)

course.code(**bi('''
# NBVAL_CHECK_OUTPUT
env = make_atari_env("ALE/Pong-v5", noop_max=0)
obs, _ = env.reset(seed=0)
for action in ACTIONS:
    obs, reward, terminated, truncated, info = env.step(action)
print("observation_space:", env.observation_space)
print("obs:", obs.shape, obs.dtype)
print("«가장 새 프레임 == 손으로 처리한 것|newest frame == by hand»:", np.array_equal(obs[-1], small))
env.close()
'''))

course.md(
    ko=r"""
### 2.3 프레임 쌓기: 한 장으로는 공이 어디로 가는지 모릅니다

> "the function $\phi$ from algorithm 1 applies this preprocessing to the last 4 frames of a history and stacks them
> to produce the input to the Q-function."

사진 한 장에서는 공의 위치만 보이고 방향과 속도는 보이지 않습니다. 마르코프 결정 과정의 상태가 되려면 움직임이 보여야 하므로, 최근 4장을 쌓아 `(4, 84, 84)` 관측 하나로 만듭니다.
`FrameStackObservation`이 이 일을 하며, 매 스텝 가장 오래된 장이 빠지고 새 장이 들어옵니다.
에피소드의 첫 관측은 첫 프레임을 4번 반복해서 채웁니다.
""",
    en=r"""
### 2.3 Frame stacking: one image cannot tell where the ball is going

> "the function $\phi$ from algorithm 1 applies this preprocessing to the last 4 frames of a history and stacks them
> to produce the input to the Q-function."

A single image shows where the ball is, not where it is going or how fast. For the observation to work
as the state of a Markov decision process (MDP), motion must be visible, so the last 4 images are
stacked into one `(4, 84, 84)` observation. `FrameStackObservation` does this; every step the oldest
image drops out and a new one comes in. An episode's first observation repeats its first frame 4 times.
""",
)

course.code(**bi('''
env = make_atari_env("ALE/Pong-v5")
obs, _ = env.reset(seed=1)
rng = np.random.default_rng(1)
for _ in range(60):
    obs, *_ = env.step(int(rng.integers(env.action_space.n)))
env.close()

fig, axes = plt.subplots(1, 5, figsize=(14, 3.3))
for i, ax in enumerate(axes[:4]):
    ax.imshow(obs[i], cmap="gray", vmin=0, vmax=255)
    ax.set_title(f"obs[{i}]" + ("  (t)" if i == 3 else f"  (t−{3 - i})"))
motion = obs[3].astype(np.int16) - obs[0].astype(np.int16)  # «uint8끼리 빼면 음수가 넘쳐 돌아갑니다|uint8 subtraction would wrap around»
axes[4].imshow(motion, cmap="bwr", vmin=-160, vmax=160)
axes[4].set_title(tr(LANG, "obs[3] − obs[0]: 움직임", "obs[3] − obs[0]: motion"))
for ax in axes[:4]:
    ax.axis("off")
axes[4].set(xticks=[], yticks=[])  # «테두리는 남겨 흰 배경이 보이게 합니다|keep the frame so the white background shows»
plt.tight_layout()
plt.show()
'''))

course.md(
    ko=r"""
마지막 그림은 가장 새 장에서 가장 오래된 장을 뺀 것입니다. 빨간 점은 공이 지금 있는 곳, 파란 점은 3스텝 전에
있던 곳이니, 신경망은 이 차이에서 방향과 속도를 읽어 낼 수 있습니다. 움직이지 않은 배경은 0이 됩니다.

### 2.4 보상 클리핑

> "Since the scale of scores varies greatly from game to game, we fixed all positive rewards to be 1 and all
> negative rewards to be −1, leaving 0 rewards unchanged."

게임마다 점수의 크기가 크게 다르기 때문에, 양의 보상은 모두 1, 음의 보상은 모두 −1로 바꾸고 0은 그대로
둡니다. 보상의 부호만 남기는 셈입니다.

$$
\tilde r_t = \operatorname{sign}(r_t) \in \{-1, 0, 1\}
$$

Atari 점수는 정수이므로 $[-1, 1]$로 자르는 것과 같습니다. 이렇게 하면 오차의 미분 크기가 제한되어 모든 게임에 같은
학습률을 쓸 수 있습니다. 대신 에이전트는 "큰 점수"와 "작은 점수"를 구분하지 못합니다. Pong은
점수가 원래 ±1이라 달라지는 것이 없으니, 외계인마다 5–30점을 주는 Space Invaders로 확인해 봅니다.
""",
    en=r"""
The last panel subtracts the oldest image from the newest. The red dot is where the ball is now, the
blue dot where it was 3 steps ago: from such differences the network can read direction and speed.
The static background cancels to 0.

### 2.4 Reward clipping

> "Since the scale of scores varies greatly from game to game, we fixed all positive rewards to be 1 and all
> negative rewards to be −1, leaving 0 rewards unchanged."

Only the sign of the reward is kept:

$$
\tilde r_t = \operatorname{sign}(r_t) \in \{-1, 0, 1\}
$$

Atari scores are integers, so this equals clipping to $[-1, 1]$. It bounds the size of the error
derivatives, so one learning rate works for every game. The price: the agent cannot tell a big score
from a small one. Pong's rewards are ±1 anyway, so we look at Space Invaders, which pays 5–30 points
per alien.
""",
)

course.code(**bi('''
raw_rewards, clipped_rewards = [], []
unclipped_env = make_atari_env("ALE/SpaceInvaders-v5", clip_rewards=False)
clipped_env = make_atari_env("ALE/SpaceInvaders-v5")
unclipped_env.reset(seed=3)
clipped_env.reset(seed=3)
rng = np.random.default_rng(0)
for _ in range(300):
    action = int(rng.integers(unclipped_env.action_space.n))  # «두 환경에 같은 행동|the same action in both envs»
    raw_rewards.append(unclipped_env.step(action)[1])
    clipped_rewards.append(clipped_env.step(action)[1])
unclipped_env.close()
clipped_env.close()

raw_rewards, clipped_rewards = np.array(raw_rewards), np.array(clipped_rewards)
scored = raw_rewards != 0
print("«원래 보상|raw rewards»    :", raw_rewards[scored])
print("«클리핑된 보상|clipped rewards»:", clipped_rewards[scored])
'''))

course.md(
    ko=r"""
### 2.5 한 번의 호출로: `make_atari_env`

`dqn_teach.atari.make_atari_env`는 위의 전처리를 모두 묶습니다. 감싸는 순서는 다음과 같습니다.

1. `gym.make(env_id, frameskip=1, repeat_action_probability=0.0)`: 원시 에뮬레이터(프레임 건너뛰기는 다음 단계가
   합니다).
2. `AtariPreprocessing(frame_skip=4, screen_size=84, grayscale_obs=True, noop_max=30)`: 4프레임마다 결정, 두
   프레임의 최댓값, 흑백, 84×84, 시작할 때 무작위 no-op.
3. `TransformReward(sign)`: 보상 클리핑.
4. `FrameStackObservation(4)`: 최근 4장 쌓기.

관측은 `(4, 84, 84)` uint8(0–255)입니다. 0–1 실수로 바꾸는 일은 신경망 안에서 합니다. 그래야 리플레이 버퍼가
프레임을 1바이트짜리 정수로 보관할 수 있습니다(4절).

## 3. 2013년 신경망

> "The input to the neural network consists is an 84 × 84 × 4 image produced by $\phi$. The first hidden layer
> convolves 16 8 × 8 filters with stride 4 with the input image and applies a rectifier nonlinearity. The second
> hidden layer convolves 32 4 × 4 filters with stride 2, again followed by a rectifier nonlinearity. The final hidden
> layer is fully-connected and consists of 256 rectifier units. The output layer is a fully-connected linear layer
> with a single output for each valid action."

풀어 쓰면 이렇습니다. 입력은 $\phi$가 만든 84×84×4 이미지입니다. 첫 번째 은닉층은 8×8 필터 16개를 스트라이드(stride) 4로
입력에 합성곱하고 ReLU(rectifier)를 적용합니다. 두 번째 은닉층은 4×4 필터 32개를 스트라이드 2로 합성곱하고 다시
ReLU를 적용합니다. 마지막 은닉층은 ReLU 유닛 256개로 된 완전 연결층(fully connected layer)이고, 출력층은 가능한 행동마다 출력이 하나인
선형 완전 연결층입니다.

합성곱 층의 출력 크기는 입력 크기 $n$, 필터 크기 $k$, 스트라이드 $s$로 정해집니다(패딩 없음).

$$
n_\text{out} = \left\lfloor \frac{n - k}{s} \right\rfloor + 1,
\qquad
\frac{84 - 8}{4} + 1 = 20,
\qquad
\left\lfloor \frac{20 - 4}{2} \right\rfloor + 1 = 9
$$

그래서 두 번째 합성곱의 출력은 $32 \times 9 \times 9 = 2592$개의 수이고, 이것이 256개짜리 은닉층으로
들어갑니다. 층마다 파라미터 수를 세어 봅니다. 합성곱은 (입력 채널 × 출력 채널 × $k^2$ + 출력 채널), 완전 연결층은
(입력 × 출력 + 출력)입니다.
""",
    en=r"""
### 2.5 All in one call: `make_atari_env`

`dqn_teach.atari.make_atari_env` wraps all of the above, in this order:

1. `gym.make(env_id, frameskip=1, repeat_action_probability=0.0)`: the raw emulator (the next wrapper
   does the frame skipping).
2. `AtariPreprocessing(frame_skip=4, screen_size=84, grayscale_obs=True, noop_max=30)`: decide every 4th
   frame, the maximum of two frames, grayscale, 84×84, random no-ops at the start.
3. `TransformReward(sign)`: reward clipping.
4. `FrameStackObservation(4)`: stack the last 4 images.

Observations are `(4, 84, 84)` uint8 (0–255). Scaling to 0–1 floats happens inside the network, so the
replay buffer can keep frames as one-byte integers (section 4).

## 3. The 2013 network

> "The input to the neural network consists is an 84 × 84 × 4 image produced by $\phi$. The first hidden layer
> convolves 16 8 × 8 filters with stride 4 with the input image and applies a rectifier nonlinearity. The second
> hidden layer convolves 32 4 × 4 filters with stride 2, again followed by a rectifier nonlinearity. The final hidden
> layer is fully-connected and consists of 256 rectifier units. The output layer is a fully-connected linear layer
> with a single output for each valid action."

A convolution's output size follows from the input size $n$, the filter size $k$ and the stride $s$ (no
padding):

$$
n_\text{out} = \left\lfloor \frac{n - k}{s} \right\rfloor + 1,
\qquad
\frac{84 - 8}{4} + 1 = 20,
\qquad
\left\lfloor \frac{20 - 4}{2} \right\rfloor + 1 = 9
$$

So the second convolution outputs $32 \times 9 \times 9 = 2592$ numbers, which feed the hidden layer of
256 units. Let us count the parameters layer by layer: a convolution has (in channels × out channels ×
$k^2$ + out channels), a fully connected layer (inputs × outputs + outputs).
""",
)

course.md(
    ko=r"""
**예측해 보세요.** 2013년 신경망의 파라미터 677,686개 가운데 대부분은 어느 층에 있을까요? 첫 합성곱층, 둘째 합성곱층, 2592 → 256 완전 연결층, 출력층 중에서 고르고, 비율도 어림해 보세요.

아래 셀에 예측을 적어 실행한 다음, 그다음 셀을 실행해 확인하세요.
""",
    en=r"""
**Predict first.** Most of the 2013 network's 677,686 parameters sit in one layer. Which: the first convolution, the second, the 2592 → 256 fully connected layer, or the output layer? Guess the share too.

Write your prediction in the cell below and run it, then run the next cell to find out.
""",
)

course.code(**bi('''
my_prediction = None  # «여기에 예측을 적으세요|write your prediction here»
'''))

course.code(**bi('''
# NBVAL_CHECK_OUTPUT
net = AtariQNet(num_actions=6)  # «Pong의 행동 6개|Pong's 6 actions»
x = torch.zeros(1, 4, 84, 84)
print("«층               출력 모양      파라미터|layer         output shape    parameters»")
for layer in net.layers:
    x = layer(x)
    print(f"{type(layer).__name__:<10}{str(tuple(x.shape[1:])):>16}{count_parameters(layer):>14,}")
print(f"{count_parameters(net):>40,}  ← «합계|total»")
print("«CartPole의 MLP|CartPole's MLP»:", f"{count_parameters(MLPQNet(4, 2, (128, 64))):,}")
'''))

course.md(
    ko=r"""
파라미터의 98%(663,808개)가 2592 → 256 완전 연결층에 있습니다. 합성곱 두 층은 합쳐도 12,336개뿐인데, 같은 작은 필터를
화면 전체에 미끄러뜨리며 다시 쓰기 때문입니다. 전체는 CartPole 신경망의 약 75배이고, 미니배치 32개를
한 번 학습하는 데 드는 계산은 그보다 훨씬 더 큽니다. 이것이 Atari 학습에 GPU가 필요한 이유입니다(6절).

입력이 uint8이면 `forward`가 255로 나눠 0–1로 바꾸므로, 정수 프레임을 그대로 넣어도 됩니다.
""",
    en=r"""
98% of the parameters (663,808) sit in the 2592 → 256 fully connected layer. The two convolutions have
only 12,336 together, because they slide the same small filters across the whole screen. The network is
about 75 times CartPole's, and one training step on a mini-batch of 32 costs far more than that ratio
suggests. That is why Atari wants a GPU (section 6).

With uint8 input, `forward` divides by 255 to get 0–1 values, so integer frames can go in as they are.
""",
)

course.md(
    ko=r"""
### 직접 만들기: 파라미터 수를 식으로

2013년 신경망의 파라미터 수를 행동 수 `num_actions`와 프레임 수 `num_frames`(입력 채널)의 함수로 써 보세요. 코드 힌트는
없습니다. 위의 두 공식(출력 크기, 층별 파라미터 수)을 이어 붙이면 됩니다. 검사 셀은 행동 4, 6, 18개와 프레임 1, 4장에서
`count_parameters(AtariQNet(num_actions, in_channels=num_frames))`와 비교합니다.
""",
    en=r"""
### Build it: the parameter count as a formula

Write the 2013 network's number of parameters as a function of the number of actions `num_actions` and of
stacked frames `num_frames` (the input channels). No code hint: chain the two formulas above (output
size, parameters per layer). The check cell compares it with
`count_parameters(AtariQNet(num_actions, in_channels=num_frames))` for 4, 6 and 18 actions and 1 or 4 frames.
""",
)

course.code(**bi('''
def atari2013_parameters(num_actions: int, num_frames: int = 4) -> int:
    """«84×84 입력, 2013년 구조(16×8×8/4 → 32×4×4/2 → 256 → 행동)의 파라미터 수|Parameters of the 2013 architecture on 84×84 input (16×8×8/4 → 32×4×4/2 → 256 → actions)»."""
    # NO HINT
    ### BEGIN SOLUTION
    size = (84 - 8) // 4 + 1  # 20
    size = (size - 4) // 2 + 1  # 9
    conv1 = num_frames * 16 * 8 * 8 + 16
    conv2 = 16 * 32 * 4 * 4 + 32
    hidden = 32 * size * size * 256 + 256
    output = 256 * num_actions + num_actions
    return conv1 + conv2 + hidden + output
    ### END SOLUTION
'''))

course.code(**bi('''
# NBVAL_CHECK_OUTPUT
for num_actions in (4, 6, 18):
    for num_frames in (1, 4):
        expected = count_parameters(AtariQNet(num_actions, in_channels=num_frames))
        got = atari2013_parameters(num_actions, num_frames)
        assert got == expected, f"«행동|actions» {num_actions}, «프레임|frames» {num_frames}: {got:,} != {expected:,}"
print("✅", f"{atari2013_parameters(6):,}")
'''))

course.code('''
# NBVAL_CHECK_OUTPUT
frames = torch.randint(0, 256, (32, 4, 84, 84), dtype=torch.uint8)
q_values = net(frames)
print("Q:", tuple(q_values.shape), q_values.dtype)
print("uint8 == float / 255:", torch.allclose(q_values, net(frames.float() / 255.0)))
''')

course.md(
    ko=r"""
## 4. 수십만 개의 전이를 담는 리플레이 버퍼

> "We trained for a total of 10 million frames and used a replay memory of one million most recent frames."

여기서 "프레임(frame)"이 무엇인지 논문은 밝히지 않습니다. 에뮬레이터 프레임일 수도, 에이전트가 결정을 내리는 스텝(4프레임)일
수도 있습니다. Machado et al. (2018)은 이 모호함이 논문마다 섞여 있다고 지적하고 단위를 밝히라고 권합니다. 이 코스는
**에뮬레이터 프레임**으로 읽고 4로 나눠 에이전트 스텝으로 바꿉니다. 그러면 최근 100만 프레임은 최근 25만 스텝, 즉
25만 개의 전이입니다(DeepMind가 공개한 2015년 코드는 같은 숫자를 에이전트 스텝으로 세므로 4배인 100만 개입니다).
02에서 만든 `ReplayBuffer`처럼 전이마다 `obs`와 `next_obs`를 통째로 저장하면 얼마나 들까요? 관측 하나가 $4 \times 84 \times 84 = 28{,}224$바이트이고, 행동 8바이트, 보상과 종료
4바이트씩이 더해집니다.

$$
2 \times 28{,}224 + 16 = 56{,}464 \text{ B} \quad\Rightarrow\quad 25 \text{만 개} \approx 14 \text{ GB}, \quad 100 \text{만 개} \approx 56 \text{ GB}
$$

노트북 컴퓨터의 메모리에 담기엔 너무 큽니다. 그런데 한 에피소드 안에서는 `next_obs`의 앞 3장이 `obs`의 뒤 3장과 같고, 다음 전이의
`obs`는 이번 `next_obs`와 같습니다. 새로운 것은 스텝마다 **프레임 한 장**뿐입니다.

`AtariReplayBuffer`는 링 버퍼의 칸마다 프레임 한 장(`next_obs`의 가장 새 장)과, 그 바로 앞 프레임이 있는
칸을 가리키는 링크를 저장합니다. 링크를 따라 4번 거슬러 올라가면 5장이 나오고, 앞 4장이 `obs`, 뒤 4장이
`next_obs`입니다.

- **에피소드 경계.** 새 에피소드의 첫 `obs`는 같은 환경이 직전에 저장한 `next_obs`와 다르므로, 버퍼는 그 `obs`의
  프레임을 먼저 따로 적습니다(전이가 아닌 "머리" 칸). 리셋된 관측은 첫 프레임의 반복이라 한 칸에 적고 자기 자신을
  가리키게 하면, 거슬러 올라갈 때 그 프레임이 계속 반복됩니다. 에피소드마다 프레임 한 장이 더 들 뿐이고, 이전
  에피소드의 프레임이 섞여 들어오는 일은 없습니다.
- **링 버퍼가 한 바퀴 돌 때.** 가장 오래된 칸부터 덮어씁니다. 필요한 프레임이 덮어쓰인 가장 오래된 몇 개의
  전이는 샘플링하지 않습니다(링크가 절대 번호를 담고 있어 비교 한 번이면 압니다).
- **자동 리셋 스텝**은 02, 06에서처럼 `store_mask`로 건너뜁니다.

칸 하나의 크기는 프레임 7,056 + 링크 8 + 행동 8 + 보상 4 + 종료 4 + 전이 표시 1 = 7,081바이트입니다.
""",
    en=r"""
## 4. A replay buffer for hundreds of thousands of transitions

> "We trained for a total of 10 million frames and used a replay memory of one million most recent frames."

The paper does not say what a "frame" is: an emulator frame, or an agent step (a decision every 4
frames). Machado et al. (2018) point out that papers mix the two and recommend stating the unit. This
course reads them as **emulator frames** and divides by 4 to get agent steps, so the most recent million
frames are the most recent 250,000 steps: 250,000 transitions. (DeepMind's released 2015 code counts the
same numbers in agent steps, 4 times as many: a million.) What would that cost if, like the
`ReplayBuffer` of notebook 02, every transition kept its whole `obs` and `next_obs`? One observation is
$4 \times 84 \times 84 = 28{,}224$ bytes; add 8 bytes of action and 4 each of reward and termination:

$$
2 \times 28{,}224 + 16 = 56{,}464 \text{ B} \quad\Rightarrow\quad 250{,}000 \text{ transitions} \approx 14 \text{ GB}, \quad 10^6 \approx 56 \text{ GB}
$$

Far too much for a laptop. But within an episode, the first 3 images of `next_obs` are the last 3 of
`obs`, and the next transition's `obs` is this one's `next_obs`. Each step brings **one new image**.

`AtariReplayBuffer` stores, in each slot of a ring buffer, one frame (the newest image of `next_obs`)
and a link to the slot holding the frame just before it. Following the links back 4 times gives 5
frames: the first 4 are `obs`, the last 4 `next_obs`.

- **Episode boundaries.** A new episode's first `obs` differs from the `next_obs` the same environment
  stored last, so the buffer first writes that `obs`'s frames on their own (a "head" slot that is not a
  transition). A reset observation repeats its first frame, so it takes one slot that links to itself:
  following it keeps returning that frame. That costs one extra frame per episode, and no frame of the
  previous episode ever leaks in.
- **When the ring wraps,** the oldest slots are overwritten first. The few oldest transitions whose
  frames were overwritten are not sampled (links hold absolute write numbers, so one comparison tells).
- **The autoreset step** is skipped with `store_mask`, as in notebooks 02 and 06.

One slot costs frame 7,056 + link 8 + action 8 + reward 4 + terminated 4 + a transition flag 1 = 7,081
bytes.
""",
)

course.code(**bi('''
# NBVAL_CHECK_OUTPUT
whole = 2 * 4 * 84 * 84 + 8 + 4 + 4
shared = AtariReplayBuffer.bytes_per_transition()
for name, size in (("«obs와 next_obs를 통째로|whole obs and next_obs»", whole), ("«프레임을 한 번씩|each frame once»", shared)):
    print(f"{size:>6,} B/«전이|transition» → {size * 250_000 / 1e9:4.1f} GB «(25만 개)|for 250 k», "
          f"{size * 1_000_000 / 1e9:4.1f} GB «(100만 개)|for 1 M»: {name}")
print(f"«절약|saving»: {whole / shared:.1f}×")
'''))

course.md(
    ko=r"""
25만 개의 전이가 1.8 GB에, 100만 개도 7.1 GB에 들어갑니다. 게다가 버퍼의 배열은 `np.zeros`로 만들어서, Linux와 macOS에서는 실제로
값을 쓴 페이지만 메모리를 차지합니다. 그래서 용량 100만으로 짧게 시험해도 쓴 만큼만 메모리를 씁니다.

정말 같은 스택이 돌아오는지 확인해 봅니다. Pong 환경 2개를 벡터 환경으로 돌리면서 에피소드를
짧게 끊고(`max_num_frames_per_episode=200`, 즉 50스텝 남짓에서 중단), 용량 300인 버퍼가 한 바퀴 넘게 돌도록
300스텝을 넣습니다. 넣은 전이를 모두 따로 적어 두었다가, 버퍼가 다시 만든 스택과 한 바이트까지 비교합니다.
""",
    en=r"""
250,000 transitions fit in 1.8 GB, and even a million in 7.1 GB. Moreover the buffer's arrays come from `np.zeros`, so on Linux and
macOS only the pages actually written take memory: a short test run with a capacity of a million uses
only what it writes.

Let us check that the very same stacks come back. We run two Pong environments as a vector environment,
cut episodes short (`max_num_frames_per_episode=200`, a truncation after about 50 steps) and add 300
steps, so that a buffer of capacity 300 wraps around. We keep our own copy of every transition added and
compare the buffer's rebuilt stacks with it, byte for byte.
""",
)

course.code(**bi('''
envs = make_vector_env(env_factory("ALE/Pong-v5", max_num_frames_per_episode=200), num_envs=2)
buffer = AtariReplayBuffer(training_freq=1, sampled_batch_size=32, capacity=300, num_envs=2, seed=0)
added = {}  # «(next_obs의 새 장, obs) → next_obs: 우리가 따로 적어 둔 사본|(newest frame, obs) → next_obs: our own copy»
obs, _ = envs.reset(seed=0)
envs.action_space.seed(0)
autoreset = np.zeros(2, dtype=bool)
num_added = 0
for _ in range(300):
    action = envs.action_space.sample()
    next_obs, reward, terminated, truncated, _ = envs.step(action)
    buffer.add(make_experience(obs, action, next_obs, reward, terminated), store_mask=~autoreset)
    for i in np.flatnonzero(~autoreset):
        added[next_obs[i, -1].tobytes(), obs[i].tobytes()] = next_obs[i].copy()
        num_added += 1
    autoreset, obs = terminated | truncated, next_obs
envs.close()

slots = buffer.valid_slots()
stored = buffer.transitions(slots)
identical = all(
    np.array_equal(added[stored.next_obs[k, -1].tobytes(), stored.obs[k].tobytes()], stored.next_obs[k])
    for k in range(len(slots))
)
print("«넣은 전이|transitions added»:", num_added, " «쓴 프레임|frames written»:", buffer.num_written, " «용량|capacity»:", buffer.capacity)
print("«샘플링할 수 있는 전이|sampleable transitions»:", len(slots))
print("«모든 스택이 넣은 것과 같은가|all stacks identical to what went in»:", identical)
print("«메모리|memory»:", f"{buffer.nbytes:,} B")
'''))

course.md(
    ko=r"""
자동 리셋 스텝을 빼고 거의 600개의 전이를 넣었으니 버퍼는 한 바퀴 넘게 돌았고, 남은 칸에서 다시 만든 스택은
모두 넣은 것과 같습니다. 쓴 프레임이 넣은 전이보다 많은 만큼이 에피소드마다 하나씩 있는 머리 칸입니다. 샘플링할 수
있는 전이가 300개보다 조금 적은 것은 이 머리 칸과, 필요한 프레임이 이미 덮어쓰인 가장 오래된 몇 개 때문입니다.

아래 그림은 에피소드의 첫 전이입니다. `obs`는 첫 프레임 4장이고, `next_obs`는 그중 3장에 새 프레임 한 장이 붙은
것입니다.
""",
    en=r"""
Leaving out the autoreset steps, we added nearly 600 transitions, so the ring wrapped around, and every
stack rebuilt from what remains equals what went in. The frames written exceed the transitions by the
head slots, one per episode. A little fewer than 300 are sampleable: those head slots take room, and
the oldest few transitions lost frames they need.

The figure shows an episode's first transition: `obs` is the first frame 4 times, and `next_obs` is 3 of
those plus one new frame.
""",
)

course.code(**bi('''
first_of_episode = next(
    k for k in range(len(slots)) if all(np.array_equal(f, stored.obs[k, 0]) for f in stored.obs[k])
)
fig, axes = plt.subplots(2, 4, figsize=(10, 5.4))
for row, (name, stack) in enumerate((("obs", stored.obs), ("next_obs", stored.next_obs))):
    for i in range(4):
        axes[row, i].imshow(stack[first_of_episode, i], cmap="gray", vmin=0, vmax=255)
        axes[row, i].set_title(f"{name}[{i}]", fontsize=10)
        axes[row, i].axis("off")
fig.suptitle(tr(LANG, "에피소드의 첫 전이: 리셋 프레임이 4번 반복됩니다",
                "An episode's first transition: the reset frame repeats 4 times"))
plt.tight_layout()
plt.show()
'''))

course.md(
    ko=r"""
## 5. CPU에서 짧게 학습하기

이제 모든 부품을 모읍니다. `preset("atari2013")`은 논문의 설정을 따르며, 모든 수는 에이전트 스텝(= 에뮬레이터
4프레임) 단위입니다. 어느 값이 어디서 왔는지 표로 정리하면 다음과 같습니다.

| 값 | 프리셋(preset) | 출처 |
|---|---|---|
| 옵티마이저, 미니배치 | RMSProp, 32 | 2013년 논문 |
| 타깃 신경망, 손실 | 없음, 평균제곱오차 | 2013년 논문 |
| ε 1 → 0.1 | 처음 25만 스텝 | 2013년 논문의 "처음 100만 프레임" ÷ 4 |
| 리플레이 메모리 | 25만 전이 | 2013년 논문의 "최근 100만 프레임" ÷ 4 |
| 학습 길이 | 250만 스텝 | 2013년 논문의 "1,000만 프레임" ÷ 4 |
| 프레임 건너뛰기 | 4 | 2013년 논문. 단, Space Invaders만 3이었습니다(4로는 깜빡이는 레이저가 보이지 않았습니다) |
| 학습률 | 0.00025 | 2015년 Nature 논문 (2013년 논문에는 없음) |
| RMSProp 상수 | `alpha=0.95, eps=0.01` | 2015년 논문의 값, 식은 PyTorch의 것 (아래) |
| `learning_starts` | 12,500 스텝 | 2015년 논문의 "replay start size" 5만 프레임 ÷ 4 (2013년 논문에는 없음) |

RMSProp은 상수만 DeepMind의 것입니다. DeepMind의 식은 중심화(centered)되어 있고 상수를 제곱근 안에 넣어
$g / \sqrt{E[g^2] - E[g]^2 + 0.01}$로 나누지만, PyTorch는 $g / (\sqrt{E[g^2]} + 0.01)$로 나눕니다. 기울기가 작을 때
PyTorch 쪽이 최대 10배쯤 더 크게 움직일 수 있습니다. 2013년 논문은 학습률도 이 상수도 적지 않았는데, PyTorch 기본값
(`alpha=0.99, eps=1e-8`)을 쓰면 처음 몇 스텝은 분모가 거의 0이라 업데이트가 지나치게 커지고, 타깃 신경망도 없으므로
Q 값이 100스텝 안에 발산합니다(연습 문제 4).

짧은 시험이므로 두 값만 줄입니다. 용량은 10,000, 학습 시작은 12,500스텝 대신 200스텝입니다. 논문의 Figure 2처럼,
학습 전에 무작위 정책으로 모은 **고정된 상태 집합**에서 $\max_a Q(s, a)$의 평균을 재며 지켜봅니다. 논문은 보상
곡선이 매우 들쭉날쭉해서 이 값을 함께 보였습니다.

> "we collect a fixed set of states by running a random policy before training starts and track the average of the
> maximum predicted Q for these states."

학습은 `train`을 100스텝씩 여러 번 호출해서 진행합니다. 매번 게임이 새로 시작되는 점만 실제 학습과 다릅니다.
""",
    en=r"""
## 5. A short training run on the CPU

Now all the parts come together. `preset("atari2013")` follows the paper, and every count in it is in
agent steps (= 4 emulator frames). Where each value comes from:

| value | preset | source |
|---|---|---|
| optimizer, mini-batch | RMSProp, 32 | 2013 paper |
| target network, loss | none, mean squared error (MSE) | 2013 paper |
| ε 1 → 0.1 | first 250,000 steps | 2013 paper's "first million frames" ÷ 4 |
| replay memory | 250,000 transitions | 2013 paper's "one million most recent frames" ÷ 4 |
| training length | 2,500,000 steps | 2013 paper's "10 million frames" ÷ 4 |
| frame skip | 4 | 2013 paper; except Space Invaders, which used 3 (with 4 the blinking lasers were invisible) |
| learning rate | 0.00025 | 2015 Nature paper (not in the 2013 paper) |
| RMSProp constants | `alpha=0.95, eps=0.01` | 2015 paper's values, PyTorch's formula (below) |
| `learning_starts` | 12,500 steps | 2015 paper's "replay start size" of 50,000 frames ÷ 4 (not in the 2013 paper) |

Only RMSProp's constants are DeepMind's. DeepMind's formula is centred and puts the constant inside the
root, dividing by $\sqrt{E[g^2] - E[g]^2 + 0.01}$; PyTorch divides by $\sqrt{E[g^2]} + 0.01$. With small
gradients PyTorch's step can be up to about 10 times larger. The 2013 paper states neither the constants
nor the learning rate; with PyTorch's defaults (`alpha=0.99, eps=1e-8`) the first steps divide by almost
nothing, and without a target network the Q-values diverge within 100 steps (exercise 4).

For a short test we shrink two values only: a capacity of 10,000, and learning starts after 200 steps
instead of 12,500. As in the paper's Figure 2, we watch the average of $\max_a Q(s, a)$ over a **fixed set
of states** collected with a random policy before training; the paper showed it because reward curves
are very noisy:

> "we collect a fixed set of states by running a random policy before training starts and track the average of the
> maximum predicted Q for these states."

We call `train` several times, 100 steps each; only the restart of the game at every call differs from a
real run.
""",
)

course.code(**bi('''
config = preset("atari2013", capacity=10_000, learning_starts=200, device="cpu")
factory = env_factory("ALE/Pong-v5")
agent = make_atari_agent(config, *env_shapes(factory))
envs = make_vector_env(factory, num_envs=1)

# «학습 시작 전 무작위 정책(ε = 1)으로 200스텝을 모으고, 그중 128개 상태를 고정해 둡니다.|Collect 200 steps with the random policy (ε = 1) before learning starts, and keep 128 of their states fixed.»
train(agent, envs, 200, progress=False, seed=0)
held_out = agent.replay_buffer.transitions(np.random.default_rng(0).choice(
    agent.replay_buffer.valid_slots(), size=128, replace=False)).obs


def average_max_q():
    with torch.no_grad():
        return agent.network(torch.as_tensor(held_out)).max(dim=1).values.mean().item()


CHUNKS, CHUNK_STEPS = 4, 100
curve = [(agent.global_time_step, average_max_q())]
train_seconds = 0.0
for chunk in range(CHUNKS):
    result = train(agent, envs, CHUNK_STEPS, progress=False, seed=chunk + 1)
    train_seconds += result.train_seconds
    curve.append((agent.global_time_step, average_max_q()))
envs.close()
steps_per_second = CHUNKS * CHUNK_STEPS / train_seconds
print(f"«환경 스텝|env steps»: {agent.global_time_step}, «경사 하강 스텝|gradient steps»: {agent.training_step}, ε = {agent.policy.epsilon:.3f}")
print(f"«학습 속도|training speed»: {steps_per_second:.0f} «스텝/초|steps/s»")
'''), heavy=True)

course.code(**bi('''
steps, q_means = zip(*curve)
fig, ax = plt.subplots(figsize=(7, 3.2))
ax.plot(steps, q_means, marker="o")
ax.axvline(config.learning_starts, color="gray", linestyle=":", label=tr(LANG, "학습 시작", "learning starts"))
ax.set(xlabel=tr(LANG, "환경 스텝", "environment step"),
       ylabel=tr(LANG, "평균 max Q (고정 상태 128개)", "average max Q (128 fixed states)"),
       title=tr(LANG, "논문 Figure 2의 지표, 첫 600스텝", "The paper's Figure 2 metric, first 600 steps"))
ax.legend()
plt.tight_layout()
plt.show()
'''))

course.md(
    ko=r"""
파이프라인 전체가 돌아갑니다. 환경이 픽셀을 내고, 에이전트가 행동하고, 버퍼가 프레임을 한 장씩 저장하고, 미니배치를
꺼내 신경망이 한 스텝씩 배웁니다. 600스텝은 논문 예산의 4,000분의 1도 안 되고 ε은 아직 1에 가까우므로, 게임 실력은
당연히 무작위 수준입니다. 평균 Q도 초기값 근처에서 거의 움직이지 않았습니다. 보상이 100스텝에 한 번꼴로 오는
게임에서 그 보상이 Q 값으로 퍼지려면 훨씬 더 많은 스텝이 필요합니다.

## 6. 논문만큼 학습하려면: GPU 전체 학습

논문의 예산은 1,000만 프레임, 즉 250만 에이전트 스텝입니다. 같은 설정을 명령줄에서 돌리는 정확한 명령은 다음과
같습니다(장치는 CUDA가 있으면 자동으로 고르고, `--device`로 바꿀 수 있습니다).

```bash
python -m dqn_teach train --env ALE/Pong-v5 --preset atari2013 --eval-every 100000 --eval-episodes 5 --logdir runs/pong_2013
tensorboard --logdir runs/pong_2013
```

`python -m dqn_teach train --help`의 끝에도 전체 학습의 비용이 적혀 있습니다. 체크포인트는
`runs/pong_2013/checkpoints/`에 저장됩니다. `best/`는 평가 점수가 가장 좋았던 것, `last/`는 마지막
것입니다. TensorBoard에는 에피소드 반환값, ε, TD 손실, 평가 반환값이 기록됩니다. 아래 셀은 예산을 계산하고, 이 CPU에서 잰 속도로 걸릴 시간을 어림합니다.
""",
    en=r"""
The whole pipeline runs: the environment produces pixels, the agent acts, the buffer stores one frame
per step, and the network learns from mini-batches one step at a time. 600 steps are less than a
4,000th of the paper's budget and ε is still close to 1, so the play is of course random. The average Q
has barely moved from its initial value: in a game whose rewards come about once every hundred steps,
it takes far more steps for them to spread into the Q-values.

## 6. Training as long as the paper: a full GPU run

The paper's budget is 10 million frames, i.e. 2.5 million agent steps. The exact command for the same
setting on the command line (the device is CUDA when available, chosen automatically; `--device`
overrides it):

```bash
python -m dqn_teach train --env ALE/Pong-v5 --preset atari2013 --eval-every 100000 --eval-episodes 5 --logdir runs/pong_2013
tensorboard --logdir runs/pong_2013
```

The end of `python -m dqn_teach train --help` states the cost of a full run too. Checkpoints go to
`runs/pong_2013/checkpoints/best/` (the best evaluation) and `last/`; TensorBoard shows episode returns,
ε, the TD loss and evaluation returns. The cell below works out the budget and estimates the time at
the speed measured on this CPU.
""",
)

course.code(**bi('''
paper = preset("atari2013")
total_steps = 10_000_000 // FRAME_SKIP
gradient_steps = (total_steps - paper.learning_starts) // paper.training_freq
replay_gb = paper.capacity * AtariReplayBuffer.bytes_per_transition() / 1e9
budget = [
    ("«에이전트 스텝|agent steps»", f"{total_steps:,} (= «1,000만 프레임|10 M frames» / {FRAME_SKIP})"),
    ("«경사 하강 스텝|gradient steps»", f"{gradient_steps:,} («미니배치|mini-batches of» {paper.batch_size})"),
    ("ε 1 → 0.1", f"«처음|first» {paper.epsilon_linear_decay[1]:,} «스텝|steps»"),
    ("«리플레이 메모리|replay memory»", f"{paper.capacity:,} «전이|transitions» ≈ {replay_gb:.1f} GB RAM"),
    ("«이 CPU에서|on this CPU»", f"≈ {total_steps / steps_per_second / 3600:.0f} «시간|hours» ({steps_per_second:.0f} «스텝/초|steps/s»)"),
]
for name, value in budget:
    print(f"{name}: {value}")
'''))

course.md(
    ko=r"""
CPU로는 위에 나온 만큼, 컴퓨터에 따라 십수 시간에서 며칠이 걸립니다. GPU 한 장에서는 학습 한 스텝이 수
밀리초로 줄어 몇 시간이면 끝날 것으로 어림합니다(이 코스에서 재 본 값은 아닙니다. 시간의 대부분은 에뮬레이터와 파이썬 루프가
차지합니다). 리플레이 버퍼에는 위에 나온 만큼의 RAM이 필요하고, 신경망은 GPU 메모리를 조금만 씁니다. RAM이 부족하면
`--capacity 100000`처럼 줄이세요. 논문과 달라지지만 Pong은 작은 버퍼로도 배웁니다.

**어떤 곡선을 기대할까요?** 아래 그림은 실제 측정값이 아니라 전체 학습이 대략 어떻게 흘러가는지 보여 주는 개념도입니다. 논문 Table 1에서 DQN의 Pong 평균 점수는
20(ε = 0.05로 평가), 사람은 −3이고, 0:21로 지면 −21입니다. 일반적으로 Pong의 반환값은 ε이 큰 앞부분 동안 −21 근처에
머물다가, 에이전트가 공을 받아 내기 시작하면 가파르게 오르고, 끝으로 갈수록 +20 가까이에서 평평해집니다. 언제
오르기 시작하는지는 시드와 설정에 따라 크게 달라집니다. 논문 Figure 2가 보여 주듯 평균 Q는 반환값보다 훨씬 매끄럽게
오릅니다. 이 코스의 CLI 평가는 ε = 0인 탐욕 평가라 논문(ε = 0.05)과 조금 다릅니다. 또 학습 중 기록과 평가의 반환값은
**클리핑된** 보상의 합입니다. Pong은 점수 하나가 ±1이라 클리핑해도 게임 점수와 같지만, Breakout이나 Space Invaders에서는
게임 점수보다 작게 나오므로 논문 Table 1과 바로 비교할 수 없습니다.
""",
    en=r"""
On a CPU it takes the hours printed above: from many hours to days, depending on the machine. On one GPU a training step drops to a few milliseconds and the run takes
hours by our estimate (not measured in this course; most of it is the emulator and the Python loop).
The replay buffer needs the RAM printed above, and the network uses little GPU memory. Short of RAM,
lower it, e.g. `--capacity 100000`: that departs from the paper, but Pong learns with a small buffer too.

**What curve should you expect?** The figure below is a map of the run, not a measurement. In the
paper's Table 1, DQN's average Pong score is 20 (evaluated with ε = 0.05), a human's is −3, and losing
0:21 scores −21. Pong's return typically stays near −21 while ε is large, climbs steeply once the agent
starts returning the ball, and flattens out near +20 towards the end. When the climb starts varies a lot
with the seed and the settings. As the paper's Figure 2 shows, the average Q rises far more smoothly
than the return. This course's CLI evaluates greedily (ε = 0), a little different from the paper's
ε = 0.05. And the returns logged in training and evaluation are sums of **clipped** rewards. In Pong every
point is ±1, so clipped equals the game score; in Breakout or Space Invaders they come out below the
game score and cannot be compared with the paper's Table 1 directly.
""",
)

course.code(**bi('''
frame_range = np.array([0, 10_000_000])
fig, ax = plt.subplots(figsize=(9, 3.8))
ax.axvspan(0, paper.learning_starts * FRAME_SKIP, color="lightgray",
           label=tr(LANG, f"무작위로 버퍼 채우기 ({paper.learning_starts:,} 스텝, 2015년 값)",
                    f"filling the buffer at random ({paper.learning_starts:,} steps, a 2015 value)"))
ax.axvspan(paper.learning_starts * FRAME_SKIP, paper.epsilon_linear_decay[1] * FRAME_SKIP, color="lightyellow",
           label=tr(LANG, "ε를 1에서 0.1로 줄이는 구간", "ε 1 → 0.1"))
for score, style, label in ((20, "-", tr(LANG, "논문의 DQN (Table 1)", "the paper's DQN (Table 1)")),
                            (-3, "--", tr(LANG, "사람 (Table 1)", "human (Table 1)")),
                            (-21, ":", tr(LANG, "모든 점수를 잃음", "losing every point"))):
    ax.plot(frame_range, [score, score], style, label=label)
ax.set(xlim=(0, 10_000_000), ylim=(-23, 23), xlabel=tr(LANG, "에뮬레이터 프레임", "emulator frames"),
       ylabel=tr(LANG, "에피소드 반환값 (Pong: 클리핑해도 같음)", "episode return (Pong: clipped = unclipped)"),
       title=tr(LANG, "Pong 전체 학습의 예상 경과 (개념도, 측정값 아님)", "A map of a full Pong run (not a measurement)"))
ax.legend(loc="center right", fontsize=9)
plt.tight_layout()
plt.show()
'''))

course.md(
    ko=r"""
**📄 논문에서** (Mnih et al. 2013, [arXiv:1312.5602](https://arxiv.org/abs/1312.5602)): 4.1절이 전처리 $\phi$와 신경망 구조를, 5절이 프레임 건너뛰기 k = 4(Space Invaders만 k = 3), 보상 클리핑, 학습 설정을, 표 1이 게임별 점수를 줍니다.

## 요약

- 논문의 전처리는 프레임 건너뛰기(4프레임마다 결정, 보상은 합산), 흑백 84×84(gymnasium은 두 프레임의 최댓값을 취한 뒤
  자르지 않고 줄입니다), 최근 4장 쌓기, 보상의 부호만 남기는 클리핑입니다. `make_atari_env`가 이를 한 번에 하고,
  관측은 `(4, 84, 84)` uint8입니다.
- 2013년 신경망은 합성곱 16×8×8/4 → 32×4×4/2 → 완전 연결 256 → 행동별 출력이며, Pong에서 파라미터 677,686개, 그중
  98%가 완전 연결층에 있습니다.
- 프레임을 한 번씩만 저장하는 `AtariReplayBuffer`는 전이 하나에 7,081바이트를 써서, preset의 25만 개가 14 GB 대신
  1.8 GB에 들어갑니다. 링크를 따라 스택을 다시 만들고, 에피소드 경계와 링 버퍼의 회전을 다룹니다.
- 논문의 "프레임"을 에뮬레이터 프레임으로 읽어 4로 나눈 값(ε 25만 스텝, 메모리 25만 전이, 학습 250만 스텝)을 씁니다.
  학습률, RMSProp 상수, `learning_starts`는 2015년 논문의 값입니다.
- CPU로는 파이프라인을 확인하는 데까지이고, 논문 규모(250만 스텝)는 GPU에서 몇 시간으로 어림합니다. 명령은
  `python -m dqn_teach train --env ALE/Pong-v5 --preset atari2013`입니다.

## 연습 문제

1. (코딩) 논문처럼 110×84로 줄인 뒤 경기 영역 84×84를 잘라 내는 래퍼를 `gym.ObservationWrapper`로 만들고, 2.2절의 그림과
   나란히 비교해 보세요. Pong에서 어느 행을 잘라 내야 점수판이 빠지나요?
2. (개념) 프레임을 `float32`로 저장하면 `bytes_per_transition`과 100만 개의 메모리는 얼마가 되나요? `obs`와 `next_obs`를
   통째로 `float32`로 저장하면요?
3. (개념) `make_atari_env("ALE/Pong-v5", stack_size=1)`로 관측을 한 장만 주면 에이전트가 알 수 없는 것은 무엇인가요? 2.3절의
   움직임 그림을 떠올려 설명해 보세요.
4. (코딩) 5절에서 에이전트를 만든 직후 `agent.optimizer = torch.optim.RMSprop(agent.network.parameters(), lr=2.5e-4)`로
   PyTorch 기본 상수를 쓰게 하고 다시 돌려 보세요. 평균 Q 곡선은 어떻게 되나요? 보상이 $[-1, 1]$이고 $\gamma = 0.99$일 때
   $|Q|$가 넘을 수 없는 값은 얼마인가요?
5. (코딩) 5절의 학습을 `preset("atari2013", ..., target_update_period=1_000, loss="huber")`로 바꾸면 2015년 논문의 설정에
   가까워집니다. 평균 Q 곡선이 어떻게 달라지나요? 600스텝으로 결론을 내릴 수 있을까요?
6. (도전) GPU가 있다면 6절의 명령으로 Pong을 학습시키고, TensorBoard에서 학습 반환값과 평가 반환값이 언제 오르기
   시작하는지 기록해 보세요. `--seed`를 바꾸어 두 번 돌리면 얼마나 다른가요?
""",
    en=r"""
**📄 In the paper** (Mnih et al. 2013, [arXiv:1312.5602](https://arxiv.org/abs/1312.5602)): Section 4.1 gives the preprocessing $\phi$ and the architecture; section 5 frame skipping with k = 4 (k = 3 for Space Invaders), reward clipping and the training settings; Table 1 the scores per game.

## Summary

- The paper's preprocessing is a frame skip (decide every 4th frame, add up rewards), grayscale 84×84
  (gymnasium takes the maximum of two frames, then resizes instead of cropping), a stack of the last 4
  images, and reward clipping to the sign. `make_atari_env` does all of it; observations are
  `(4, 84, 84)` uint8.
- The 2013 network is conv 16×8×8/4 → conv 32×4×4/2 → fully connected 256 → one output per action:
  677,686 parameters for Pong, 98% of them in the fully connected layer.
- `AtariReplayBuffer` stores every frame once, 7,081 bytes per transition, so the preset's 250,000
  transitions take 1.8 GB instead of 14 GB. It rebuilds stacks by following links and handles episode boundaries and the
  ring's wrap-around.
- The paper's "frames" are read as emulator frames and divided by 4: ε over 250,000 steps, a memory
  of 250,000 transitions, 2.5 million training steps. The learning rate, the RMSProp constants and
  `learning_starts` are the 2015 paper's.
- A CPU can check the pipeline; the paper's scale (2.5 million steps) takes hours on a GPU by our
  estimate, with
  `python -m dqn_teach train --env ALE/Pong-v5 --preset atari2013`.

## Exercises

1. (Code) Write a `gym.ObservationWrapper` that, like the paper, shrinks to 110×84 and crops an 84×84 playing
   area, and compare it with the figure of section 2.2. Which rows must go in Pong to drop the score?
2. (Concept) With `float32` frames, what would `bytes_per_transition` and a million transitions cost? And whole
   `obs` and `next_obs` in `float32`?
3. (Concept) Give the agent one image only, `make_atari_env("ALE/Pong-v5", stack_size=1)`. What can it no longer
   know? Explain with the motion panel of section 2.3.
4. (Code) Right after building the agent in section 5, switch to PyTorch's default constants with
   `agent.optimizer = torch.optim.RMSprop(agent.network.parameters(), lr=2.5e-4)` and run it again. What
   happens to the average-Q curve? With rewards in $[-1, 1]$ and $\gamma = 0.99$, what bound can $|Q|$
   never exceed?
5. (Code) Change section 5's run to `preset("atari2013", ..., target_update_period=1_000, loss="huber")`, closer
   to the 2015 paper. How does the average-Q curve change? Can 600 steps settle the question?
6. (Challenge) With a GPU, train Pong with the command of section 6 and note in TensorBoard when the
   training and evaluation returns start to rise. How different are two runs with different `--seed`s?
""",
)
