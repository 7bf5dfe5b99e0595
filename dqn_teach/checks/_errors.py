"""Bilingual explanations of the errors a learner's code raises inside a check.

PyTorch and NumPy errors are precise but written for people who already know what went wrong
("Class values must be smaller than num_classes" after ``argmax()`` without ``dim``). Each entry
below recognises one such error by its type and a piece of its message and says, in both
languages, what usually causes it in this course and how to fix it. :func:`explain` returns the
first matching explanation; the report shows it as the item's hint, under the original error.

To add one: append a ``Known(types, pieces, Bi(ko=..., en=...))``; ``pieces`` are lowercase
fragments, any of which may appear in ``str(error)``. Test it in ``tests/test_checks.py``.
"""

from __future__ import annotations

from dataclasses import dataclass

from dqn_teach.i18n import Bi


@dataclass(frozen=True)
class Known:
    """An error learners often meet: its exception types, message fragments, and the hint."""

    types: tuple[type[BaseException], ...]
    pieces: tuple[str, ...]
    hint: Bi

    def matches(self, error: BaseException) -> bool:
        text = str(error).lower()
        return isinstance(error, self.types) and any(piece in text for piece in self.pieces)


KNOWN_ERRORS: tuple[Known, ...] = (
    Known((RuntimeError,), ("class values must be smaller than num_classes",), Bi(
        ko="argmax()에 dim을 주지 않으면 텐서 전체를 한 줄로 편 위치 하나가 나옵니다. 행마다 고르려면 "
           "argmax(dim=1)을 쓰세요.",
        en="argmax() without dim gives one position in the flattened tensor; to pick per row, "
           "use argmax(dim=1).")),
    Known((RuntimeError,), ("prob_dist must be 1 or 2 dim",), Bi(
        ko="확률 텐서가 2차원이 아닙니다. argmax(dim=1, keepdim=True)의 (B, 1)을 F.one_hot에 넣으면 "
           "(B, 1, n)이 됩니다. one_hot에는 keepdim 없이 argmax(dim=1)의 (B,)를 넣으세요.",
        en="the probabilities are not 2-D. F.one_hot of argmax(dim=1, keepdim=True), which is "
           "(B, 1), gives (B, 1, n); give one_hot the (B,) of argmax(dim=1), without keepdim.")),
    Known((RuntimeError,), ("probability tensor contains either",), Bi(
        ko="torch.multinomial에는 음수가 없고 합이 1인 확률이 필요합니다. Q 값이 아니라 "
           "self.probabilities(q_values)를 넣으세요.",
        en="torch.multinomial needs probabilities (no negatives, rows summing to 1): pass "
           "self.probabilities(q_values), not the Q-values.")),
    Known((TypeError, RuntimeError), ("return_types.max", "return_types.min",
                                      "only integer tensors of a single element",
                                      "can't multiply sequence by non-int"), Bi(
        ko="max(dim=...)는 (values, indices) 두 개를 돌려줍니다. 최댓값은 .values로 꺼내세요: "
           "next_q_values.max(dim=1, keepdim=True).values.",
        en="max(dim=...) returns two things, (values, indices); take the maximum with .values: "
           "next_q_values.max(dim=1, keepdim=True).values.")),
    Known((RuntimeError,), ("index tensor must have the same number of dimensions",), Bi(
        ko="gather(1, index)의 index는 입력과 차원 수가 같아야 합니다. (B, A) Q 값에서 고르려면 "
           "index가 (B, 1)이어야 합니다: action.squeeze()나 (B,) 모양을 쓰지 마세요.",
        en="gather(1, index) needs an index with as many dimensions as its input: to pick from "
           "(B, A) Q-values the index must be (B, 1); do not squeeze the action to (B,).")),
    Known((RuntimeError,), ("expected dtype int64 for index", "gather(): expected dtype",
                            "index_select(): expected dtype"), Bi(
        ko="gather의 index는 정수(int64, torch.long)여야 합니다. action을 float로 바꾸지 마세요.",
        en="gather's index must be an integer tensor (int64, torch.long); do not turn the "
           "action into a float.")),
    Known((RuntimeError,), ("must match the size of tensor b",), Bi(
        ko="두 텐서의 모양이 맞지 않습니다. 열 벡터 (B, 1)과 (B,)를 섞지 마세요: max나 argmax에 "
           "keepdim=True를 주거나 reshape(-1, 1)로 (B, 1)을 유지하세요.",
        en="two tensors' shapes do not match. Do not mix column vectors (B, 1) with (B,): use "
           "keepdim=True in max/argmax, or reshape(-1, 1).")),
    Known((RuntimeError,), ("mat1 and mat2 must have the same dtype", "found dtype double",
                            "expected scalar type float but found double",
                            "expected scalar type double"), Bi(
        ko="float64(double)와 float32 텐서를 섞었습니다. 신경망은 float32로 계산하니 "
           "입력을 .float() 또는 np.float32로 바꾸세요.",
        en="float64 (double) and float32 tensors are mixed; the network computes in float32, so "
           "convert inputs with .float() or np.float32.")),
    Known((RuntimeError,), ("expected scalar type long", "can't be cast to the desired output",
                            "expected object of scalar type", "to have the same dtype"), Bi(
        ko="정수(long) 텐서가 필요한 곳에 실수(float) 텐서를 넣었습니다(또는 반대). 인덱스와 행동은 "
           "int64, 보상·종료·Q 값은 float32입니다.",
        en="a float tensor went where an integer (long) one is needed, or the reverse: indices "
           "and actions are int64; rewards, terminated and Q-values are float32.")),
    Known((RuntimeError,), ("mat1 and mat2 shapes cannot be multiplied",), Bi(
        ko="신경망에 들어간 입력의 모양이 맞지 않습니다. 관측은 (batch, obs_dim)이어야 합니다.",
        en="the network got an input of the wrong shape: observations must be "
           "(batch, obs_dim).")),
    Known((TypeError,), ("'bool' object is not callable",), Bi(
        ko="can_sample은 @property라서 괄호 없이 씁니다: if self.replay_buffer.can_sample:",
        en="can_sample is a @property, used without parentheses: "
           "if self.replay_buffer.can_sample:")),
    Known((TypeError,), ("'nonetype' object is not callable",), Bi(
        ko="None을 함수처럼 불렀습니다. 타깃 신경망이 없으면(2013년 설정, target_update_period = "
           "None) self.target_network는 None이니 self.network를 쓰세요.",
        en="something that is None was called. With no target network (the 2013 setting, "
           "target_update_period = None) self.target_network is None: use self.network.")),
    Known((RuntimeError,), ("leaf variable that requires grad", "modified by an inplace"), Bi(
        ko="그래디언트가 필요한 텐서(신경망의 파라미터나 그 결과)를 제자리(in-place)에서 "
           "바꿨습니다. +=, add_ 대신 a + b처럼 새 텐서를 만드세요.",
        en="a tensor that needs a gradient (a parameter or a result computed from one) was "
           "changed in place; use out-of-place operations (a + b) instead of += or add_.")),
    Known((RuntimeError,), ("does not require grad and does not have a grad_fn",), Bi(
        ko="손실에 그래디언트가 없습니다. Q(s, a)까지 torch.no_grad() 안에서 계산했거나 "
           ".detach()했습니다. no_grad 안에는 TD 타깃만 두세요.",
        en="the loss has no gradient: Q(s, a) was computed inside torch.no_grad() or "
           ".detach()ed. Only the TD target goes under no_grad.")),
    Known((RuntimeError,), ("can't call numpy() on tensor that requires grad",), Bi(
        ko="그래디언트가 붙은 텐서는 바로 numpy로 바꿀 수 없습니다. with torch.no_grad(): 안에서 "
           "계산하거나 .detach().numpy()를 쓰세요.",
        en="a tensor with a gradient cannot become numpy directly: compute it inside "
           "with torch.no_grad(): or use .detach().numpy().")),
    Known((RuntimeError,), ("expected all tensors to be on the same device",), Bi(
        ko="CPU와 GPU 텐서를 섞었습니다. 새로 만드는 텐서는 device=self.device로 만드세요.",
        en="CPU and GPU tensors are mixed; create new tensors with device=self.device.")),
    Known((RuntimeError,), ("boolean value of tensor with more than one value",), Bi(
        ko="값이 여러 개인 텐서를 if/and/or에 썼습니다. 원소별로 계산하세요 (예: (1 - terminated) "
           "곱하기, torch.where).",
        en="a tensor of several values was used in if/and/or; compute element-wise instead "
           "(multiply by (1 - terminated), torch.where).")),
    Known((TypeError,), ("cannot unpack non-iterable",), Bi(
        ko="값 하나를 두 개로 풀려고 했습니다. log_data의 각 항목은 (값, 스텝) 튜플입니다: "
           "{'Epsilon': (epsilon, global_time_step)}.",
        en="a single value was unpacked into two: each log_data entry is a (value, step) "
           "tuple, {'Epsilon': (epsilon, global_time_step)}.")),
    Known((ValueError,), ("cannot reshape array of size",), Bi(
        ko="크기를 숫자나 노트북의 전역 변수로 고정했습니다. 입력에서 구하세요: "
           "num_envs = obs.shape[0] 또는 reshape(-1, 1).",
        en="a size is fixed (a number or a notebook global); take it from the input: "
           "num_envs = obs.shape[0], or reshape(-1, 1).")),
    Known((ValueError,), ("could not broadcast input array from shape",), Bi(
        ko="num_envs개의 행을 한 칸에 쓰려고 했습니다. 환경마다 한 칸씩, "
           "slots = (next_idx + np.arange(num_envs)) % capacity에 쓰세요.",
        en="num_envs rows were written into one slot; write one slot per environment, at "
           "slots = (next_idx + np.arange(num_envs)) % capacity.")),
    Known((ValueError,), ("high <= 0",), Bi(
        ko="빈 범위에서 뽑으려 했습니다(len(self) = 0). add()가 저장한 전이 수를 세는지 "
           "확인하세요.",
        en="sampling from an empty range (len(self) is 0): check that add() counts the "
           "transitions it stores.")),
    Known((IndexError,), ("out of bounds",), Bi(
        ko="배열 끝을 넘는 위치에 썼습니다. 쓰기 위치는 % capacity로 처음으로 돌아가야 합니다.",
        en="a position past the end of an array; write positions must wrap around with "
           "% capacity.")),
    Known((AttributeError,), ("has no attribute",), Bi(
        ko="없는 속성을 읽었습니다. 이름의 철자를 확인하고, 그 속성을 __init__(또는 reset)에서 "
           "만드는지 보세요.",
        en="an attribute that does not exist was read: check the spelling, and that __init__ "
           "(or reset) creates it.")),
    Known((NameError,), ("is not defined",), Bi(
        ko="정의되지 않은 이름을 썼습니다. 철자를 확인하고, 그 이름을 정의하는 셀을 먼저 "
           "실행했는지 보세요 (함수 안에서는 인자나 self.로 받은 값을 쓰세요).",
        en="a name that is not defined was used: check the spelling and that the cell defining "
           "it ran first (inside a function, use its arguments or self.).")),
    Known((ValueError,), ("cannot sample",), Bi(
        ko="버퍼에 데이터가 모자란데 train()을 불렀습니다. update()는 replay_buffer.can_sample일 "
           "때만 train()을 호출합니다.",
        en="train() was called before the buffer had enough data: update() calls train() only "
           "when replay_buffer.can_sample is True.")),
)


UNKNOWN_ERROR = Bi(
    ko="위의 영어 메시지는 Python(또는 PyTorch, NumPy)이 낸 오류이고, >>> 줄이 여러분의 코드에서 오류가 난 "
       "곳입니다. 그 줄에 쓰인 값들의 모양(.shape)과 dtype을 print로 찍어 보면 원인이 보입니다.",
    en="the message above is Python's (or PyTorch's, NumPy's) own, and the >>> line is where your "
       "code raised it; print the .shape and .dtype of the values on that line to see why.")


def explain(error: BaseException) -> Bi | None:
    """A bilingual hint for a known error, or ``None``."""
    return next((known.hint for known in KNOWN_ERRORS if known.matches(error)), None)
