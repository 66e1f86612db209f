"""The vector env: gymnasium.vector's API, sessions stepped concurrently, the same results as single envs."""
from __future__ import annotations

import numpy as np
import gymnasium as gym

import lamsim
from lamsim.stable_json import stable_json
from helpers import tool_call

GIVE_UP = tool_call("Finish", {"return_type": "give_up_and_restart"})


def test_vector_env_matches_single_envs_and_autoresets(server: lamsim.Server) -> None:
    envs = lamsim.make_vec("ToolBench-v0", 3, split="train", server=server)
    singles = [lamsim.make("ToolBench-v0", split="train", server=server) for _ in range(3)]
    try:
        assert isinstance(envs, gym.vector.VectorEnv)
        assert envs.metadata["autoreset_mode"] == gym.vector.AutoresetMode.NEXT_STEP
        obs, infos = envs.reset(seed=10)
        assert obs in envs.observation_space
        assert list(infos["instance"]["seed"]) == [10, 11, 12]
        single_obs = [env.reset(seed=10 + i)[0] for i, env in enumerate(singles)]
        assert [stable_json(m) for m in obs["messages"]] == [stable_json(o["messages"]) for o in single_obs]
        envs.action_space.seed(3)
        actions = envs.action_space.sample()
        assert len(actions) == 3
        obs, rewards, terminations, truncations, infos = envs.step(actions)
        expected = [env.step(a) for env, a in zip(singles, actions)]
        assert rewards.dtype == np.float64 and list(rewards) == [e[1] for e in expected]
        assert [stable_json(m) for m in obs["messages"]] == [stable_json(e[0]["messages"]) for e in expected]
        assert infos["action"]["errorClass"].shape == (3,) and infos["_action"].all()
        # env 1 gives up: it terminates now and is reset by the next step, the others keep going
        obs, rewards, terminations, truncations, infos = envs.step([actions[0], GIVE_UP, actions[2]])
        assert list(terminations) == [False, True, False]
        assert infos["_answer"].tolist() == [False, True, False]
        obs, rewards, terminations, truncations, infos = envs.step([actions[0], actions[1], actions[2]])
        assert rewards[1] == 0.0 and not terminations[1]
        assert len(obs["messages"][1]) == 2 and infos["tallies"]["steps"][1] == 0
        assert obs in envs.observation_space
    finally:
        envs.close()
        for env in singles:
            env.close()


def test_gymnasium_sync_vector_env_and_make_vec_accept_lamsim_envs(server: lamsim.Server) -> None:
    sync = gym.vector.SyncVectorEnv([lambda: lamsim.make("CRMArena-v0", split="explore", server=server) for _ in range(2)])
    try:
        obs, _ = sync.reset(seed=1)
        assert len(obs["messages"]) == 2 and obs in sync.observation_space
        obs, rewards, *_ = sync.step(sync.action_space.sample())
        assert rewards.shape == (2,)
    finally:
        sync.close()
    lamsim.register_envs(server)
    vec = gym.make_vec("lamsim/ToolBench-v0", num_envs=2, vectorization_mode="vector_entry_point", server=server.url, split="unseen-tool")
    try:
        _, infos = vec.reset(seed=0)
        assert list(infos["instance"]["split"]) == ["unseen-tool", "unseen-tool"]
    finally:
        vec.close()
