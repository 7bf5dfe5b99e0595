"""nbgrader configuration of the dqn-teach course (run nbgrader from this folder).

The assignments in source/ are generated from the course notebooks by
`python -m dqn_teach.classroom build` (see README.md); never edit them by hand.
"""

import os
from pathlib import Path

c = get_config()  # noqa: F821 - nbgrader provides get_config()

c.CourseDirectory.course_id = "dqn-teach"
# Paths are relative to this folder, wherever nbgrader is started from.
c.CourseDirectory.root = str(Path(__file__).resolve().parent)

# What a solution region becomes in the release; the `# HINT:` line above it stays.
c.ClearSolutions.code_stub = {
    "python": "# YOUR CODE HERE / 여기에 코드를 작성하세요\nraise NotImplementedError()"
}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE / 여기에 답을 쓰세요"

# Grading runs every notebook top to bottom. Notebooks 05 and 07 train small agents, which can
# take minutes per cell on a busy machine; nbgrader's default is 30 s per cell.
c.Execute.timeout = 600

# The exchange (release/fetch/submit/collect) is shared by all users of one machine; on the class
# hub (hub/jupyterhub_config.py) every server, the teacher's included, gets DQN_TEACH_EXCHANGE.
c.Exchange.root = os.environ.get("DQN_TEACH_EXCHANGE", "/srv/nbgrader/exchange")
