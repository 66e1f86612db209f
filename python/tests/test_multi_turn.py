"""Multi-turn episodes through the Python client: a plain assistant message talks to the simulated user, `info["user"]` reports its turn."""
from __future__ import annotations

import lamsim
from lamsim.stable_json import stable_json

ASKS = ["Hmm, let me think for a moment.", "Which city, club, artist, company or topic do you mean?", "Could you tell me the number of days, the currency and the league?"]


def talk(env, seed: int) -> list[str]:
    obs, info = env.reset(seed=seed)
    lines = [stable_json(obs["messages"])]
    for text in ASKS:
        obs, reward, terminated, truncated, info = env.step({"role": "assistant", "content": text})
        user = info["user"]
        assert obs["messages"][-1] == {"role": "user", "content": user["reply"]}
        assert user["penalty"] in (None, "redundantQuestion", "unneededQuestion")
        assert (reward < 0) == (user["penalty"] is not None)
        assert not terminated and not truncated
        lines.append(stable_json([obs["messages"][-1], reward, info["user"]]))
    return lines


def test_plain_messages_reach_the_user_deterministically(server: lamsim.Server) -> None:
    first = lamsim.make("ToolBench-v0", split="multi-turn", server=server)
    second = lamsim.make("ToolBench-v0", split="multi-turn", server=server)
    try:
        for seed in (0, 3, 11):
            assert talk(first, seed) == talk(second, seed)
        first.reset(seed=5)
        _, reward, _, _, info = first.step({"role": "assistant", "content": ASKS[0]})
        assert info["user"]["penalty"] == "unneededQuestion" and reward < 0
    finally:
        first.close()
        second.close()


def test_snapshot_mid_conversation(server: lamsim.Server) -> None:
    env = lamsim.make("ToolBench-v0", split="multi-turn", server=server)
    try:
        env.reset(seed=7)
        env.step({"role": "assistant", "content": ASKS[1]})
        snapshot = env.unwrapped.snapshot()
        after = env.step({"role": "assistant", "content": ASKS[2]})
        env.unwrapped.restore(snapshot)
        again = env.step({"role": "assistant", "content": ASKS[2]})
        assert stable_json(after[4]["user"]) == stable_json(again[4]["user"])
    finally:
        env.close()
