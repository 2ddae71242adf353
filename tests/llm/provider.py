"""A local OpenAI-compatible server, scripted per test, that the product's real client talks to.

``/v1/chat/completions`` answers the capability probes by what the scripted provider supports
(JSON-schema output, tool calls, streaming), and every other request with the next scripted
``Reply``: an answer (as message text, or as a tool call when the request asked for one), an error
status with headers (429 with ``Retry-After``), a delay, or a dropped connection (the response is
started and the connection closed half-way). Each non-probe request body is recorded.

A raw ASGI app rather than a framework's, so that a dropped connection is really dropped.
"""

from __future__ import annotations

import asyncio
import json
import socket
import threading
import time
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import uvicorn

Scope = dict[str, Any]


@dataclass
class Reply:
    content: str = ""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    drop: bool = False


def answer(data: Any, **kwargs: Any) -> Reply:
    """A reply whose content is ``data`` as JSON."""
    return Reply(json.dumps(data), **kwargs)


@dataclass
class Provider:
    """What the server does; change it between requests as a test goes."""

    json_schema: bool = True
    tools: bool = True
    streaming: bool = True
    replies: deque[Reply] = field(default_factory=deque)
    default: Reply | None = None  # when the script runs out
    requests: list[dict[str, Any]] = field(default_factory=list)
    probes: int = 0
    url: str = ""

    def script(self, *replies: Reply) -> None:
        self.replies.extend(replies)

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        request = json.loads(body or b"{}")
        if _is_probe(request):
            self.probes += 1
            await self._probe(request, send)
            return
        self.requests.append(request)
        reply = self.replies.popleft() if self.replies else self.default
        if reply is None:
            await _send(send, 500, {"error": {"message": "no scripted reply"}})
            return
        if reply.delay:
            await asyncio.sleep(reply.delay)
        if reply.drop:
            await send(_start(200, {"content-length": "5000"}))
            await send({"type": "http.response.body", "body": b'{"id": "', "more_body": True})
            raise ConnectionAbortedError("dropped on purpose")
        if reply.status != 200:
            error = {"error": {"message": reply.content or "scripted failure", "type": "x"}}
            await _send(send, reply.status, error, reply.headers)
            return
        await _send(send, 200, _completion(request, reply.content), reply.headers)

    async def _probe(self, request: dict[str, Any], send: Any) -> None:
        if request.get("stream"):
            if not self.streaming:
                await _send(send, 400, {"error": {"message": "stream not supported"}})
                return
            chunk = {
                "id": "c",
                "object": "chat.completion.chunk",
                "created": 0,
                "model": request.get("model", "m"),
                "choices": [{"index": 0, "delta": {"content": "{"}, "finish_reason": None}],
            }
            data = f"data: {json.dumps(chunk)}\n\ndata: [DONE]\n\n".encode()
            await send(_start(200, {"content-type": "text/event-stream"}))
            await send({"type": "http.response.body", "body": data})
            return
        supported = self.tools if request.get("tools") else self.json_schema
        if not supported:
            await _send(send, 400, {"error": {"message": "that feature is not supported"}})
            return
        await _send(send, 200, _completion(request, '{"ok": true}'))


def _is_probe(request: dict[str, Any]) -> bool:
    schema = (request.get("response_format") or {}).get("json_schema") or {}
    tools = request.get("tools") or [{}]
    name = tools[0].get("function", {}).get("name")
    return bool(request.get("stream")) or schema.get("name") == "probe" or name == "probe"


def _completion(request: dict[str, Any], content: str) -> dict[str, Any]:
    message: dict[str, Any] = {"role": "assistant", "content": content}
    if request.get("tools"):
        name = request["tools"][0]["function"]["name"]
        message = {
            "role": "assistant",
            "content": None,
            "tool_calls": [
                {
                    "id": "call_1",
                    "type": "function",
                    "function": {"name": name, "arguments": content},
                }
            ],
        }
    prompt = sum(len(str(m.get("content") or "")) for m in request.get("messages", [])) // 4
    return {
        "id": "chatcmpl-1",
        "object": "chat.completion",
        "created": 0,
        "model": request.get("model", "m"),
        "choices": [{"index": 0, "message": message, "finish_reason": "stop"}],
        "usage": {
            "prompt_tokens": prompt,
            "completion_tokens": len(content) // 4,
            "total_tokens": prompt + len(content) // 4,
        },
    }


def _start(status: int, headers: dict[str, str]) -> dict[str, Any]:
    pairs = [(k.encode(), v.encode()) for k, v in headers.items()]
    if not any(k == b"content-type" for k, _ in pairs):
        pairs.append((b"content-type", b"application/json"))
    return {"type": "http.response.start", "status": status, "headers": pairs}


async def _send(send: Any, status: int, data: Any, headers: dict[str, str] | None = None) -> None:
    body = json.dumps(data).encode()
    await send(_start(status, {**(headers or {}), "content-length": str(len(body))}))
    await send({"type": "http.response.body", "body": body})


@contextmanager
def serving(provider: Provider) -> Iterator[Provider]:
    """``provider`` served on a free loopback port (``provider.url`` is its ``/v1`` base URL)."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(
        provider, log_level="critical", lifespan="off", ws="none", timeout_graceful_shutdown=1
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline, "the provider did not start"
        time.sleep(0.01)
    provider.url = f"http://127.0.0.1:{port}/v1"
    try:
        yield provider
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()
