"""`mus-coach mcp` over stdio: the SDK's client, and a plain JSON-RPC client on the pipes."""

from __future__ import annotations

import json
import selectors
import subprocess
import time
from pathlib import Path
from typing import Any

import anyio
from mcp import Client, StdioServerParameters

from tests.support.mcp import MUS_COACH, child_env, validate

GOAL = {"goal": "Tage et kursus i Excel inden 1. juni 2026", "today": "2026-01-05"}
SECRET = "Karen Sørensen er doven"


def test_the_sdk_client_over_a_stdio_subprocess(tmp_path: Path) -> None:
    params = StdioServerParameters(command=str(MUS_COACH), args=["mcp"],
                                   env=child_env(tmp_path / "data"))

    async def session() -> tuple[Any, Any, Any]:
        async with Client(params) as client:
            listed = {t.name: t for t in (await client.list_tools()).tools}
            goal = await client.call_tool("check_goal", GOAL)
            search = await client.call_tool("search_guidance", {"q": "SMART-mål", "k": 2})
            return listed, goal, search

    listed, goal, search = anyio.run(session)
    assert set(listed) >= {"analyze_feedback", "check_goal", "search_guidance"}
    for name, result in (("check_goal", goal), ("search_guidance", search)):
        assert not result.is_error, result.content
        validate(listed[name].output_schema, result.structured_content)
    assert goal.structured_content["deadline"] == "2026-06-01"


class Pipe:
    """A JSON-RPC 2.0 client on a child's stdin/stdout, one message per line."""

    def __init__(self, proc: subprocess.Popen[bytes]) -> None:
        assert proc.stdin is not None and proc.stdout is not None
        self.proc, self.stdin, self.stdout = proc, proc.stdin, proc.stdout
        self.selector = selectors.DefaultSelector()
        self.selector.register(self.stdout, selectors.EVENT_READ)
        self.lines: list[str] = []

    def send(self, message: dict[str, Any]) -> None:
        self.stdin.write(json.dumps(message).encode() + b"\n")
        self.stdin.flush()

    def receive(self, timeout: float = 60) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.selector.select(timeout=0.5):
                line = self.stdout.readline().decode()
                assert line, "the server closed stdout"
                self.lines.append(line)
                message: dict[str, Any] = json.loads(line)  # stdout carries only JSON-RPC
                return message
        raise TimeoutError("no answer from mus-coach mcp")

    def request(self, rid: int, method: str, params: dict[str, Any] | None = None
                ) -> dict[str, Any]:
        self.send({"jsonrpc": "2.0", "id": rid, "method": method, **({"params": params}
                                                                        if params else {})})
        answer = self.receive()
        assert answer["id"] == rid and "error" not in answer, answer
        result: dict[str, Any] = answer["result"]
        return result


def test_a_plain_json_rpc_client_initializes_lists_and_calls_check_goal(tmp_path: Path) -> None:
    proc = subprocess.Popen([str(MUS_COACH), "mcp"], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env=child_env(tmp_path / "data", COACH_LOG_LEVEL="DEBUG"))
    try:
        pipe = Pipe(proc)
        init = pipe.request(1, "initialize", {
            "protocolVersion": "2025-06-18", "capabilities": {},
            "clientInfo": {"name": "plain-json-rpc", "version": "1"}})
        assert init["protocolVersion"] == "2025-06-18"
        assert init["serverInfo"]["name"] == "mus-coach" and "tools" in init["capabilities"]
        pipe.send({"jsonrpc": "2.0", "method": "notifications/initialized"})
        tools = {t["name"]: t for t in pipe.request(2, "tools/list")["tools"]}
        schema = tools["check_goal"]["outputSchema"]
        goal = tools["check_goal"]["inputSchema"]["properties"]["goal"]
        assert goal["x-trimmed-max-length"] == 4000

        result = pipe.request(3, "tools/call", {"name": "check_goal", "arguments": GOAL})
        assert result["isError"] is False
        validate(schema, result["structuredContent"])
        assert result["structuredContent"]["deadline"] == "2026-06-01"
        assert json.loads(result["content"][0]["text"]) == result["structuredContent"]

        refused = pipe.request(4, "tools/call", {"name": "analyze_feedback",
                                                 "arguments": {"text": SECRET, "language": "de"}})
        assert refused["isError"] is True
        assert "language: use 'da' or 'en'" in refused["content"][0]["text"]
        pipe.request(5, "tools/call", {"name": "rephrase_feedback",
                                       "arguments": {"text": SECRET, "names": ["Karen"]}})
    finally:
        assert proc.stdin is not None
        proc.stdin.close()  # end of input ends the server
        returncode = proc.wait(timeout=30)
        stderr = proc.stderr.read().decode() if proc.stderr else ""
    assert returncode == 0, stderr
    assert len(pipe.lines) == 5  # one line per answer, nothing else on stdout
    logs = [json.loads(line) for line in stderr.splitlines() if line.strip()]
    assert any(ln["msg"].startswith("knowledge index ready") for ln in logs)  # JSON on stderr
    for fragment in ("Karen", "Sørensen", "S\\u00f8rensen", "doven"):
        assert fragment not in stderr


def test_a_broken_data_file_stops_mus_coach_mcp_before_it_serves(tmp_path: Path) -> None:
    lexicon = tmp_path / "lexicon.yaml"
    lexicon.write_text("labels: [unclosed\n", encoding="utf-8")
    done = subprocess.run([str(MUS_COACH), "mcp"], input=b"", capture_output=True, timeout=60,
                          env=child_env(tmp_path / "data", COACH_FEEDBACK_LEXICON=str(lexicon)))
    assert done.returncode == 2 and done.stdout == b""
    assert "lexicon.yaml" in done.stderr.decode()
