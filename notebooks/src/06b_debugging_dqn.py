"""Notebook 06b: debugging DQN. How to read returns, TD loss, ε and Q-values, and seven common
bugs, each run for real as a broken subclass of the package's DQN, with its symptom and its check."""

from tools.nbbuild import Course, bi

course = Course("06b_debugging_dqn")

course.md(
    ko=r"""
# 06b. DQN 디버깅 안내서: 그래프로 버그 찾기

강화학습 코드의 버그는 대개 오류를 내지 않습니다. 학습은 끝까지 돌고, 에이전트가 그냥
배우지 못할 뿐입니다. 그래서 무엇을 봐야 하는지 아는 것이 중요합니다. 이 노트북은 06의 학습에서 나오는 네 가지
신호를 읽는 법을 정리하고, 흔한 버그 일곱 개를 **일부러 심은 에이전트**로 실제로 학습시켜 각 버그가 그래프에 어떻게
나타나는지 보여 줍니다. 버그마다 그것을 잡는 검사도 함께 적었습니다.

## 학습 목표

- 학습 반환값, 평가 반환값, TD 손실, ε, Q 값을 읽고 무엇이 정상인지 말할 수 있습니다.
- Q 값을 $r_{\max}/(1-\gamma)$와 비교해 값의 발산을 알아챌 수 있습니다.
- 흔한 DQN 버그 일곱 개(타깃의 브로드캐스트, 종료 마스크, 중단을 종료로, 타깃의 그래디언트, argmax 차원, 갱신되지 않는
  타깃 신경망, 너무 큰 학습률)의 증상을 그래프에서 알아보고, 어느 검사가 잡는지 압니다.
""",
    en=r"""
# 06b. Debugging DQN: finding bugs in the plots

Bugs in reinforcement learning code rarely raise errors. Training runs to the end, and the agent simply
fails to learn. So knowing what to look at matters. This notebook sums up how to read the four signals
of notebook 06's training, then really trains **agents with a bug planted on purpose**, seven common
ones, to show how each bug appears in the plots. Each bug comes with the check that catches it.

## Learning goals

- Read the training return, the evaluation return, the TD loss, ε and the Q-values, and say what is normal.
- Spot diverging values by comparing Q-values with $r_{\max}/(1-\gamma)$.
- Recognise the symptoms of seven common DQN bugs in the plots (a broadcast target, the terminal mask,
  truncation as termination, a gradient through the target, the argmax dimension, a target network that is
  never updated, a learning rate that is too high), and know which check catches each.
""",
)

course.code(**bi('''
from dqn_teach.course import setup

LANG = setup(lang="«ko|en»")  # «torch 스레드 1개, 시드 고정, 한글 글꼴|one torch thread, fixed seeds, Hangul font»
'''))

course.code('''
import warnings

import gymnasium as gym
import matplotlib.pyplot as plt
import numpy as np
import torch
import torch.nn.functional as F
from matplotlib import ticker

from dqn_teach import td
from dqn_teach.agent import DQN, make_network
from dqn_teach.config import preset
from dqn_teach.i18n import tr
from dqn_teach.training import train
''')

