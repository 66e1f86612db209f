"""Gymnasium spaces for chat: the conversation, the offered tools, and what an assistant may answer.

Chat messages have optional fields (`tool_calls`, `tool_call_id`, `name`) and free-form JSON tool
schemas, which `spaces.Dict` (fixed keys) and `spaces.Text` (fixed charset) cannot express, so these
are custom `gymnasium.spaces.Space` subclasses: `contains` checks the OpenAI chat shape, `sample`
draws random values of that shape from the space's seeded generator. They are not numpy-flattenable;
a vector env batches them as `spaces.Tuple` (gymnasium's rule for custom spaces).
"""
from __future__ import annotations

import json
from typing import Any, Mapping

import numpy as np
from gymnasium import spaces

ROLES = ("system", "user", "assistant", "tool")
_ALPHABET = "abcdefghijklmnopqrstuvwxyz_0123456789 {}\":,[]"


def _random_text(rng: np.random.Generator, min_length: int = 0, max_length: int = 24) -> str:
    length = int(rng.integers(min_length, max_length + 1))
    return "".join(_ALPHABET[i] for i in rng.integers(0, len(_ALPHABET), size=length))


def _is_tool_call(call: Any) -> bool:
    if not isinstance(call, Mapping) or not isinstance(call.get("function"), Mapping):
        return False
    fn = call["function"]
    return isinstance(fn.get("name"), str) and isinstance(fn.get("arguments", ""), str) and isinstance(call.get("id", ""), str)


def is_message(message: Any) -> bool:
    """An OpenAI chat message: a role, text (or None) content, and for assistants optional tool calls."""
    if not isinstance(message, Mapping) or message.get("role") not in ROLES:
        return False
    content = message.get("content")
    if content is not None and not isinstance(content, str):
        return False
    calls = message.get("tool_calls")
    if calls is not None and (message["role"] != "assistant" or not isinstance(calls, list) or not all(_is_tool_call(c) for c in calls)):
        return False
    return all(isinstance(message.get(key, ""), str) for key in ("tool_call_id", "name"))


def _random_tool_call(rng: np.random.Generator, index: int) -> dict[str, Any]:
    arguments = {_random_text(rng, 1, 8): _random_text(rng) for _ in range(int(rng.integers(0, 3)))}
    if rng.random() < 0.2:
        encoded = _random_text(rng)  # not even JSON: a structure error for the env to report
    else:
        encoded = json.dumps(arguments)
    return {"id": f"call_{index}", "type": "function", "function": {"name": _random_text(rng, 1, 16), "arguments": encoded}}


def random_assistant_message(rng: np.random.Generator) -> dict[str, Any]:
    if rng.random() < 0.5:
        return {"role": "assistant", "content": _random_text(rng)}
    calls = [_random_tool_call(rng, i) for i in range(int(rng.integers(1, 3)))]
    return {"role": "assistant", "content": None, "tool_calls": calls}


