"""Read a SPARQL protocol request from the WSGI environ: the query and its parameters, with
the body refused unread past its limit and every malformed part a 4xx with one line."""

from __future__ import annotations

import binascii
import codecs
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import parse_qs

import pyoxigraph as ox
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Request

from graph.errors import BadRequest, QueryRefused

if TYPE_CHECKING:
    from _typeshed.wsgi import WSGIEnvironment

__all__ = ["Params", "read_request"]

# charsets a query body may come in: text encodings only (not base64, rot13, zlib, idna, ...)
_TEXT_CHARSETS = (
    "utf-8",
    "utf-8-sig",
    "utf-16",
    "utf-16-le",
    "utf-16-be",
    "utf-32",
    "utf-32-le",
    "utf-32-be",
    "ascii",
    "latin-1",
    "iso8859-",
    "cp125",
    "mac-roman",
)


@dataclass(frozen=True)
class Params:
    """The protocol parameters of one request."""

    query: str | None
    default_graphs: list[str]
    named_graphs: list[str]
    format: str | None


# a percent sign that does not open an escape of two hex digits (urllib keeps it as written)
_LONE_PERCENT = re.compile(rb"%(?![0-9A-Fa-f]{2})")


def _unquote(part: bytes) -> str:
    """``part`` with its ``+`` read as spaces and its %XX escapes decoded, as UTF-8: by the
    quoted-printable decoder, in C, once every ``=`` is written as an escape and every
    ``%`` as ``=`` (urllib's decoder is a Python loop over the escapes)."""
    escaped = part.replace(b"=", b"=3D").replace(b"%", b"=").replace(b"+", b" ")
    return binascii.a2b_qp(escaped).decode("utf-8", errors="replace")


def _fields(encoded: str) -> dict[str, list[str]]:
    """The fields of a form-encoded string, as ``parse_qs(encoded, errors="replace")`` reads
    them (fields with no value left out). An ASCII string with well-formed escapes, what
    clients send, is decoded in C (:func:`_unquote`); anything else goes to urllib."""
    raw = encoded.encode("ascii") if encoded.isascii() else None
    if raw is None or _LONE_PERCENT.search(raw):
        return parse_qs(encoded, errors="replace")
    fields: dict[str, list[str]] = {}
    for pair in raw.split(b"&"):
        name, equals, value = pair.partition(b"=")
        if equals and value:
            fields.setdefault(_unquote(name), []).append(_unquote(value))
    return fields


def _too_large(limit: int) -> BadRequest:
    return BadRequest(
        413,
        f"the request body is over the limit of {limit:,} bytes; send a shorter "
        "query (the usual prefixes are predeclared)",
        close=True,
    )


def _body(environ: WSGIEnvironment, limit: int) -> bytes:
    """The request body; raises BadRequest (413, left unread) past ``limit`` bytes."""
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        raise BadRequest(400, "the Content-Length header is not a number", close=True) from None
    if length < 0:
        raise BadRequest(400, "the Content-Length header is negative", close=True)
    if length > limit:
        raise _too_large(limit)
    stream = environ["wsgi.input"]
    if length:
        return bytes(stream.read(length))
    if environ.get("wsgi.input_terminated"):  # a chunked body, no length given
        data = bytes(stream.read(limit + 1))
        if len(data) > limit:
            raise _too_large(limit)
        return data
    return b""


def _first(values: dict[str, list[str]], key: str) -> str | None:
    found = values.get(key)
    return found[0] if found else None


def _charset(content_type: str) -> str:
    """The charset a Content-Type names (UTF-8 when none); BadRequest (415) for one that is
    unknown or no text encoding."""
    for part in content_type.split(";")[1:]:
        name, _, value = part.partition("=")
        if name.strip().lower() != "charset":
            continue
        charset = value.strip().strip('"')
        try:
            known = codecs.lookup(charset).name
        except (LookupError, ValueError):
            known = ""
        if not known.startswith(_TEXT_CHARSETS):
            raise BadRequest(415, f"unsupported charset {charset[:40]!r}; send the query in UTF-8")
        return known
    return "utf-8"


def _graphs(name: str, values: list[str]) -> list[str]:
    """The graph IRIs of a ``default-graph-uri`` or ``named-graph-uri`` parameter, each checked."""
    for value in values:
        try:
            ox.NamedNode(value)
        except ValueError:
            raise BadRequest(400, f"{name} {value[:200]!r} is not an absolute IRI") from None
    return values


def read_request(environ: WSGIEnvironment, max_body: int) -> Params:
    """The query text and protocol parameters of a GET or POST; raises QueryRefused for an
    update and BadRequest for a body of the wrong type or size, or a bad parameter.

    Parsed straight from the WSGI environ (form bodies and query strings are small): a
    werkzeug request object costs a quick query a good part of its time. Multipart forms,
    rare here, go through werkzeug's parser.
    """
    args = _fields(environ.get("QUERY_STRING", ""))
    if "update" in args:
        raise QueryRefused("SPARQL update is refused: this endpoint is read-only")
    form: dict[str, list[str]] = {}
    query: str | None
    if environ["REQUEST_METHOD"] != "POST":
        query = _first(args, "query")
    else:
        content_type = environ.get("CONTENT_TYPE", "")
        mimetype = content_type.partition(";")[0].strip().lower()
        if mimetype == "application/sparql-update":
            raise QueryRefused("SPARQL update (application/sparql-update) is refused: this endpoint is read-only")
        if mimetype == "application/sparql-query":
            charset = _charset(content_type)
            query = _body(environ, max_body).decode(charset, errors="replace")
        elif mimetype == "application/x-www-form-urlencoded":
            form = _fields(_body(environ, max_body).decode("utf-8", errors="replace"))
            query = _first(form, "query")
        elif mimetype == "multipart/form-data":
            form = _multipart(environ, max_body)
            query = _first(form, "query")
        else:
            raise BadRequest(
                415,
                f"unsupported content type {mimetype[:80] or '(none)'}; send "
                "application/sparql-query or a form with query=",
                close=True,
            )
    if "update" in form:
        raise QueryRefused("SPARQL update is refused: this endpoint is read-only")
    if query is not None and "\x00" in query:
        raise BadRequest(400, "the query holds a NUL character")
    return Params(
        query,
        _graphs("default-graph-uri", args.get("default-graph-uri", []) + form.get("default-graph-uri", [])),
        _graphs("named-graph-uri", args.get("named-graph-uri", []) + form.get("named-graph-uri", [])),
        _first(args, "format") or _first(form, "format") or _first(args, "output") or _first(form, "output"),
    )


def _multipart(environ: WSGIEnvironment, max_body: int) -> dict[str, list[str]]:
    """The fields of a multipart form, through werkzeug's parser."""
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        raise BadRequest(400, "the Content-Length header is not a number", close=True) from None
    if length > max_body:
        raise _too_large(max_body)
    request = Request(environ)
    request.max_content_length = max_body
    try:
        return {key: request.form.getlist(key) for key in request.form}
    except HTTPException as err:
        raise BadRequest(err.code or 400, f"the form cannot be read: {err.description}", close=True) from None