course.md(
    ko=r"""
## 1. 네 가지 신호 읽기

| 신호 | 정상일 때 | 의심할 때 |
|---|---|---|
| **평가 반환값** (ε = 0, 따로 둔 환경) | 들쭉날쭉하게라도 오릅니다. CartPole은 500이 최대 | 오르지 않음, 오른 뒤 무너짐 |
| **학습 반환값** (ε-탐욕으로 움직이는 중) | 평가보다 낮고 잡음이 큼 | 평가와 크게 다르면 탐험이나 평가 환경을 의심 |
| **TD 손실** | 진행 지표가 **아닙니다.** 에이전트가 오래 버틸수록 값이 커지고 타깃도 움직이므로 오르내립니다 | 정확히 0(타깃과 예측이 같은 텐서), NaN, 계속 몇 자릿수씩 커짐 |
| **ε** | 스케줄대로 줄어듦 | 평평함(스케줄을 부르지 않음), 음수 |
| **Q 값** | 0과 $r_{\max}/(1-\gamma)$ 사이 | 상한을 넘음 → 값이 발산하는 중 |

마지막 줄이 가장 쓸모 있는 진단입니다. CartPole의 보상은 매 스텝 +1이므로 어떤 정책도 할인된 반환값이
$\sum_k \gamma^k = 1/(1-\gamma)$를 넘을 수 없습니다. $\gamma = 0.99$이면 **100**입니다. 평가 반환값이 좋아 보여도 Q 값이
100을 훌쩍 넘으면 값 추정은 망가진 것입니다. 행동들의 **순서**만 맞으면 정책은 잘 동작할 수 있어서, 반환값만 봐서는 알 수 없습니다.

아래에서 쓰는 Q 신호는 `train`이 평가 때마다 재는 `probe_q_mean`입니다. 무작위 정책으로 미리 모아 둔 상태 500개에서
$\max_a Q(s, a)$의 평균입니다. 같은 상태들에서 재므로 시간에 따른 변화를 비교할 수 있습니다.
""",
    en=r"""
## 1. Reading the four signals

| signal | healthy | suspicious |
|---|---|---|
| **evaluation return** (ε = 0, a separate env) | rises, even if unevenly; 500 is CartPole's maximum | never rises, or rises and collapses |
| **training return** (acting ε-greedily) | lower and noisier than evaluation | far from evaluation: suspect exploration or the evaluation env |
| **TD loss** | **not** a progress metric: it goes up and down as episodes get longer and the target moves | exactly 0 (target and prediction are the same tensor), NaN, growing by orders of magnitude |
| **ε** | falls as scheduled | flat (the schedule is never called), negative |
| **Q-values** | between 0 and $r_{\max}/(1-\gamma)$ | above the bound → the values are diverging |

The last row is the most useful diagnostic. CartPole pays +1 per step, so no policy can earn a discounted
return above $\sum_k \gamma^k = 1/(1-\gamma)$, which is **100** for $\gamma = 0.99$. If the Q-values go far
above 100, the value estimates are broken, even when the evaluation return looks good: a policy works as
long as the **ranking** of actions is right, so the returns alone do not tell.

The Q signal used below is `probe_q_mean`, which `train` measures at every evaluation: the mean of
$\max_a Q(s, a)$ over 500 states collected beforehand with a random policy. The states are always the same,
so the values can be compared over time.
""",
)

course.md(
    ko=r"""
## 2. 버그 일곱 개를 심은 에이전트

버그 하나마다 패키지의 `DQN`을 상속해 메서드 하나만 바꿉니다. 바뀐 줄이 곧 버그입니다.
""",
    en=r"""
## 2. Seven agents with a planted bug

Each bug is a subclass of the package's `DQN` that changes one method. The changed line is the bug.
""",
)

course.code(**bi('''
class BroadcastTarget(DQN):
    """«타깃을 (B,)로 만들어 (B, 1)인 Q(s, a)와 비교합니다 → (B, B) 손실.|The target is (B,), compared with the (B, 1) Q(s, a) → a (B, B) loss.»"""

    def compute_td_loss(self, obs, action, next_obs, reward, terminated):
        q_value = self.network(obs).gather(1, action)  # (B, 1)
        target = self.compute_td_target(next_obs, reward, terminated).squeeze(1)  # «버그|bug»: (B,)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # «경고를 꺼 버린 코드|code that silenced the warning»
            return F.mse_loss(q_value, target)


class NoTerminalMask(DQN):
    """«종료된 전이에서도 부트스트래핑합니다.|Bootstraps after termination too.»"""

    def compute_td_target(self, next_obs, reward, terminated):
        return super().compute_td_target(next_obs, reward, torch.zeros_like(terminated))  # «버그|bug»


class TargetWithGradient(DQN):
    """«타깃을 torch.no_grad() 밖에서 계산합니다: 그래디언트가 타깃으로도 흐릅니다.|Computes the target outside torch.no_grad(): the gradient flows into the target too.»"""

    def compute_td_target(self, next_obs, reward, terminated):
        network = self.target_network or self.network
        return td.td_target(reward, network(next_obs), terminated, self.config.gamma)  # «버그: no_grad 없음|bug: no no_grad»


class WrongArgmaxDim(DQN):
    """«탐욕 행동을 행동 차원(dim=1)이 아니라 배치 차원(dim=0)에서 고릅니다.|Takes the greedy action over the batch (dim=0) instead of the actions (dim=1).»"""

    def select_action(self, obs):
        with torch.no_grad():
            q_values = self.network(torch.as_tensor(obs))  # (num_envs, num_actions)
        num_envs, num_actions = q_values.shape
        greedy = q_values.argmax(dim=0)[:num_envs].reshape(num_envs, 1)  # «버그|bug»: dim=0
        explore = torch.rand(num_envs, 1, generator=self.policy.generator) < self.policy.epsilon
        random_action = torch.randint(num_actions, (num_envs, 1), generator=self.policy.generator)
        return torch.where(explore, random_action, greedy).numpy()


class StaleTarget(DQN):
    """«타깃 신경망을 한 번도 복사하지 않습니다: 타깃이 처음의 무작위 신경망에 머뭅니다.|Never copies into the target network: targets come from the initial random network forever.»"""

    def sync_target_network(self):
        pass  # «버그|bug»


class TimeLimitAsTermination(gym.Wrapper):
    """«시간 제한을 종료로 알립니다: 원래 노트북의 terminated = terminated or truncated|Reports the time limit as termination, like the original notebook's terminated = terminated or truncated»."""

    def step(self, action):
        obs, reward, terminated, truncated, info = self.env.step(action)
        return obs, reward, terminated or truncated, truncated, info  # «버그|bug»
'''))

