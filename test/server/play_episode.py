#!/usr/bin/env python3
"""Play one KeyValue-v0 episode against `lamsim serve`, standard library only.

    npx lamsim --plugin test/fixtures/kv-plugin.ts serve --port 8765
    python3 test/server/play_episode.py http://127.0.0.1:8765 [seed]

The scripted policy reads only the observation: it takes the key from the question, reads it with
whichever read tool the episode offers, then gives the value it read as the final answer.
Step replies carry only the new messages (`observation.from` is where they start; `tools` only
when they changed): `advance` appends them to the transcript held here. Prints the last step's
result as one JSON line.
"""
import json
import re
import sys
import urllib.error
import urllib.request


def call(base, method, path, body=None, token=None):
    data = None if body is None else json.dumps(body).encode("utf-8")
    request = urllib.request.Request(base + path, data=data, method=method)
    request.add_header("Content-Type", "application/json")
    if token is not None:
        request.add_header("Authorization", "Bearer " + token)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.load(response)
    except urllib.error.HTTPError as failure:
        error = json.load(failure)["error"]
        raise SystemExit(f"{method} {path}: {failure.code} {error['code']}: {error['message']}")


def tool_call(step, name, arguments):
    return {
        "role": "assistant",
        "content": None,
        "tool_calls": [{"id": f"call_{step}", "type": "function",
                        "function": {"name": name, "arguments": json.dumps(arguments)}}],
    }


def policy(observation, step):
    messages = observation["messages"]
    last = messages[-1]
    if last["role"] == "tool" and last["content"].startswith("{"):
        output = json.loads(last["content"])
        value = output.get("value", output.get("result"))
        return tool_call(step, "Finish", {"answer": str(value)})
    question = next(m["content"] for m in messages if m["role"] == "user")
    key = re.search(r"\bkey_[0-9a-z]+_\d+\b", question).group(0)
    offered = {tool["function"]["name"] for tool in observation["tools"]}
    if "get_value" in offered:
        return tool_call(step, "get_value", {"key": key})
    return tool_call(step, "lookup_value", {"name": key})


def advance(observation, delta):
    """The whole observation after a step, from the one before and the reply's new messages."""
    start = delta["from"]
    if start > len(observation["messages"]):
        raise SystemExit(f"the reply continues at message {start}, but this client holds {len(observation['messages'])}")
    return {
        "messages": observation["messages"][:start] + delta["messages"],
        "tools": delta.get("tools", observation["tools"]),
    }


def main():
    base = sys.argv[1].rstrip("/")
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 0
    created = call(base, "POST", "/v1/sessions", {"env": "KeyValue-v0", "seed": seed})
    session, token = created["session"], created["token"]
    observation = created["observation"]
    result = None
    for step in range(1, created["spec"]["maxSteps"] + 1):
        result = call(base, "POST", f"/v1/sessions/{session}/step",
                      {"action": policy(observation, step)}, token)
        observation = advance(observation, result["observation"])
        if result["terminated"] or result["truncated"]:
            break
    call(base, "DELETE", f"/v1/sessions/{session}", token=token)
    print(json.dumps({
        "terminated": result["terminated"],
        "truncated": result["truncated"],
        "reward": result["reward"],
        "correct": result["info"].get("answer", {}).get("correct", False),
        "steps": result["info"]["step"],
    }))


if __name__ == "__main__":
    main()
