"""One environment session on the server, standard library only: the transcript is kept whole on this side."""
from __future__ import annotations

import copy
import urllib.parse
from typing import Any, Mapping

from .errors import BadActionFormat, LamsimError
from .server import Server


def _check_action(action: Any) -> Any:
    """What a chat model produced: an assistant message dict, or text (xLAM JSON, ReAct)."""
    if isinstance(action, str):
        return action
    if isinstance(action, Mapping):
        return dict(action)
    raise BadActionFormat(f"an action is an assistant message dict or a string, got {type(action).__name__}")


class Session:
    """A live env on the server. Step answers may carry only the new messages; `observation` is always whole."""

    def __init__(self, server: Server, env_id: str, *, seed: int | str | None = None, split: str | None = None,
                 options: Mapping[str, Any] | None = None, make: Mapping[str, Any] | None = None):
        self.server = server
        body: dict[str, Any] = {"env": env_id}
        if make:
            body["make"] = dict(make)
        if split is not None:
            body["split"] = split
        if seed is not None:
            body["seed"] = seed
        if options:
            body["options"] = dict(options)
        created = server.transport.request("POST", "/v1/sessions", body, endpoint="create")
        self.id: str = created["session"]
        self._token: str = created["token"]
        self.spec: dict[str, Any] = created["spec"]
        self.observation: dict[str, Any] = created["observation"]
        self.info: dict[str, Any] = created["info"]
        self.closed = False

    def _path(self, tail: str) -> str:
        return f"/v1/sessions/{urllib.parse.quote(self.id, safe='')}{tail}"

    def _call(self, method: str, tail: str, body: Any = None, *, endpoint: str = "", raw: bool = False) -> Any:
        if self.closed:
            raise LamsimError(f"session {self.id} is closed")
        return self.server.transport.request(method, self._path(tail), body, token=self._token, endpoint=endpoint, raw=raw)

    def reset(self, seed: int | str | None = None, options: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """`{observation, info}` of a new episode."""
        body: dict[str, Any] = {}
        if seed is not None:
            body["seed"] = seed
        if options:
            body["options"] = dict(options)
        result = self._call("POST", "/reset", body, endpoint="reset")
        self.observation, self.info = result["observation"], result["info"]
        return result

    def step(self, action: Any) -> dict[str, Any]:
        """`{observation, reward, terminated, truncated, info}` with the whole observation."""
        result = self._call("POST", "/step", {"action": _check_action(action)}, endpoint="step")
        result["observation"] = self._merge(result["observation"])
        self.observation, self.info = result["observation"], result["info"]
        return result

    def _merge(self, observation: dict[str, Any]) -> dict[str, Any]:
        """A delta (`{from, messages, tools?}`) appended to the messages held; a whole observation as is."""
        if "from" not in observation:
            return observation
        start = observation["from"]
        held = self.observation["messages"]
        if not isinstance(start, int) or start < 0 or start > len(held):
            raise LamsimError(f"session {self.id}: the server sent messages from index {start!r}, but this client holds {len(held)}")
        tools = observation["tools"] if "tools" in observation else self.observation["tools"]
        return {"messages": held[:start] + observation["messages"], "tools": tools}

    def render(self, mode: str = "ansi") -> str:
        """The episode as `ansi` text, stable `json` text or a self-contained `html` page."""
        return self._call("GET", f"/render?mode={urllib.parse.quote(mode)}", endpoint="render", raw=True)

    def snapshot(self) -> dict[str, Any]:
        """An exact, JSON-serialisable copy of the episode so far (pass it to `restore`)."""
        return self._call("POST", "/snapshot", {}, endpoint="snapshot")["snapshot"]

    def restore(self, snapshot: Mapping[str, Any]) -> dict[str, Any]:
        """Puts the episode back where `snapshot` was taken; returns the observation there."""
        result = self._call("POST", "/restore", {"snapshot": dict(snapshot)}, endpoint="restore")
        if "observation" in result and result["observation"] is not None:
            self.observation = result["observation"]
        return result

    def close(self) -> None:
        """Ends the session on the server; calling it again does nothing."""
        if self.closed:
            return
        try:
            self._call("DELETE", "", endpoint="close")
        except LamsimError as failure:
            if failure.status not in (404, 410) and not failure.__class__.__name__ == "ServerNotRunning":
                raise
        finally:
            self.closed = True

    def copy_observation(self) -> dict[str, Any]:
        return copy.deepcopy(self.observation)