course.md(
    ko=r"""
열 번 학습합니다. 설정은 05에서 만든 2013년 방식 에이전트의 설정 `preset("cartpole-2013")`입니다. 타깃 신경망 없이 빨리
풀도록 조정한 설정으로, 06의 안정적인 `preset("cartpole")`에서 타깃 신경망, 더블 DQN, 층 정규화, 학습률 감소, n-스텝 반환값을 빼고,
ε을 1.0이 아니라 0.3에서 시작해 0.05가 아니라 0.01까지 내리고, 16 스텝마다 1,024개짜리 미니배치로 학습률 0.012에서
시작하는 대신 4 스텝마다 128개짜리 미니배치로 학습률 0.003에서 시작하며, 거울상 학습을 뺀 것과 같습니다.
예외가 둘 있습니다. "갱신되지 않는 타깃"은 타깃 신경망이 있어야 생기는 버그이므로 100 경사 스텝마다 복사하는 타깃
신경망(07)과 함께 돌리고, 같은 설정의 정상 에이전트와 비교합니다. "중단을 종료로"는 중단이 자주 일어나야 하므로 시간
제한을 200스텝으로 줄인 CartPole에서 돌리고, 같은 환경의 정상 에이전트와 비교합니다. 모두 시드가 같고, 6,000스텝씩,
1,000스텝마다 탐욕 평가 5 에피소드를 합니다.
""",
    en=r"""
Ten training runs. The settings are `preset("cartpole-2013")`, the preset of the 2013-style agent you
built in notebook 05: tuned to solve fast with no target network, it is notebook 06's stable
`preset("cartpole")` without the target network, Double DQN, layer normalization, learning-rate decay and
n-step returns, with ε starting at 0.3 instead of 1.0 and ending at 0.01 instead of 0.05, with one
gradient step on a mini-batch of 128 every 4 env steps at a learning rate from 0.003 instead of one on
1,024 every 16 from 0.012, and without the mirror images.
There are two exceptions. A stale target needs a target network, so that
bug runs with notebook 07's target network, copied every 100 gradient steps, and is compared with a
healthy agent with the same settings. Truncation as termination needs truncations, so it runs on CartPole
with the time limit cut to 200 steps, next to a healthy agent on the same env. Same seed everywhere,
6,000 steps per run, 5 greedy evaluation episodes every 1,000 steps.
""",
)

