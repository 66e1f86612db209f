"""`LamsimEnv`: one `lamsim serve` session as a `gymnasium.Env`."""
from __future__ import annotations

from typing import Any, Mapping

import gymnasium as gym

from .server import Server, resolve_server
from .session import Session
from .spaces import AssistantAction, observation_space

RENDER_MODES = ["ansi", "json", "html"]
_SEED_BOUND = 2**31 - 1


class LamsimEnv(gym.Env):
    """A registered lamsim environment over HTTP.

    - observation: `{"messages": [...], "tools": [...]}`, the whole conversation so far in the OpenAI
      chat shape and the OpenAI function specs offered this episode (`lamsim.spaces`);
    - action: an assistant message dict (OpenAI `tool_calls`) or text (xLAM JSON, ReAct);
    - reward, terminated (final answer given), truncated (step limit);
    - info: `action` (the report on the action: `ok` or the failed layer and message per call),
      `tallies` (the running episode counts), `answer` (the verdict once the episode ends), `instance`.

    `reset(seed=s)` plays the same instance as `reset({seed: s})` in TypeScript; `reset()` without a
    seed draws the next seed from the env's seeded generator, so it is deterministic too.
    """

    metadata = {"render_modes": RENDER_MODES, "render_fps": 1}

    def __init__(self, env_id: str = "ToolBench-v0", split: str | None = None, render_mode: str | None = None,
                 server: Server | str | None = None, max_messages: int | None = None, **make_options: Any):
        if render_mode is not None and render_mode not in RENDER_MODES:
            raise ValueError(f"render_mode must be one of {', '.join(RENDER_MODES)} or None, got {render_mode!r}")
        self.env_id = env_id
        self.split = split
        self.render_mode = render_mode
        self.server = resolve_server(server)
        self._session = Session(self.server, env_id, split=split, make=make_options)
        self.lamsim_spec: dict[str, Any] = self._session.spec
        self.observation_space = observation_space(max_messages)
        self.action_space = AssistantAction()
        self.episode_seed: int | str | None = None

    def reset(self, *, seed: int | None = None, options: Mapping[str, Any] | None = None) -> tuple[dict[str, Any], dict[str, Any]]:
        """Starts an episode. `options`: split, template, instance, actionFormat, rewards, faults."""
        super().reset(seed=seed)
        episode_seed = seed if seed is not None else int(self.np_random.integers(0, _SEED_BOUND))
        result = self._session.reset(seed=episode_seed, options=options)
        self.episode_seed = episode_seed
        return result["observation"], result["info"]

    def step(self, action: Any) -> tuple[dict[str, Any], float, bool, bool, dict[str, Any]]:
        result = self._session.step(action)
        return result["observation"], float(result["reward"]), bool(result["terminated"]), bool(result["truncated"]), result["info"]

    def render(self, mode: str | None = None) -> str | None:
        """The episode as text (`ansi`), stable JSON text (`json`) or an HTML page (`html`)."""
        mode = mode or self.render_mode
        if mode is None:
            gym.logger.warn("render() without a render_mode: make the env with render_mode='ansi', 'json' or 'html'")
            return None
        return self._session.render(mode)

    def snapshot(self) -> dict[str, Any]:
        """An exact, JSON-serialisable copy of the episode so far."""
        return self._session.snapshot()

    def restore(self, snapshot: Mapping[str, Any]) -> dict[str, Any]:
        """Puts the episode back where `snapshot` was taken; returns the observation there."""
        self._session.restore(snapshot)
        return self._session.observation

    @property
    def observation(self) -> dict[str, Any]:
        """The current observation (what the last reset, step or restore returned)."""
        return self._session.observation

    @property
    def session(self) -> Session:
        return self._session

    def close(self) -> None:
        session = getattr(self, "_session", None)
        if session is not None:
            session.close()
        super().close()
