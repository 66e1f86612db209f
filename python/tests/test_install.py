"""The package installs from a git URL subdirectory, and its core needs nothing outside the standard library."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

import lamsim
from conftest import IN_CI, REPO

CORE_SCRIPT = """
import sys, lamsim
assert "gymnasium" not in sys.modules and "numpy" not in sys.modules
server = lamsim.Server.connect(sys.argv[1])
print(server.version, [e["id"] for e in server.envs()])
try:
    lamsim.make("ToolBench-v0", server=server)
except ImportError as error:
    print("make:", error)
"""


def test_pip_install_from_a_git_url_subdirectory_core_is_stdlib_only(tmp_path: Path, server: lamsim.Server) -> None:
    if not (REPO / ".git").exists() or not shutil.which("git"):
        if IN_CI:
            pytest.fail(f"{REPO} is not a git checkout")
        pytest.skip(f"{REPO} is not a git checkout")
    target = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(target)
    python = target / "bin" / "python"
    url = f"git+file://{REPO}#subdirectory=python"
    install = subprocess.run([str(python), "-m", "pip", "install", "--disable-pip-version-check", "--retries", "0", "--timeout", "10", url],
                             capture_output=True, text=True, env={**os.environ, "PIP_NO_INPUT": "1"})
    assert install.returncode == 0, install.stdout[-2000:] + install.stderr[-2000:]
    listed = subprocess.run([str(python), "-m", "pip", "list", "--format=freeze"], capture_output=True, text=True, check=True).stdout
    assert "lamsim==" + lamsim.__version__ in listed and "gymnasium" not in listed.lower()
    run = subprocess.run([str(python), "-c", CORE_SCRIPT, server.url], capture_output=True, text=True, cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert "ToolBench-v0" in run.stdout
    assert 'make: lamsim.make needs gymnasium: pip install "lamsim[gym]"' in run.stdout
