"""Exceptions mirroring the errors of `lamsim serve` (`{"error": {"code", "message"}}`)."""
from __future__ import annotations


class LamsimError(Exception):
    """Anything the server refused, or a failure to reach it. `status` and `code` are the server's."""

    def __init__(self, message: str, *, status: int | None = None, code: str | None = None):
        super().__init__(message)
        self.message = message
        self.status = status
        self.code = code


class ServerNotRunning(LamsimError, ConnectionError):
    """No server answers at the URL, or the spawned server did not start."""


class VersionMismatch(LamsimError):
    """The server speaks another protocol version than this client."""


class InvalidRequest(LamsimError):
    """The server could not read the request (bad JSON, bad field, wrong media type, bad encoding)."""


class BadActionFormat(InvalidRequest):
    """The action is not something a chat model writes: an assistant message dict or a string."""


class BadOptions(LamsimError):
    """The env id, make options or reset options were refused (the message names the field)."""


class BadSnapshot(LamsimError):
    """The snapshot (or snapshot handle) cannot be restored."""


class AuthError(LamsimError):
    """A missing or wrong token, or a Host/Origin the server does not answer to (401/403)."""


class SessionNotFound(LamsimError):
    """The session was closed, or never existed (404)."""


class SessionExpired(SessionNotFound):
    """The server closed the session after it sat idle past its TTL (410)."""


class EpisodeOver(LamsimError):
    """`step` after the episode ended: call `reset` first (409)."""


class StepLimitExceeded(LamsimError):
    """The session took its limit of steps (`--max-session-steps`, 429)."""


class ServerBusy(LamsimError):
    """Too many sessions, or the server is shutting down (503)."""


class BodyTooLarge(InvalidRequest):
    """The request body exceeds `--max-body-bytes` (413)."""


class ServerError(LamsimError):
    """A fault of the environment or the server itself (5xx)."""


_BY_CODE: dict[str, type[LamsimError]] = {
    "invalid_json": InvalidRequest,
    "invalid_request": InvalidRequest,
    "unsupported_media_type": InvalidRequest,
    "bad_encoding": InvalidRequest,
    "not_found": InvalidRequest,
    "method_not_allowed": InvalidRequest,
    "body_too_large": BodyTooLarge,
    "unknown_env": BadOptions,
    "bad_options": BadOptions,
    "world_option_not_allowed": BadOptions,
    "bad_snapshot": BadSnapshot,
    "snapshot_not_found": BadSnapshot,
    "snapshot_too_large": BadSnapshot,
    "unauthorized": AuthError,
    "forbidden": AuthError,
    "host_not_allowed": AuthError,
    "origin_not_allowed": AuthError,
    "session_not_found": SessionNotFound,
    "session_expired": SessionExpired,
    "episode_over": EpisodeOver,
    "step_limit": StepLimitExceeded,
    "too_many_sessions": ServerBusy,
    "shutting_down": ServerBusy,
    "env_error": ServerError,
    "internal": ServerError,
}

_BY_STATUS: dict[int, type[LamsimError]] = {
    400: InvalidRequest, 401: AuthError, 403: AuthError, 404: SessionNotFound, 409: EpisodeOver,
    410: SessionExpired, 413: BodyTooLarge, 415: InvalidRequest, 429: StepLimitExceeded, 503: ServerBusy,
}


def error_from_response(status: int, code: str | None, message: str, *, endpoint: str = "") -> LamsimError:
    """The exception for a server error reply; an invalid request to `step` is a bad action."""
    cls = _BY_CODE.get(code or "") or _BY_STATUS.get(status) or (ServerError if status >= 500 else LamsimError)
    if cls is InvalidRequest and endpoint == "step" and code == "invalid_request":
        cls = BadActionFormat
    return cls(f"{status} {code or 'error'}: {message}", status=status, code=code)
