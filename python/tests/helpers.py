"""Actions a test can build from an observation, without reading the instance's solution."""
from __future__ import annotations

import json
from typing import Any


def tool_call(name: str, arguments: dict[str, Any], call_id: str = "call_0") -> dict[str, Any]:
    return {"role": "assistant", "content": None,
            "tool_calls": [{"id": call_id, "type": "function", "function": {"name": name, "arguments": json.dumps(arguments)}}]}


def probing_actions(observation: dict[str, Any]) -> list[Any]:
    """One call per offered tool with a string for each required argument, then a wrong answer: every action layer gets exercised."""
    actions: list[Any] = ["not a tool call at all", tool_call("no_such_tool", {})]
    for i, tool in enumerate(observation["tools"]):
        fn = tool["function"]
        if fn["name"] in ("Finish", "respond"):
            continue
        required = fn.get("parameters", {}).get("required", [])
        actions.append(tool_call(fn["name"], {name: "x" for name in required}, f"call_{i}"))
    names = {tool["function"]["name"] for tool in observation["tools"]}
    if "Finish" in names:
        actions.append(tool_call("Finish", {"return_type": "give_answer", "final_answer": "42"}))
    elif "respond" in names:
        actions.append(tool_call("respond", {"content": "42"}))
    return actions
