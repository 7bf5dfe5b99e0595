"""nbgrader settings for every student's server on the class hub (jupyterhub_config.py puts this
folder on JUPYTER_CONFIG_PATH): the course id and the shared exchange."""

import os

c = get_config()  # noqa: F821 - nbgrader provides get_config()

c.CourseDirectory.course_id = "dqn-teach"
c.Exchange.root = os.environ.get("DQN_TEACH_EXCHANGE", "/srv/nbgrader/exchange")
