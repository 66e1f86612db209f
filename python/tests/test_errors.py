"""Typed errors mirroring the server's, and clear messages when no server runs or its version differs."""
from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

import lamsim
from conftest import built_cli, project
from helpers import tool_call

GIVE_UP = tool_call("Finish", {"return_type": "give_up_and_restart"})


def test_no_server_is_a_clear_error() -> None:
    with pytest.raises(lamsim.ServerNotRunning, match=r"no lamsim server answers at http://127\.0\.0\.1:9 .*npx lamsim serve"):
        lamsim.Server.connect("http://127.0.0.1:9")
    with pytest.raises(lamsim.ServerNotRunning, match="dist/src/cli/main.js"):
        lamsim.Server.start("/nonexistent/project")


def _health_server(health: dict) -> ThreadingHTTPServer:
    """Stands in for a lamsim serve of another release: it answers only /v1/health."""
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = json.dumps(health).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd


@pytest.mark.parametrize("health,message", [
    ({"status": "ok", "version": "9.4.0"}, r"is lamsim 9\.4\.0, this client is 0\.1\.0"),
    ({"status": "ok"}, r"does not report its version"),
])
def test_version_mismatch_is_a_clear_error(health: dict, message: str) -> None:
    httpd = _health_server(health)
    try:
        with pytest.raises(lamsim.VersionMismatch, match=message):
            lamsim.Server.connect(f"http://127.0.0.1:{httpd.server_address[1]}")
    finally:
        httpd.shutdown()


def test_the_live_server_reports_a_compatible_version(server: lamsim.Server) -> None:
    assert server.version is not None and server.version.split(".")[:2] == lamsim.__version__.split(".")[:2]


def test_request_errors_are_typed(server: lamsim.Server) -> None:
    with pytest.raises(lamsim.BadOptions, match="unknown_env"):
        lamsim.make("NoSuchEnv-v0", server=server)
    with pytest.raises(lamsim.BadOptions, match="no-such-split"):
        lamsim.make("ToolBench-v0", split="no-such-split", server=server)
    env = lamsim.make("ToolBench-v0", server=server)
    try:
        with pytest.raises(lamsim.BadActionFormat):
            env.step(12345)
        with pytest.raises(lamsim.BadOptions):
            env.reset(seed=1, options={"actionFormat": "no-such-format"})
        env.reset(seed=1)
        obs, reward, terminated, truncated, info = env.step(GIVE_UP)
        assert terminated and not truncated
        with pytest.raises(lamsim.EpisodeOver, match="409 episode_over"):
            env.step(GIVE_UP)
        with pytest.raises(lamsim.BadSnapshot):
            env.restore({"env": "ToolBench-v0", "data": {"nonsense": True}})
        token, env.session._token = env.session._token, "not-the-token"
        with pytest.raises(lamsim.AuthError, match="403 forbidden"):
            env.reset(seed=2)
        env.session._token = token
    finally:
        env.close()


def test_token_step_limit_and_expiry_from_a_spawned_server() -> None:
    built_cli()
    with lamsim.Server.start(project(), auth_token="s3cret-token-for-the-tests", args=["--max-session-steps", "3", "--session-ttl-ms", "1500"]) as spawned:
        assert spawned.process is not None and spawned.version == lamsim.__version__
        with pytest.raises(lamsim.AuthError, match="401 unauthorized"):
            lamsim.Session(lamsim.Server(spawned.url, auth_token=None), "ToolBench-v0")
        with pytest.raises(lamsim.AuthError, match="401 unauthorized"):
            lamsim.Session(lamsim.Server(spawned.url, auth_token="wrong"), "ToolBench-v0")
        with pytest.raises(lamsim.BadOptions, match="403 world_option_not_allowed"):
            lamsim.make("ToolBench-v0", server=spawned, worldSeed=3)
        env = lamsim.make("ToolBench-v0", server=spawned)
        env.reset(seed=4)
        for _ in range(3):
            env.step("thinking out loud")
        with pytest.raises(lamsim.StepLimitExceeded, match="429 step_limit"):
            env.step("one too many")
        other = lamsim.make("ToolBench-v0", server=spawned)
        time.sleep(3.5)
        with pytest.raises(lamsim.SessionExpired, match="410 session_expired"):
            other.step("too late")
        env.close()
        other.close()
        process = spawned.process
    assert process.poll() is not None, "closing a spawned server stops it"
    with pytest.raises(lamsim.ServerNotRunning):
        lamsim.Server.connect(spawned.url)
