"""Text no database can store: a NUL character (U+0000) is refused at the edge (issue 16).

PostgreSQL cannot keep a NUL in a text or JSON column (every write or look-up holding one
answered 500) while SQLite keeps it, so one request got two answers by database.
``NulRefusalMiddleware`` refuses a NUL wherever a request carries text that may be stored or
looked up: the path, the query string (``%00``), any header, a JSON body (``\\u0000``, in a key or
a value, however deep), a urlencoded form (``%00``: the UI's log-in and register forms), and the
fields and part headers of a multipart form (its files are bytes and may hold anything). The
answer is one 422 problem, ``nul-character``, the same on every database, naming each place as a
validation error does (``body.resume.basics.name``, ``query.q``, ``header.idempotency-key``) but
never echoing the input. An imported file is another matter: its text loses its NULs silently,
as any reader's would (``tailorcv.ingest``, ``tailorcv.resume.model``).

Cost: a request pays a scan of its path, query string and headers (a microsecond or two). A
JSON or urlencoded body is held until complete (FastAPI reads it whole anyway) and searched for
the escape; only one that holds it is parsed, to name the place. A multipart body streams
through a second parser beside the application's, about 2 ms a megabyte.
"""

from __future__ import annotations

import json
from collections import deque
from itertools import chain
from typing import Any
from urllib.parse import parse_qsl

from python_multipart.multipart import MultipartParser, parse_options_header
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tailorcv.errors import BASE
from tailorcv.web.middleware import StreamedBody
from tailorcv.web.problems import problem

TYPE = BASE + "nul-character"
TITLE = "NUL character in text"
NAMED = "a NUL character (U+0000), which no text may hold; remove it and send again"
MESSAGE = "holds " + NAMED
NUL = "\x00"
# The escape a JSON text writes a NUL as (the raw byte is not JSON: the parser refuses it), and
# the percent-encoding a URL or a urlencoded form writes it as.
JSON_NUL = b"\\u0000"
URL_NUL = b"%00"
MAX_PLACES = 20  # named in one answer; a body full of them needs no more to be fixed

Place = dict[str, str]  # {"path": ..., "message": ...}, as in the validation errors


class NulRefusalMiddleware:
    """Answer 422 ``nul-character`` to a request whose text holds a NUL, before any route sees
    it; pass every other request on untouched (a held body is handed on as it came)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = scope["headers"]
        found = in_url(scope)
        if b"\0" in b"".join(chain.from_iterable(headers)):  # one scan in C, on every request
            found += in_headers(headers)
        if found:
            await refuse(scope, receive, send, found)
            return
        # The first Content-Type, as Starlette reads it (dict keeps the last of a repeated key).
        kind, options = body_kind(dict(reversed(headers)).get(b"content-type", b""))
        if kind == "multipart" and b"boundary" in options:
            await _Streamed(self.app, scope, receive, send, options).run()
        elif kind in ("json", "form"):
            await self._held(scope, receive, send, kind)
        else:
            await self.app(scope, receive, send)

    async def _held(self, scope: Scope, receive: Receive, send: Send, kind: str) -> None:
        """Read the whole body, look for a NUL, and hand the body on, or refuse it."""
        messages: list[Message] = []
        more = True
        while more:
            message = await receive()
            messages.append(message)
            more = message["type"] == "http.request" and message.get("more_body", False)
        if messages[-1]["type"] == "http.request":  # complete (else the client left, or the
            # body limit refused it: the application sees the same disconnect as before)
            body = b"".join(message.get("body", b"") for message in messages)
            found = in_json(body) if kind == "json" else in_form(body)
            if found:
                await refuse(scope, receive, send, found)
                return
            messages = [{"type": "http.request", "body": body, "more_body": False}]
        await self.app(scope, _replay(messages, receive), send)


def body_kind(content_type: bytes) -> tuple[str | None, dict[bytes, bytes]]:
    """``json``, ``form``, ``multipart`` or None (a body no route reads as text), with the
    media type's parameters; the same media types FastAPI and Starlette read as such."""
    if not content_type:
        return None, {}
    media, options = parse_options_header(content_type)
    if media == b"application/json" or (
        media.startswith(b"application/") and media.endswith(b"+json")
    ):
        return "json", options
    if media == b"application/x-www-form-urlencoded":
        return "form", options
    if media == b"multipart/form-data":
        return "multipart", options
    return None, options


def in_url(scope: Scope) -> list[Place]:
    """The path when it holds a NUL (``%00`` arrives decoded), and each query field that does."""
    found = [_place("path")] if NUL in scope["path"] else []
    query: bytes = scope.get("query_string", b"")
    if URL_NUL in query or NUL.encode() in query:
        found += _fields(query, "query")
    return found


def in_headers(headers: list[tuple[bytes, bytes]]) -> list[Place]:
    """Each header whose name or value holds a NUL (HTTP forbids it; a server may let it by)."""
    return [
        _place("header" if b"\0" in name else f"header.{name.decode('latin-1')}")
        for name, value in headers
        if b"\0" in value or b"\0" in name
    ]


def in_json(body: bytes) -> list[Place]:
    """Each key and string of a JSON body that holds a NUL; none for a body that is not JSON
    (the route refuses that itself). Parsed only when the escape, or a zero byte (UTF-16 and
    UTF-32 text is full of them), is there at all."""
    if JSON_NUL not in body and b"\0" not in body:
        return []
    try:
        data = json.loads(body)  # as Starlette's Request.json() reads it
    except (ValueError, RecursionError):
        return []
    return places(data, "body")


def in_form(body: bytes) -> list[Place]:
    """Each field of a urlencoded body whose name or value holds a NUL."""
    if URL_NUL not in body and b"\0" not in body:
        return []
    return _fields(body, "body")


