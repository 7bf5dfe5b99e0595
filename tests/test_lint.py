"""The code style is part of the build: ruff must be clean on everything we ship."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PATHS = ["dqn_teach", "tests", "tools", "benchmarks", "notebooks/src", "conftest.py",
         "classroom/nbgrader_config.py", "classroom/hub"]


def test_ruff_is_clean():
    ruff = Path(sys.executable).with_name("ruff")
    result = subprocess.run([str(ruff), "check", *PATHS], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
