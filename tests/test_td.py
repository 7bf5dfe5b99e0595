"""dqn_teach.td: the one written form of the TD target, used by the agent, reference and widgets."""

import re
from pathlib import Path

import pytest
import torch

from dqn_teach import td
from dqn_teach.agent import make_agent
from dqn_teach.config import DQNConfig

PACKAGE = Path(td.__file__).parent
REWARD = torch.tensor([[1.0], [0.5], [-1.0]])
TERMINATED = torch.tensor([[0.0], [1.0], [0.0]])
NEXT_Q = torch.tensor([[2.0, 3.0], [4.0, -1.0], [-2.0, -5.0]])


def test_td_target_bootstraps_from_the_best_next_action_unless_terminated():
    target = td.td_target(REWARD, NEXT_Q, TERMINATED, gamma=0.5)
    assert target.shape == (3, 1)
    assert target.flatten().tolist() == [1.0 + 0.5 * 3.0, 0.5, -1.0 + 0.5 * -2.0]


def test_double_dqn_target_scores_the_online_choice_with_the_target_values():
    online = torch.tensor([[9.0, 0.0], [0.0, 9.0], [0.0, 9.0]])  # picks actions 0, 1, 1
    target = td.double_dqn_target(REWARD, online, NEXT_Q, TERMINATED, gamma=0.5)
    assert target.flatten().tolist() == [1.0 + 0.5 * 2.0, 0.5, -1.0 + 0.5 * -5.0]


def test_td_loss_refuses_a_broadcasting_shape_and_an_unknown_loss():
    q_value = torch.zeros(3, 1)
    assert td.td_loss(q_value, torch.ones(3, 1)).item() == pytest.approx(1.0)
    assert td.td_loss(q_value, torch.full((3, 1), 3.0), "huber").item() == pytest.approx(2.5)
    with pytest.raises(ValueError, match=r"\(batch, 1\)"):
        td.td_loss(q_value, torch.ones(3))
    with pytest.raises(ValueError, match="loss must be one of"):
        td.td_loss(q_value, torch.ones(3, 1), "l1")


@pytest.mark.parametrize("double_dqn", [False, True])
def test_the_agent_trains_with_these_functions(double_dqn):
    config = DQNConfig(training_freq=1, batch_size=3, capacity=10, epoch=1,
                       epsilon_linear_decay=(0, 1, 1.0, 0.1), gamma=0.9,
                       target_update_period=5, double_dqn=double_dqn)
    agent = make_agent(config, (4,), 2)
    with torch.no_grad():
        agent.target_network.layers[-1].bias.add_(1.0)  # make online and target differ
    next_obs = torch.randn(3, 4)
    with torch.no_grad():
        online, target = agent.network(next_obs), agent.target_network(next_obs)
    expected = (td.double_dqn_target(REWARD, online, target, TERMINATED, 0.9) if double_dqn
                else td.td_target(REWARD, target, TERMINATED, 0.9))
    assert torch.equal(agent.compute_td_target(next_obs, REWARD, TERMINATED), expected)


def test_the_bootstrap_formula_is_written_once_in_the_package():
    # checks/ may keep an independent oracle on purpose; everything else calls dqn_teach.td
    formula = re.compile(r"\(\s*1(\.0)?\s*-\s*terminated\s*\)")
    writers = sorted(
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if not path.relative_to(PACKAGE).parts[0].startswith("checks")
        and formula.search(path.read_text(encoding="utf-8"))
    )
    assert writers == ["td.py"]
