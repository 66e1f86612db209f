"""Find, start or connect to `lamsim serve`, and check that it speaks this client's version."""
from __future__ import annotations

import atexit
import json
import os
import shutil
import subprocess
import threading
import time
from collections import deque
from pathlib import Path
from typing import Any, Sequence

from .errors import ServerNotRunning, VersionMismatch
from .transport import Transport

__version__ = "0.1.0"


def _compatible(server_version: str) -> bool:
    """Same major and minor version (0.x releases change the protocol on a minor bump)."""
    return server_version.split(".")[:2] == __version__.split(".")[:2]


def serve_command(project: str | os.PathLike[str] | None = None) -> list[str]:
    """The command that starts `lamsim serve`: the project's built CLI, its local bin, or `lamsim` on PATH."""
    if project is not None:
        root = Path(project).resolve()
        built = root / "dist" / "src" / "cli" / "main.js"
        node = shutil.which("node")
        if built.is_file() and node:
            return [node, str(built), "serve"]
        local_bin = root / "node_modules" / ".bin" / "lamsim"
        if local_bin.exists():
            return [str(local_bin), "serve"]
        npx = shutil.which("npx")
        if (root / "package.json").is_file() and npx:
            return [npx, "--no-install", "lamsim", "serve"]
        raise ServerNotRunning(f"{root} has neither dist/src/cli/main.js (run `npm run build`) nor node_modules/.bin/lamsim (run `npm install lamsim`)")
    on_path = shutil.which("lamsim")
    if on_path:
        return [on_path, "serve"]
    raise ServerNotRunning("cannot find `lamsim` on PATH; give project='path/to/a/project/with/lamsim', "
                           "set LAMSIM_URL to a running server, or LAMSIM_PROJECT to the project path")