class Conversation(spaces.Space):
    """A list of OpenAI chat messages (`observation["messages"]`)."""

    def __init__(self, max_messages: int | None = None, seed: int | np.random.Generator | None = None):
        self.max_messages = max_messages
        super().__init__(shape=None, dtype=None, seed=seed)

    @property
    def is_np_flattenable(self) -> bool:
        return False

    def contains(self, x: Any) -> bool:
        return isinstance(x, list) and (self.max_messages is None or len(x) <= self.max_messages) and all(is_message(m) for m in x)

    def sample(self, mask: Any = None, probability: Any = None) -> list[dict[str, Any]]:
        if mask is not None or probability is not None:
            raise NotImplementedError("Conversation.sample takes no mask")
        rng = self.np_random
        messages: list[dict[str, Any]] = [{"role": "system", "content": _random_text(rng)}, {"role": "user", "content": _random_text(rng)}]
        limit = 6 if self.max_messages is None else max(0, min(6, self.max_messages - 2))
        for _ in range(int(rng.integers(0, limit // 2 + 1))):
            action = random_assistant_message(rng)
            messages.append(action)
            for call in action.get("tool_calls") or []:
                messages.append({"role": "tool", "tool_call_id": call["id"], "name": call["function"]["name"], "content": _random_text(rng)})
        return messages[: self.max_messages] if self.max_messages is not None else messages

    def __eq__(self, other: Any) -> bool:
        return isinstance(other, Conversation) and other.max_messages == self.max_messages

    def __repr__(self) -> str:
        return f"Conversation(max_messages={self.max_messages})"

    def to_jsonable(self, sample_n: Any) -> list[Any]:
        return [list(sample) for sample in sample_n]

    def from_jsonable(self, sample_n: list[Any]) -> list[Any]:
        return [list(sample) for sample in sample_n]


def is_tool_spec(tool: Any) -> bool:
    """An OpenAI function tool: `{"type": "function", "function": {"name", "description"?, "parameters"}}`."""
    if not isinstance(tool, Mapping) or tool.get("type") != "function" or not isinstance(tool.get("function"), Mapping):
        return False
    fn = tool["function"]
    return isinstance(fn.get("name"), str) and isinstance(fn.get("description", ""), str) and isinstance(fn.get("parameters", {}), Mapping)


class ToolSpecs(spaces.Space):
    """The tools offered this episode (`observation["tools"]`), as OpenAI function specs with JSON Schema parameters."""

    def __init__(self, seed: int | np.random.Generator | None = None):
        super().__init__(shape=None, dtype=None, seed=seed)

    @property
    def is_np_flattenable(self) -> bool:
        return False

    def contains(self, x: Any) -> bool:
        return isinstance(x, list) and all(is_tool_spec(t) for t in x)

    def sample(self, mask: Any = None, probability: Any = None) -> list[dict[str, Any]]:
        if mask is not None or probability is not None:
            raise NotImplementedError("ToolSpecs.sample takes no mask")
        rng = self.np_random
        tools = []
        for _ in range(int(rng.integers(1, 5))):
            props = {_random_text(rng, 1, 8): {"type": "string"} for _ in range(int(rng.integers(0, 3)))}
            tools.append({"type": "function", "function": {"name": _random_text(rng, 1, 16), "description": _random_text(rng),
                                                           "parameters": {"type": "object", "properties": props, "required": sorted(props)}}})
        return tools

    def __eq__(self, other: Any) -> bool:
        return isinstance(other, ToolSpecs)

    def __repr__(self) -> str:
        return "ToolSpecs()"


class AssistantAction(spaces.Space):
    """What a chat model writes: an assistant message dict (OpenAI `tool_calls`), or text (xLAM JSON, ReAct).

    `sample()` gives random assistant messages: random text, or tool calls with random names and
    arguments, which the env answers with structure or tool-name errors (useful for fuzzing).
    """

    def __init__(self, seed: int | np.random.Generator | None = None):
        super().__init__(shape=None, dtype=None, seed=seed)

    @property
    def is_np_flattenable(self) -> bool:
        return False

    def contains(self, x: Any) -> bool:
        return isinstance(x, str) or (is_message(x) and x.get("role") == "assistant")

    def sample(self, mask: Any = None, probability: Any = None) -> dict[str, Any]:
        if mask is not None or probability is not None:
            raise NotImplementedError("AssistantAction.sample takes no mask")
        return random_assistant_message(self.np_random)

    def __eq__(self, other: Any) -> bool:
        return isinstance(other, AssistantAction)

    def __repr__(self) -> str:
        return "AssistantAction()"


def observation_space(max_messages: int | None = None) -> spaces.Dict:
    """`{"messages": Conversation, "tools": ToolSpecs}`."""
    return spaces.Dict({"messages": Conversation(max_messages), "tools": ToolSpecs()})
