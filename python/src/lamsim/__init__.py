"""lamsim for Python: the lamsim environments as Gymnasium envs, over `lamsim serve`.

    import lamsim
    env = lamsim.make("ToolBench-v0", split="train")   # starts `lamsim serve` unless LAMSIM_URL is set
    obs, info = env.reset(seed=42)

The core (`Server`, `Session`, the errors) is standard library only; `make`, `make_vec` and the
spaces need `gymnasium` (`pip install "lamsim[gym]"`).
"""
from __future__ import annotations

from typing import Any

from .errors import (AuthError, BadActionFormat, BadOptions, BadSnapshot, BodyTooLarge, EpisodeOver, InvalidRequest,
                     LamsimError, ServerBusy, ServerError, ServerNotRunning, SessionExpired, SessionNotFound,
                     StepLimitExceeded, VersionMismatch)
from .server import Server, __version__, default_server, resolve_server
from .session import Session

__all__ = [
    "make", "make_vec", "register_envs", "gym_id", "Server", "Session", "default_server", "__version__",
    "LamsimError", "ServerNotRunning", "VersionMismatch", "InvalidRequest", "BadActionFormat", "BadOptions",
    "BadSnapshot", "AuthError", "SessionNotFound", "SessionExpired", "EpisodeOver", "StepLimitExceeded",
    "ServerBusy", "BodyTooLarge", "ServerError",
]

NAMESPACE = "lamsim"


def _gymnasium() -> Any:
    try:
        import gymnasium
    except ImportError:
        raise ImportError('lamsim.make needs gymnasium: pip install "lamsim[gym]"') from None
    return gymnasium


def gym_id(env_id: str) -> str:
    """The Gymnasium id of a lamsim env: `lamsim/ToolBench-v0`."""
    return env_id if env_id.startswith(NAMESPACE + "/") else f"{NAMESPACE}/{env_id}"


def register_envs(server: Server | str | None = None) -> list[str]:
    """Registers every env the server offers with Gymnasium (`gymnasium.make("lamsim/ToolBench-v0")`)."""
    gymnasium = _gymnasium()
    found = resolve_server(server)
    ids = []
    for entry in found.envs():
        ids.append(_register(gymnasium, entry["id"]))
    return ids


def _register(gymnasium: Any, env_id: str) -> str:
    name = gym_id(env_id)
    if name not in gymnasium.registry:
        gymnasium.register(id=name, entry_point="lamsim.env:LamsimEnv", vector_entry_point="lamsim.vector:LamsimVectorEnv",
                           kwargs={"env_id": env_id}, nondeterministic=False, disable_env_checker=True, order_enforce=False)
    return name


def make(env_id: str, split: str | None = None, *, server: Server | str | None = None, render_mode: str | None = None,
         **options: Any) -> Any:
    """A `gymnasium.Env` for a registered lamsim env (`ToolBench-v0`, `CRMArena-v0`, ...).

    `server`: a `Server`, a URL, or None for `$LAMSIM_URL` or a `lamsim serve` this process spawns
    (from `$LAMSIM_PROJECT`, else `lamsim` on PATH). `options` are the env's make options: worldSeed,
    world, maxSteps, actionFormat, rewards, faults. The env has a Gymnasium spec, so
    `env.spec.make()` builds another one on the same server.
    """
    gymnasium = _gymnasium()
    found = resolve_server(server)
    kwargs: dict[str, Any] = {"server": found.url, **options}
    if split is not None:
        kwargs["split"] = split
    if render_mode is not None:
        kwargs["render_mode"] = render_mode
    return gymnasium.make(_register(gymnasium, env_id.removeprefix(NAMESPACE + "/")), **kwargs)


def make_vec(env_id: str, num_envs: int, split: str | None = None, *, server: Server | str | None = None,
             **options: Any) -> Any:
    """A `gymnasium.vector.VectorEnv` of `num_envs` sessions stepped concurrently."""
    _gymnasium()
    from .vector import LamsimVectorEnv

    return LamsimVectorEnv(env_id.removeprefix(NAMESPACE + "/"), num_envs, split=split, server=server, **options)