def places(data: Any, root: str) -> list[Place]:
    """The paths under ``root`` of every string holding a NUL in ``data`` (a parsed JSON
    document), and of every object with such a key, in document order; walked without
    recursion, so that no nesting can exhaust the stack."""
    found: list[Place] = []
    stack: list[tuple[str, Any]] = [(root, data)]
    while stack and len(found) < MAX_PLACES:
        path, value = stack.pop()
        if isinstance(value, str):
            if NUL in value:
                found.append(_place(path))
        elif isinstance(value, dict):
            if any(NUL in key for key in value):
                found.append(_place(path, "a key holds " + NAMED))
            children = [(f"{path}.{key}", item) for key, item in value.items() if NUL not in key]
            stack.extend(reversed(children))
        elif isinstance(value, list):
            stack.extend(reversed([(f"{path}[{index}]", item) for index, item in enumerate(value)]))
    return found


def _fields(encoded: bytes, root: str) -> list[Place]:
    """The fields of a query string or urlencoded form holding a NUL in their name or value."""
    found = []
    text = encoded.decode("latin-1")  # every byte one character, %-escapes too: none is lost
    for name, value in parse_qsl(text, keep_blank_values=True, encoding="latin-1"):
        if NUL in name:
            found.append(_place(root, "a field name holds " + NAMED))
        elif NUL in value:
            found.append(_place(f"{root}.{_readable(name)}"))
    return found[:MAX_PLACES]


def _readable(name: str) -> str:
    """A field name as UTF-8 text (``_fields`` read its bytes as Latin-1)."""
    return name.encode("latin-1").decode("utf-8", "replace")


def _place(path: str, message: str = MESSAGE) -> Place:
    return {"path": path, "message": message}


async def refuse(scope: Scope, receive: Receive, send: Send, found: list[Place]) -> None:
    """Send the 422 problem naming every place (up to ``MAX_PLACES``)."""
    errors = found[:MAX_PLACES]
    detail = "; ".join(f"{error['path']}: {error['message']}" for error in errors)
    instance = scope["path"].replace(NUL, "%00")
    response = problem(422, TYPE, TITLE, detail, instance, errors=errors)
    await response(scope, receive, send)


def _replay(messages: list[Message], receive: Receive) -> Receive:
    """A ``receive`` that gives ``messages`` first, then whatever the client sends next."""
    pending = deque(messages)

    async def replayed() -> Message:
        return pending.popleft() if pending else await receive()

    return replayed


class _Parts:
    """Follows a multipart body as it streams, noting each part whose headers hold a NUL and each
    field (a part that is not a file) whose text does. A body it cannot parse is left to the
    application, which says what is wrong with it."""

    def __init__(self, options: dict[bytes, bytes]) -> None:
        self.charset = options.get(b"charset", b"utf-8").decode("latin-1")
        self.found: list[Place] = []
        self.broken = False
        self._header = [b"", b""]  # the name and value of the header being read
        self._disposition = b""
        self._nul_in_headers = False
        self._field: str | None = None  # the name of the field being read; None in a file
        self._data = bytearray()
        callbacks: Any = {
            "on_part_begin": self._begin,
            "on_header_field": lambda data, start, end: self._read(0, data[start:end]),
            "on_header_value": lambda data, start, end: self._read(1, data[start:end]),
            "on_header_end": self._header_end,
            "on_headers_finished": self._headers_finished,
            "on_part_data": self._part_data,
            "on_part_end": self._part_end,
        }
        self.parser = MultipartParser(options[b"boundary"], callbacks)

    def feed(self, chunk: bytes) -> None:
        if self.broken or not chunk:
            return
        try:
            self.parser.write(chunk)
        except Exception:  # python-multipart raises several kinds; the application's parser
            self.broken = True  # meets the same bytes and answers for them

    def _begin(self) -> None:
        self._disposition = b""
        self._nul_in_headers = False
        self._field = None
        self._data.clear()

    def _read(self, which: int, data: bytes) -> None:
        self._header[which] += data

    def _header_end(self) -> None:
        name, value = self._header
        self._nul_in_headers |= b"\0" in name or b"\0" in value
        if name.lower() == b"content-disposition":
            self._disposition = value
        self._header = [b"", b""]

    def _headers_finished(self) -> None:
        _kind, options = parse_options_header(self._disposition)
        name = self._decode(options.get(b"name", b""))
        if self._nul_in_headers:
            where = "body" if NUL in name else f"body.{name}"
            self.found.append(_place(where, "a part header holds " + NAMED))
        elif b"filename" not in options:
            self._field = name

    def _part_data(self, data: bytes, start: int, end: int) -> None:
        if self._field is not None:
            self._data += data[start:end]

    def _part_end(self) -> None:
        if self._field is not None and NUL in self._decode(self._data):
            self.found.append(_place(f"body.{self._field}"))
        self._field = None
        self._data.clear()

    def _decode(self, data: bytes | bytearray) -> str:
        """As Starlette decodes a form's text: in its charset, else as Latin-1."""
        try:
            return bytes(data).decode(self.charset)
        except (UnicodeDecodeError, LookupError):
            return bytes(data).decode("latin-1")


class _Streamed(StreamedBody):
    """One multipart request whose parts are checked as the application reads them: at the
    first NUL the 422 goes out (``StreamedBody`` says the rest)."""

    def __init__(
        self, app: ASGIApp, scope: Scope, receive: Receive, send: Send, options: dict[bytes, bytes]
    ) -> None:
        super().__init__(app, scope, receive, send)
        self.parts = _Parts(options)

    def objects(self, chunk: bytes) -> bool:
        self.parts.feed(chunk)
        return bool(self.parts.found)

    async def answer(self) -> None:
        await refuse(self.scope, self.receive, self.send, self.parts.found)