course.code(**bi('''
# NBVAL_IGNORE_OUTPUT
config = preset("cartpole-2013")  # «2013년 방식: 타깃 신경망 없음|the 2013 way: no target network»
with_target = config.replace(target_update_period=100)  # «07의 타깃 신경망|notebook 07's target network»
SHORT_LIMIT = 200


def short_cartpole(wrapper=None):
    """«시간 제한 200스텝 CartPole (버그 래퍼를 씌울 수도 있음)|CartPole with a 200-step time limit (optionally wrapped)»."""
    env = gym.make("CartPole-v1", max_episode_steps=SHORT_LIMIT)
    return env if wrapper is None else wrapper(env)


def run(agent_class, env="CartPole-v1", run_config=config, steps=6_000):
    """«한 번 학습하고 평가 때마다 평가 반환값, Q 값, TD 손실을 모읍니다.|Train once; collect the evaluation return, Q-values and TD loss at every evaluation.»"""
    torch.manual_seed(run_config.seed)
    agent = agent_class(run_config, make_network(run_config, (4,), 2))
    td_losses = []

    def read_loss(result):  # «평가 때마다 불림|called after every evaluation»
        td_losses.append(agent.log_data.get("TD Loss", (np.nan, 0))[0])
        return False

    eval_env = "CartPole-v1" if isinstance(env, str) else short_cartpole
    result = train(agent, env, steps, eval_env=eval_env, eval_every=1_000, eval_episodes=5,
                   callbacks=[read_loss], progress=False)
    return {"steps": np.array(result.eval_steps), "eval": np.array([r.mean() for r in result.eval_returns]),
            "q": np.array(result.probe_q_mean), "loss": np.array(td_losses)}


runs = {
    "healthy": run(DQN),
    "broadcast": run(BroadcastTarget),
    "no terminal mask": run(NoTerminalMask),
    "grad through target": run(TargetWithGradient),
    "argmax dim=0": run(WrongArgmaxDim),
    "learning rate 0.1": run(DQN, run_config=config.replace(learning_rate=0.1)),
    "healthy + target": run(DQN, run_config=with_target),
    "stale target": run(StaleTarget, run_config=with_target),
    "healthy (limit 200)": run(DQN, env=short_cartpole),
    "truncation = termination": run(DQN, env=lambda: short_cartpole(TimeLimitAsTermination)),
}
'''))

course.code(**bi('''
# NBVAL_IGNORE_OUTPUT
bound = 1 / (1 - config.gamma)
print(f"{'':26}{tr(LANG, '마지막 평가', 'last eval'):>12}{tr(LANG, '최고 평가', 'best eval'):>12}"
      f"{tr(LANG, '마지막 Q', 'last Q'):>12}{tr(LANG, '최대 Q', 'max Q'):>12}  (Q «상한|bound» {bound:.0f})")
for name, data in runs.items():
    print(f"{name:26}{data['eval'][-1]:12.1f}{data['eval'].max():12.1f}{data['q'][-1]:12.1f}{data['q'].max():12.1f}")
'''))

course.code(**bi('''
bugs = [("broadcast", "healthy"), ("no terminal mask", "healthy"), ("truncation = termination", "healthy (limit 200)"),
        ("grad through target", "healthy"), ("argmax dim=0", "healthy"), ("stale target", "healthy + target"),
        ("learning rate 0.1", "healthy")]
fig, axes = plt.subplots(len(bugs), 3, figsize=(12, 2.3 * len(bugs)), sharex=True, layout="constrained")
for row, (bug, healthy) in enumerate(bugs):
    for column, (key, label) in enumerate([("eval", tr(LANG, "평가 반환값", "evaluation return")),
                                           ("q", tr(LANG, "Q 값 (probe 평균)", "Q (probe mean)")),
                                           ("loss", tr(LANG, "TD 손실", "TD loss"))]):
        ax = axes[row, column]
        ax.plot(runs[healthy]["steps"], runs[healthy][key], color="gray", label=healthy)
        ax.plot(runs[bug]["steps"], runs[bug][key], color="tab:red", marker="o", markersize=3, label=bug)
        if key == "q":
            ax.axhline(bound, color="black", linestyle=":", linewidth=1)
            ax.set_yscale("symlog", linthresh=1)
            ax.set_ylim(bottom=0)
        if key == "loss":
            ax.set_yscale("log")
        if key != "eval":  # «눈금을 일반 숫자로 (수식 글꼴의 마이너스 기호는 한글 글꼴에 없음)|plain tick labels (the math font's minus sign is missing from Hangul fonts)»
            ax.yaxis.set_major_formatter(ticker.FuncFormatter(lambda value, _: f"{value:g}"))
            ax.yaxis.set_minor_formatter(ticker.NullFormatter())
        if row == 0:
            ax.set_title(label)
        if column == 0:
            ax.set_ylabel(bug, fontsize=9)
            ax.set_ylim(0, 520)
    axes[row, 0].legend(fontsize=7, loc="upper left")
for ax in axes[-1]:
    ax.set_xlabel(tr(LANG, "환경 스텝", "environment step"))
fig.suptitle(tr(LANG, "버그마다 증상: 빨간 선이 버그, 회색이 정상 (점선: Q 상한 1/(1−γ) = 100)",
                "Each bug's symptom: red is the bug, gray the healthy agent (dotted: the Q bound 1/(1−γ) = 100)"))
plt.show()
'''))

