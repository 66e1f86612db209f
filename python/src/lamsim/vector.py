"""`LamsimVectorEnv`: N sessions stepped concurrently (threads over HTTP), a `gymnasium.vector.VectorEnv`."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any, Mapping, Sequence

import numpy as np
from gymnasium.vector import AutoresetMode, VectorEnv
from gymnasium.vector.utils import batch_space

from .env import RENDER_MODES, LamsimEnv
from .server import Server, resolve_server


def merge_infos(infos: Sequence[Mapping[str, Any]], n: int) -> dict[str, Any]:
    """Gymnasium's vector info layout (`key` array plus `_key` mask), with one dtype per key chosen
    from every env's value (ints and floats together become float64, anything else object)."""
    merged: dict[str, Any] = {}
    keys: list[str] = []
    for info in infos:
        keys.extend(k for k in info if k not in keys)
    for key in keys:
        present = [key in info for info in infos]
        values = [info.get(key) for info in infos]
        if any(isinstance(v, Mapping) for v in values):
            merged[key] = merge_infos([v if isinstance(v, Mapping) else {} for v in values], n)
        else:
            kinds = {type(v) for v, p in zip(values, present) if p}
            if kinds == {bool}:
                array = np.zeros(n, dtype=bool)
            elif kinds <= {int}:
                array = np.zeros(n, dtype=np.int64)
            elif kinds <= {int, float}:
                array = np.zeros(n, dtype=np.float64)
            else:
                array = np.full(n, None, dtype=object)
            for i, (value, p) in enumerate(zip(values, present)):
                if p:
                    array[i] = value
            merged[key] = array
        merged["_" + key] = np.array(present, dtype=bool)
    return merged


class LamsimVectorEnv(VectorEnv):
    """`num_envs` sessions of one env id. Observations are batched as gymnasium batches custom spaces:
    `{"messages": (conv_0, ..., conv_n-1), "tools": (tools_0, ...)}`; actions are a sequence of N
    actions. Autoreset is NEXT_STEP: the step after an episode ends resets that env (its action is ignored)."""

    metadata = {"autoreset_mode": AutoresetMode.NEXT_STEP, "render_modes": RENDER_MODES}

    def __init__(self, env_id: str = "ToolBench-v0", num_envs: int = 4, split: str | None = None,
                 server: Server | str | None = None, render_mode: str | None = None, max_workers: int | None = None,
                 **make_options: Any):
        if num_envs < 1:
            raise ValueError(f"num_envs must be at least 1, got {num_envs}")
        shared = resolve_server(server)
        self._pool = ThreadPoolExecutor(max_workers=max_workers or min(num_envs, 32), thread_name_prefix="lamsim-vec")
        self.envs: list[LamsimEnv] = list(self._pool.map(
            lambda _: LamsimEnv(env_id, split=split, server=shared, render_mode=render_mode, **make_options), range(num_envs)))
        self.num_envs = num_envs
        self.render_mode = render_mode
        self.single_observation_space = self.envs[0].observation_space
        self.single_action_space = self.envs[0].action_space
        self.observation_space = batch_space(self.single_observation_space, num_envs)
        self.action_space = batch_space(self.single_action_space, num_envs)
        self._autoreset = np.zeros(num_envs, dtype=bool)

    def _batch(self, observations: Sequence[Mapping[str, Any]]) -> dict[str, tuple[Any, ...]]:
        return {key: tuple(obs[key] for obs in observations) for key in ("messages", "tools")}

    def reset(self, *, seed: int | Sequence[int | None] | None = None,
              options: Mapping[str, Any] | None = None) -> tuple[dict[str, Any], dict[str, Any]]:
        """`seed=s` seeds env i with s+i (gymnasium's rule); a list gives each env its own."""
        if seed is None or isinstance(seed, (int, np.integer)):
            seeds: list[int | None] = [None if seed is None else int(seed) + i for i in range(self.num_envs)]
        else:
            seeds = list(seed)
            if len(seeds) != self.num_envs:
                raise ValueError(f"{len(seeds)} seeds for {self.num_envs} envs")
        if seed is not None:
            self._np_random, self._np_random_seed = np.random.default_rng(seeds[0]), seeds[0]
        results = list(self._pool.map(lambda i: self.envs[i].reset(seed=seeds[i], options=options), range(self.num_envs)))
        self._autoreset[:] = False
        return self._batch([obs for obs, _ in results]), merge_infos([info for _, info in results], self.num_envs)

    def step(self, actions: Sequence[Any]) -> tuple[dict[str, Any], np.ndarray, np.ndarray, np.ndarray, dict[str, Any]]:
        actions = list(actions)
        if len(actions) != self.num_envs:
            raise ValueError(f"{len(actions)} actions for {self.num_envs} envs")

        def one(i: int) -> tuple[Any, float, bool, bool, dict[str, Any]]:
            if self._autoreset[i]:
                obs, info = self.envs[i].reset()
                return obs, 0.0, False, False, info
            return self.envs[i].step(actions[i])

        results = list(self._pool.map(one, range(self.num_envs)))
        rewards = np.array([r[1] for r in results], dtype=np.float64)
        terminations = np.array([r[2] for r in results], dtype=bool)
        truncations = np.array([r[3] for r in results], dtype=bool)
        self._autoreset = terminations | truncations
        return self._batch([r[0] for r in results]), rewards, terminations, truncations, merge_infos([r[4] for r in results], self.num_envs)

    def render(self) -> tuple[str | None, ...] | None:
        if self.render_mode is None:
            return None
        return tuple(self._pool.map(lambda env: env.render(), self.envs))

    def snapshot(self) -> list[dict[str, Any]]:
        return list(self._pool.map(lambda env: env.snapshot(), self.envs))

    def restore(self, snapshots: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
        observations = list(self._pool.map(lambda pair: pair[0].restore(pair[1]), zip(self.envs, snapshots)))
        self._autoreset[:] = False
        return self._batch(observations)

    def close_extras(self, **kwargs: Any) -> None:
        try:
            list(self._pool.map(lambda env: env.close(), self.envs))
        finally:
            self._pool.shutdown(wait=True)
