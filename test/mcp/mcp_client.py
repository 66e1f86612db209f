"""Plays a lamsim episode with the official Python MCP client and prints what it saw as one JSON line.

    python mcp_client.py http URL TOKEN   < plan.json
    python mcp_client.py stdio COMMAND ARG... < plan.json

plan.json: {"calls": [{"name": ..., "arguments": {...}}, ...], "after": {"name": ..., "arguments": {...}}}
The calls are played in order; "after" is called once the episode is over and must fail. Over HTTP,
the same endpoint is then tried with a wrong token.
"""

import json
import sys

import anyio
from mcp import ClientSession, StdioServerParameters, stdio_client
from mcp.client.streamable_http import streamable_http_client
from mcp.shared._httpx_utils import create_mcp_http_client


def describe(error: BaseException) -> str:
    """The message of an error, unwrapping the exception groups anyio raises from task groups."""
    while isinstance(error, BaseExceptionGroup) and len(error.exceptions) == 1:
        error = error.exceptions[0]
    return f"{type(error).__name__}: {error}"


async def play(session: ClientSession, plan: dict) -> dict:
    init = await session.initialize()
    tools = await session.list_tools()
    prompt = await session.get_prompt("task")
    results = []
    for call in plan["calls"]:
        result = await session.call_tool(call["name"], call["arguments"])
        results.append(
            {"isError": bool(result.is_error), "text": "\n".join(c.text for c in result.content if c.type == "text")}
        )
    try:
        await session.call_tool(plan["after"]["name"], plan["after"]["arguments"])
        after = None
    except Exception as error:  # the MCP error the server answered
        after = describe(error)
    return {
        "server": init.server_info.name,
        "instructions": init.instructions,
        "tools": [{"name": t.name, "description": t.description, "inputSchema": t.input_schema} for t in tools.tools],
        "prompt": [m.content.text for m in prompt.messages],
        "results": results,
        "after": after,
    }


async def over_http(url: str, token: str, plan: dict) -> dict:
    http = create_mcp_http_client(headers={"Authorization": f"Bearer {token}"})
    async with http, streamable_http_client(url, http_client=http) as (read, write), ClientSession(read, write) as session:
        report = await play(session, plan)
    wrong = create_mcp_http_client(headers={"Authorization": "Bearer not-the-token"})
    try:
        with anyio.fail_after(20):
            async with wrong, streamable_http_client(url, http_client=wrong) as (read, write), ClientSession(read, write) as session:
                await session.initialize()
        report["wrongToken"] = None
    except BaseException as error:  # noqa: BLE001 - reported to the test as text
        report["wrongToken"] = describe(error)
    return report


async def over_stdio(command: str, args: list, plan: dict) -> dict:
    params = StdioServerParameters(command=command, args=args)
    async with stdio_client(params) as (read, write), ClientSession(read, write) as session:
        return await play(session, plan)


def main() -> None:
    mode = sys.argv[1]
    plan = json.load(sys.stdin)
    if mode == "http":
        report = anyio.run(over_http, sys.argv[2], sys.argv[3], plan)
    else:
        report = anyio.run(over_stdio, sys.argv[2], sys.argv[3:], plan)
    print(json.dumps(report))


if __name__ == "__main__":
    main()
