import sys

from dqn_teach.cli import main

sys.exit(main())
