"""JSON over HTTP to `lamsim serve`, standard library only: one keep-alive connection per thread."""
from __future__ import annotations

import http.client
import json
import socket
import threading
import urllib.parse
from typing import Any

from .errors import LamsimError, ServerNotRunning, error_from_response

_STALE = (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError)


class Transport:
    """Sends requests to one server URL. Safe to share between threads (each gets its own connection)."""

    def __init__(self, url: str, *, timeout: float = 120.0, auth_token: str | None = None):
        parsed = urllib.parse.urlsplit(url)
        if parsed.scheme not in ("http", "https") or not parsed.hostname:
            raise ValueError(f"the server URL must look like http://127.0.0.1:8765, got {url!r}")
        self.url = f"{parsed.scheme}://{parsed.netloc}"
        self._secure = parsed.scheme == "https"
        self._host = parsed.hostname
        self._port = parsed.port
        self.timeout = timeout
        self.auth_token = auth_token
        self._local = threading.local()

    def _connection(self) -> tuple[http.client.HTTPConnection, bool]:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            return conn, True
        cls = http.client.HTTPSConnection if self._secure else http.client.HTTPConnection
        conn = cls(self._host, self._port, timeout=self.timeout)
        self._local.conn = conn
        return conn, False

    def _drop(self) -> None:
        conn = getattr(self._local, "conn", None)
        self._local.conn = None
        if conn is not None:
            conn.close()

    def request(self, method: str, path: str, body: Any = None, *, token: str | None = None,
                endpoint: str = "", raw: bool = False) -> Any:
        """The parsed JSON answer (or text with `raw=True`); a server error raises its typed exception."""
        headers = {"Accept": "application/json", "Content-Type": "application/json"}
        bearer = token if token is not None else self.auth_token
        if bearer is not None:
            headers["Authorization"] = "Bearer " + bearer
        data = None
        if method in ("POST", "PUT", "PATCH"):
            data = json.dumps({} if body is None else body, ensure_ascii=False, allow_nan=False).encode("utf-8")
        for attempt in (0, 1):
            conn, reused = self._connection()
            try:
                conn.request(method, path, body=data, headers=headers)
                response = conn.getresponse()
                payload = response.read()
                break
            except _STALE:
                # A kept-alive connection the server closed while idle: reconnect once.
                self._drop()
                if not reused or attempt == 1:
                    raise ServerNotRunning(f"the lamsim server at {self.url} closed the connection during {method} {path}") from None
            except (ConnectionRefusedError, socket.gaierror, socket.timeout, OSError) as failure:
                self._drop()
                raise ServerNotRunning(
                    f"no lamsim server answers at {self.url} ({failure.__class__.__name__}: {failure}); "
                    "start one with `npx lamsim serve` or let lamsim.make() spawn it (lamsim.Server.start)") from None
        if response.will_close:
            self._drop()
        text = payload.decode("utf-8")
        if response.status >= 400:
            code, message = None, text.strip()[:500]
            try:
                error = json.loads(text)["error"]
                code, message = error.get("code"), error.get("message", message)
            except (ValueError, KeyError, TypeError, AttributeError):
                pass
            raise error_from_response(response.status, code, message, endpoint=endpoint)
        if raw:
            return text
        try:
            return json.loads(text)
        except ValueError:
            raise LamsimError(f"{method} {path}: the server at {self.url} did not answer JSON: {text[:200]!r}") from None

    def close(self) -> None:
        self._drop()
