"""Gymnasium's own checker on every env and split the server offers, with every warning an error."""
from __future__ import annotations

import json
import warnings

from gymnasium.utils.env_checker import check_env

import lamsim


def test_check_env_passes(server: lamsim.Server, env_split: tuple[str, str]) -> None:
    env_id, split = env_split
    env = lamsim.make(env_id, split=split, server=server, render_mode="ansi")
    try:
        assert env.unwrapped is env, "lamsim.make returns the env itself, not a wrapper"
        assert env.spec is not None and env.spec.id == f"lamsim/{env_id}"
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            # Also makes a new env per declared render mode and closes one twice (the env has a spec).
            check_env(env)
        obs, info = env.reset(seed=3)
        assert info["instance"]["split"] == split
        assert obs in env.observation_space
        assert isinstance(env.render(), str) and env_id in env.render()
        assert json.loads(env.render("json"))
        assert "<html" in env.render("html").lower()
    finally:
        env.close()