course.md(
    ko=r"""
## 3. 증상 읽기

위의 표와 그림에서 읽을 수 있는 것입니다.

- **정상(2013년 방식)**: 평가 반환값이 6,000스텝 안에 500 가까이 오르지만, **Q 값은 상한 100을 몇 배나 넘습니다.** 타깃
  신경망이 없는 DQN의 값이 발산하고 있다는 신호입니다(01b의 죽음의 삼각형). 반환값만 보면 놓칩니다. 타깃 신경망을 쓴
  "healthy + target"은 Q 값이 상한 아래에서 천천히, 복사할 때마다 조금씩 오릅니다(04의 계단). 07에서 이 차이를 자세히 다룹니다.
- **브로드캐스트**: 평가 반환값이 처음부터 끝까지 10 안팎입니다. Q 값과 TD 손실은 평평합니다. 모든 Q(s, a)가 모든 타깃과
  비교되므로 신경망은 평균만 배웁니다. 오류도 없고 손실 값도 그럴듯해서 가장 찾기 어려운 버그입니다.
- **종료 마스크 없음**: 넘어져도 미래가 사라지지 않으니 넘어지는 것이 벌이 아닙니다. 평가는 10 안팎에 머물고, Q 값과 TD 손실은
  **몇 자릿수씩** 커집니다.
- **중단을 종료로**: 평가 반환값은 정상과 거의 같습니다. 흔적은 Q 값이 정상보다 조금 낮은 것뿐입니다. 그래프로는 잡기 어려운
  버그라서 검사가 필요합니다.
- **타깃의 그래디언트**: 배우기는 하지만 느리고 불안정합니다. 평가 반환값이 올랐다가 다시 떨어집니다. 신경망이 $Q(s,a)$를 타깃
  쪽으로 당기는 동시에 타깃도 $Q(s,a)$ 쪽으로 당기기 때문입니다.
- **argmax 차원**: 탐욕 행동이 늘 0번이라 평가가 약 9(한쪽으로만 밀어서 넘어지는 시간)에 붙어 있고, Q 값은 폭주합니다.
- **갱신되지 않는 타깃**: 평가는 10 안팎, Q 값은 1 근처에서 움직이지 않고, TD 손실은 거의 0입니다. 처음의 무작위 신경망이라는
  **고정된** 타깃을 완벽하게 맞히는 회귀 문제가 되어 버렸습니다(04의 "고정된 타깃은 회귀"). 손실이 0에 가까운 것은 좋은 신호가 아닙니다.
- **학습률 0.1**: 첫 평가부터 10 안팎에서 나아지지 않습니다. 첫 TD 손실이 크게 튄 뒤 신경망이 쓸모없는 상태로 굳었습니다.

## 4. 버그와 그것을 잡는 검사

| 버그 | 그래프의 증상 | 잡는 검사 |
|---|---|---|
| 타깃의 `(B,)` 브로드캐스트 | 평가 ≈ 10, Q와 손실이 평평 | `check_td_target`, `check_td_loss`(04); 패키지의 `td.td_loss`는 모양이 다르면 오류 |
| 종료 마스크 없음 | Q와 손실이 자릿수 단위로 폭주 | `check_td_target`(04), `check_q_learning_update`(01b) |
| 중단을 종료로 | 거의 없음, Q가 조금 낮음 | `check_experience`(01), `check_q_learning_episode`(01b), `check_training_loop`(05) |
| 타깃에 그래디언트 | 느리고 불안정한 학습 | `check_td_loss`(04), `check_dqn_update`(05) |
| argmax 차원 | 평가 ≈ 9, 같은 행동만 | `check_epsilon_greedy`(03) |
| 갱신되지 않는 타깃 | Q가 처음 값에 머묾, 손실 ≈ 0 | `check_dqn_update`(05) |
| 너무 큰 학습률 | 배우다 만 채로 굳음, 손실이 튐 | 검사 없음: 학습 곡선과 Q 값으로 봅니다 |

## 5. 증상에서 원인으로

| 보이는 것 | 먼저 의심할 것 |
|---|---|
| 평가 반환값이 약 9~10에 고정 | 늘 같은 행동(argmax 차원, 탐욕 행동이 바뀌지 않음), 아무것도 배우지 못함(브로드캐스트, 학습률) |
| Q 값 > $r_{\max}/(1-\gamma)$ | 값의 발산: 종료 마스크, 타깃 신경망 없음, 너무 큰 학습률 |
| TD 손실이 정확히 0 또는 거의 0 | 타깃이 예측과 같은 텐서이거나 움직이지 않음(갱신되지 않는 타깃) |
| NaN | 학습률이나 보상의 크기 |
| ε이 평평함 | 스케줄을 부르지 않음(05의 `update`) |
| PyTorch의 "target size" 경고 | `(B, 1)`과 `(B,)`의 브로드캐스트 |
| 학습은 좋은데 평가가 나쁨 | 평가 환경이나 평가할 때의 ε이 다름 |
""",
    en=r"""
## 3. Reading the symptoms

What the table and the figure show:

- **Healthy (the 2013 way)**: the evaluation return climbs close to 500 within 6,000 steps, but **the
  Q-values rise to several times the bound of 100**. Without a target network DQN's values are diverging
  (notebook 01b's deadly triad), and the returns alone would never tell you. With a target network
  ("healthy + target") the Q-values stay below the bound and rise slowly, a little at every copy (notebook
  04's staircase); notebook 07 looks at this difference closely.
- **Broadcast**: the evaluation return stays around 10 from start to end; the Q-values and the TD loss are
  flat. Every Q(s, a) is compared with every target, so the network learns only an average. No error, a
  plausible loss: the hardest bug to find.
- **No terminal mask**: falling no longer ends the future, so falling is not punished. The evaluation stays
  around 10 and the Q-values and the TD loss grow **by orders of magnitude**.
- **Truncation as termination**: the evaluation return is almost the healthy one. The only trace is
  slightly lower Q-values. A bug the plots hardly show, which is why it needs a check.
- **Gradient through the target**: it learns, slowly and unstably: the evaluation return rises and falls
  back. The update pulls $Q(s,a)$ toward the target and the target toward $Q(s,a)$ at the same time.
- **argmax dimension**: the greedy action is always 0, so the evaluation sticks at about 9 (the time it takes
  to fall pushing one way), and the Q-values run away.
- **Stale target**: evaluation around 10, Q-values frozen near 1, a TD loss of almost 0. Training became
  regression onto a **fixed** target, the initial random network (notebook 04's "a fixed target is
  regression"). A loss near 0 is not good news.
- **Learning rate 0.1**: stuck around 10 from the first evaluation. The first TD loss spikes and the network
  freezes in a useless state.

## 4. Each bug and the check that catches it

| bug | symptom in the plots | caught by |
|---|---|---|
| `(B,)` broadcast in the target | evaluation ≈ 10; flat Q and loss | `check_td_target`, `check_td_loss` (04); the package's `td.td_loss` raises on mismatched shapes |
| no terminal mask | Q and loss explode by orders of magnitude | `check_td_target` (04), `check_q_learning_update` (01b) |
| truncation as termination | almost none; slightly lower Q | `check_experience` (01), `check_q_learning_episode` (01b), `check_training_loop` (05) |
| gradient through the target | slow, unstable learning | `check_td_loss` (04), `check_dqn_update` (05) |
| argmax dimension | evaluation ≈ 9, always the same action | `check_epsilon_greedy` (03) |
| stale target | Q frozen at its initial value; loss ≈ 0 | `check_dqn_update` (05) |
| learning rate too high | learning freezes early; the loss spikes | no check: watch the learning curve and the Q-values |

## 5. From symptom to cause

| what you see | suspect first |
|---|---|
| evaluation return stuck at about 9-10 | always the same action (argmax dimension, a greedy action that never changes), nothing learned (broadcast, learning rate) |
| Q-values > $r_{\max}/(1-\gamma)$ | diverging values: terminal mask, no target network, a learning rate too high |
| TD loss exactly or almost 0 | the target is the prediction itself, or never moves (stale target) |
| NaN | the learning rate or the reward scale |
| flat ε | the schedule is never called (notebook 05's `update`) |
| PyTorch's "target size" warning | a `(B, 1)` vs `(B,)` broadcast |
| good training, bad evaluation | a different evaluation env, or ε at evaluation time |
""",
)