class Server:
    """A `lamsim serve` to talk to: one this process started (and stops on close), or one already running."""

    def __init__(self, url: str, *, auth_token: str | None = None, timeout: float = 120.0,
                 check_version: bool = True, process: subprocess.Popen[bytes] | None = None,
                 stderr_tail: deque[str] | None = None):
        self.transport = Transport(url, timeout=timeout, auth_token=auth_token)
        self.url = self.transport.url
        self.process = process
        self._stderr_tail = stderr_tail
        self.version: str | None = None
        if check_version:
            self.check_version()
        with _lock:
            _known.setdefault(self.url, self)

    @classmethod
    def connect(cls, url: str | None = None, *, auth_token: str | None = None, **kwargs: Any) -> "Server":
        """Connects to a running server (default: `$LAMSIM_URL`); raises ServerNotRunning if none answers."""
        url = url or os.environ.get("LAMSIM_URL")
        if not url:
            raise ServerNotRunning("no server URL: give one (http://127.0.0.1:8765) or set LAMSIM_URL")
        return cls(url, auth_token=auth_token if auth_token is not None else os.environ.get("LAMSIM_AUTH_TOKEN"), **kwargs)

    @classmethod
    def start(cls, project: str | os.PathLike[str] | None = None, *, command: Sequence[str] | None = None,
              host: str = "127.0.0.1", port: int = 0, args: Sequence[str] = (), auth_token: str | None = None,
              startup_timeout: float = 120.0, **kwargs: Any) -> "Server":
        """Spawns `lamsim serve` (from `project`, else `$LAMSIM_PROJECT`, else PATH) and reads its first JSON line for the URL."""
        if command is None:
            command = serve_command(project if project is not None else os.environ.get("LAMSIM_PROJECT"))
        argv = [*command, "--host", host, "--port", str(port), *args]
        if auth_token is not None:
            argv += ["--auth-token", auth_token]
        try:
            process = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                       cwd=str(project) if project is not None else None)
        except OSError as failure:
            raise ServerNotRunning(f"cannot run {' '.join(argv)}: {failure}") from None
        tail: deque[str] = deque(maxlen=20)
        threading.Thread(target=_drain, args=(process.stderr, tail), daemon=True).start()
        first: dict[str, Any] = {}
        reader = threading.Thread(target=_first_line, args=(process.stdout, first), daemon=True)
        reader.start()
        reader.join(startup_timeout)
        url = first.get("url")
        if not url:
            _stop(process)
            why = first.get("error") or f"no URL line within {startup_timeout:.0f} s"
            detail = " | ".join(tail) or "(nothing on stderr)"
            raise ServerNotRunning(f"`{' '.join(argv)}` did not start ({why}); exit code {process.poll()}; stderr: {detail}")
        threading.Thread(target=_drain, args=(process.stdout, None), daemon=True).start()
        try:
            server = cls(url, auth_token=auth_token, process=process, stderr_tail=tail, **kwargs)
        except Exception:
            _stop(process)
            raise
        return server

    def check_version(self) -> dict[str, Any]:
        """GET /v1/health; raises VersionMismatch unless the server's version is compatible with this client's."""
        health = self.health()
        version = health.get("version")
        if not isinstance(version, str):
            raise VersionMismatch(f"the server at {self.url} does not report its version in /v1/health: it is older than "
                                  f"this client (lamsim {__version__}); update the lamsim npm package")
        if not _compatible(version):
            raise VersionMismatch(f"the server at {self.url} is lamsim {version}, this client is {__version__}: "
                                  f"install the Python package from the same lamsim release (pip install ./python in its checkout)")
        self.version = version
        return health

    def health(self) -> dict[str, Any]:
        return self.transport.request("GET", "/v1/health")

    def envs(self) -> list[dict[str, Any]]:
        """Every registered env with its splits and action formats."""
        return self.transport.request("GET", "/v1/envs")["envs"]

    def env_info(self, env_id: str) -> dict[str, Any]:
        envs = self.envs()
        for entry in envs:
            if entry["id"] == env_id or entry["id"].rsplit("-v", 1)[0] == env_id:
                return entry
        raise KeyError(f"no env {env_id!r} on the server (it has {', '.join(e['id'] for e in envs)})")

    @property
    def stderr(self) -> str:
        """The last lines the spawned server wrote to stderr."""
        return "\n".join(self._stderr_tail or ())

    def close(self) -> None:
        """Stops the server if this process started it; a connected server is left running."""
        self.transport.close()
        with _lock:
            if _known.get(self.url) is self:
                del _known[self.url]
        if self.process is not None:
            _stop(self.process)
            self.process = None

    def __enter__(self) -> "Server":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Server({self.url!r}{', spawned' if self.process else ''})"


def _first_line(stream: Any, out: dict[str, Any]) -> None:
    line = stream.readline().decode("utf-8", "replace").strip()
    try:
        out.update(json.loads(line))
    except ValueError:
        out["error"] = f"its first line is not JSON: {line[:200]!r}" if line else "it exited before printing its URL"


def _drain(stream: Any, tail: deque[str] | None) -> None:
    for raw in iter(stream.readline, b""):
        if tail is not None:
            tail.append(raw.decode("utf-8", "replace").rstrip())


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


_default: Server | None = None
_lock = threading.RLock()
_known: dict[str, Server] = {}


def default_server() -> Server:
    """The process-wide server `lamsim.make` uses without `server=`: `$LAMSIM_URL` if set, else one spawned once."""
    global _default
    with _lock:
        if _default is None or _default.process is not None and _default.process.poll() is not None:
            _default = Server.connect() if os.environ.get("LAMSIM_URL") else Server.start()
            atexit.register(_default.close)
        return _default


def resolve_server(server: "Server | str | None") -> Server:
    """A Server as given; a URL: the Server this process already has for it, else a new connection."""
    if isinstance(server, Server):
        return server
    if isinstance(server, str):
        key = server.rstrip("/")
        with _lock:
            known = _known.get(key)
        return known if known is not None else Server.connect(key)
    return default_server()
