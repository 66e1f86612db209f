"""Shared fixtures: the server under test is $LAMSIM_URL, else one spawned from $LAMSIM_PROJECT (default: this checkout)."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

import lamsim

REPO = Path(__file__).resolve().parents[2]
IN_CI = os.environ.get("CI") in ("true", "1")
_server: lamsim.Server | None = None


def project() -> Path:
    return Path(os.environ.get("LAMSIM_PROJECT") or REPO)


def the_server() -> lamsim.Server:
    global _server
    if _server is None:
        url = os.environ.get("LAMSIM_URL")
        _server = lamsim.Server.connect(url) if url else lamsim.Server.start(project())
    return _server


def requirement(name: str, why: str) -> str:
    """An environment variable the vitest runner sets; absent: skipped locally, a failure in CI."""
    value = os.environ.get(name)
    if not value:
        if IN_CI:
            pytest.fail(f"{name} is not set ({why}); test/python/python.test.ts sets it")
        pytest.skip(f"{name} is not set ({why}); run through `npx vitest run test/python`")
    return value


def built_cli() -> Path:
    cli = project() / "dist" / "src" / "cli" / "main.js"
    if not cli.is_file():
        if IN_CI:
            pytest.fail(f"{cli} is missing: .ci/run builds it before the tests")
        pytest.skip(f"{cli} is missing: run `npm run build` to test spawning the server")
    return cli


def env_splits() -> list[tuple[str, str]]:
    return [(entry["id"], split) for entry in the_server().envs() for split in entry.get("splits", [])]


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "env_split" in metafunc.fixturenames:
        metafunc.parametrize("env_split", env_splits(), ids=lambda pair: f"{pair[0]}:{pair[1]}")


@pytest.fixture(scope="session")
def server() -> lamsim.Server:
    return the_server()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if _server is not None:
        _server.close()