course.md(
    ko=r"""
## 요약

- 강화학습의 버그는 대개 오류 없이 "배우지 못함"으로 나타납니다. 평가 반환값, Q 값, TD 손실, ε을 함께 봅니다.
- TD 손실은 진행 지표가 아닙니다. 0에 가까운 손실은 오히려 타깃이 움직이지 않는다는 신호일 수 있습니다.
- Q 값을 $r_{\max}/(1-\gamma)$와 비교하세요. 넘으면 반환값이 좋아 보여도 값이 발산하는 중입니다. 이 노트북의 정상
  에이전트(타깃 신경망 없음)도 그랬습니다.
- 증상이 거의 없는 버그(중단을 종료로)도 있습니다. 그래서 각 조각을 검사로 따로 확인해 두는 것이 중요합니다.

**논문:** Mnih et al. 2013 [arXiv:1312.5602](https://arxiv.org/abs/1312.5602) 5.1절과 그림 2는 학습 중 평균 Q 값을
진행 지표로 그립니다. 반환값보다 훨씬 매끄럽게 오른다는 관찰입니다. Mnih et al. 2015 (*Nature* 518,
[doi:10.1038/nature14236](https://doi.org/10.1038/nature14236))의 타깃 신경망이 값의 발산을 막는 장치입니다.

## 연습 문제

1. (예측 후 실행) `preset("cartpole-2013", learning_rate=0.01)`이면 Q 값과 평가 반환값이 어떻게 될지
   먼저 적고, `run(DQN, run_config=...)`으로 확인하세요.
2. (코딩) ε을 전혀 줄이지 않는 버그(`update`에서 `policy.epsilon`을 갱신하지 않음)를 `DQN`의 하위 클래스로 만들어 돌려 보세요.
   어느 신호에서 보이나요? 평가 반환값에서는 보이나요?
3. (개념) "타깃의 그래디언트" 버그는 타깃 신경망이 있으면 증상이 없습니다. 왜일까요? (힌트: 07에서 타깃 신경망의
   `requires_grad_(False)`)
4. (코딩) 평가를 ε = 0.3으로 하는 버그를 만들어 보세요. 학습 곡선에서 어떻게 보이나요? 5절 표의 어느 줄에 해당하나요?
5. (개념) 정상 에이전트의 Q 값이 상한을 넘는데도 평가 반환값은 높습니다. 행동을 고르는 데 Q 값의 무엇이 중요하고, 무엇은 틀려도 되나요?
""",
    en=r"""
## Summary

- RL bugs rarely raise errors; they show up as "does not learn". Look at the evaluation return, the
  Q-values, the TD loss and ε together.
- The TD loss is not a progress metric; a loss near 0 may well mean the target does not move.
- Compare the Q-values with $r_{\max}/(1-\gamma)$. Above it, the values are diverging even if the returns look
  good, as with this notebook's healthy agent without a target network.
- Some bugs leave almost no symptom (truncation as termination). That is why each piece is checked on its own.

**Papers:** Mnih et al. 2013 [arXiv:1312.5602](https://arxiv.org/abs/1312.5602), section 5.1 and Figure 2, plot
the average Q-value during training as a progress measure and observe that it rises far more smoothly
than the return. The target network of Mnih et al. 2015 (*Nature* 518,
[doi:10.1038/nature14236](https://doi.org/10.1038/nature14236)) is the device that keeps the values from diverging.

## Exercises

1. (Predict, then run) With `preset("cartpole-2013", learning_rate=0.01)`, what will the
   Q-values and the evaluation return do? Write it down, then check with `run(DQN, run_config=...)`.
2. (Code) Write the bug "ε never decays" (`update` never sets `policy.epsilon`) as a subclass of `DQN` and run
   it. Which signal shows it? Does the evaluation return?
3. (Concept) The "gradient through the target" bug has no symptom when there is a target network. Why?
   (Hint: the target network's `requires_grad_(False)` in notebook 07.)
4. (Code) Write the bug "evaluate with ε = 0.3". How does it look in the learning curve, and which row of the
   table in section 5 is it?
5. (Concept) The healthy agent's Q-values exceed the bound, yet its evaluation return is high. What about the
   Q-values matters for choosing actions, and what may be wrong?
""",
)
