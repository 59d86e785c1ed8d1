"""A fuzz corpus against the endpoint over real HTTP: malformed, huge, nested and unicode
queries, odd methods, headers, charsets and paths. No case may get a 500, and every
client error is answered in one line."""

from __future__ import annotations

import contextlib
import http.client
import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import quote, urlsplit

import pytest

from .conftest import Server

C5 = "https://w3id.org/itud-align/id/wsis/C5"


@dataclass(frozen=True)
class Case:
    """One request: method, path (with its query string), headers and body."""

    name: str
    method: str = "GET"
    path: str = "/sparql"
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""


def _get(query: str, extra: str = "") -> str:
    return "/sparql?query=" + quote(query, safe="") + extra


_QUERIES = [
    "",
    " ",
    "SELECT",
    "SELECT *",
    "SELECT * WHERE",
    "SELECT * WHERE {",
    "SELECT * WHERE }",
    "ASK {}",
    "ASK { ?s ?p ?o",
    "ASK { ?s ?p ?o }}",
    "ASK { ?s ?p 'unterminated }",
    'ASK { ?s ?p "x\n" }',
    "ASK { ?s ?p '''never closed }",
    "ASK { <not an iri> ?p ?o }",
    "ASK { ?s ?p ?o } LIMIT -1",
    "ASK { ?s ?p ?o } LIMIT 99999999999999999999999",
    "SELECT (1/0 AS ?x) {}",
    "SELECT (<http://x/fn>(1) AS ?x) {}",
    "SELECT * WHERE { BIND(xsd:integer('x') AS ?i) }",
    "SELECT * { ?s ?p ?o FILTER(regex(?o, '(((', 'i')) }",
    "SELECT * { BIND(STRDT('1', <http://www.w3.org/2001/XMLSchema#dateTime>) AS ?d) }",
    "CONSTRUCT WHERE { ?s ?p ?o } LIMIT 3",
    "DESCRIBE <" + C5 + ">",
    "DESCRIBE ?s WHERE { ?s ?p ?o } LIMIT 2",
    "SELECT * WHERE { ?s ?p ?o } ORDER BY",
    "SELECT ?x WHERE { ?s ?p ?o } GROUP BY ?s",
    "SELECT * WHERE { GRAPH <> { ?s ?p ?o } }",
    "SELECT * FROM <> WHERE { ?s ?p ?o }",
    "SELECT * FROM <http://ex/ünï> WHERE { ?s ?p ?o }",
    "SELECT * WHERE { ?s ?p 'ünïcödé 😀 \u202e' }",
    "SELECT * WHERE { ?s ?p '\ud7ff' }",
    "SELECT * WHERE { ?s ?p '\\uD800' }",
    "SELECT * WHERE { ?s ?p '\\U0010FFFF' }",
    "SELECT * WHERE { ?s ?p '\\U00110000' }",
    "ASK { ?s ?p ?o } # \u2028 }",
    "ASK\u00a0{ }",
    "ASK\x0b{}",
    "ASK { ?s ?p ?o \x01 }",
    "PREFIX : <http://e/> ASK { :a\\#b ?p ?o }",
    "PREFIX ex <http://e/> ASK {}",
    "BASE <relative> ASK { <x> ?p ?o }",
    "ASK { ?s <http://e/\\u0000> ?o }",
    "ASK { ?s ?p 1e999999 }",
    "SELECT * WHERE { ?s ?p ?o } OFFSET 99999999999",
    "SELECT (COUNT(*) AS ?n) { ?s ?p ?o } HAVING(?n > 'a')",
    "INSERT DATA { <a:a> <a:b> <a:c> }",
    "SERVICE",
    "SELECT * { SERVICE <http://127.0.0.1:1/> {} }",
    "LOAD <http://127.0.0.1:1/x>",
    "ASK { ?s ?p ?o FILTER(?o < <http://e/'#>) } # service",
    "SELECT * WHERE { VALUES ?x { " + " ".join(f"<http://e/{i}>" for i in range(2000)) + " } }",
    "SELECT * WHERE { ?s ?p (" + "1 " * 2000 + ") }",
]
_NESTING = {
    "braces": lambda n: "SELECT * WHERE " + "{" * n + " ?s ?p ?o " + "}" * n,
    "parens": lambda n: "SELECT * WHERE { FILTER(" + "(" * n + "1" + ")" * n + ") }",
    "union": lambda n: "SELECT * WHERE { " + " UNION ".join(["{ ?s ?p ?o }"] * n) + " }",
    "and": lambda n: "SELECT * WHERE { FILTER(" + " && ".join(["true"] * n) + ") }",
    "collections": lambda n: "SELECT * WHERE { ?s ?p " + "(" * n + "1" + ")" * n + " }",
    "bnodes": lambda n: "SELECT * WHERE { ?s ?p " + "[ ?p " * n + "1" + "]" * n + " }",
    "not": lambda n: "SELECT * WHERE { FILTER(" + "!" * n + "true) }",
    "paths": lambda n: "SELECT * WHERE { ?s " + "/".join(["<p>"] * n) + " ?o }",
    "optional": lambda n: "SELECT * WHERE { ?s ?p ?o " + " OPTIONAL { ?s ?p ?o }" * n + " }",
}
_CHARSETS = [
    "utf-8",
    "UTF-8",
    "utf-16",
    "latin-1",
    "iso-8859-15",
    "ascii",
    "base64",
    "rot13",
    "zlib",
    "idna",
    "hex",
    "bz2",
    "uu",
    "quopri",
    "punycode",
    "unicode_escape",
    "nonsense",
    "",
    "utf-8; q=1",
    '"utf-8"',
    "x" * 300,
]
_CONTENT_TYPES = [
    "application/sparql-query",
    "application/x-www-form-urlencoded",
    "multipart/form-data",
    "multipart/form-data; boundary=x",
    "text/plain",
    "application/json",
    "",
    "application/sparql-update",
    "application/sparql-query; charset",
    "application/x-www-form-urlencoded; charset=base64",
    "*/*",
    "application/sparql-query\x7f",
]
_ACCEPTS = [
    "*/*",
    "text/csv",
    "application/sparql-results+json",
    "text/turtle",
    "application/ld+json",
    "text/html",
    "application/xml;q=0.1, text/csv;q=abc",
    "garbage",
    "",
    ";;;",
    "*/*;q=-1",
    "text/*, application/*;q=0.9",
    "a" * 5000,
    "application/sparql-results+xml;q=1.0e9",
]
_PATHS = [
    "/sparql/",
    "/SPARQL",
    "/sparql%00",
    "/sparql;x",
    "/sparql/../sparql",
    "/%2e%2e/etc/passwd",
    "/id/../../etc/passwd",
    "/id/question/%ff%fe",
    "/id/",
    "/id/x/y/z/w",
    "/resource",
    "/resource?iri=",
    "/resource?iri=not%20an%20iri",
    "/resource?iri=" + quote(C5),
    "/resource?iri=%00",
    "/void",
    "/void?format=nonsense",
    "/dump?format=zzz",
    "/id/wsis/C5?format=%ff",
    "/id/wsis/C5?format=" + "x" * 500,
    "/sparql?query=%ff%fe%fd",
    "/sparql?query=%",
    "/sparql?query=%%%",
    "/sparql?format=" + "j" * 100,
    "/sparql?default-graph-uri=not%20an%20iri&query=ASK%7B%7D",
    "/sparql?named-graph-uri=%00&query=ASK%7B%7D",
    "/sparql?default-graph-uri=&query=ASK%7B%7D",
    "/sparql?default-graph-uri=http://ex/%3Cbad%3E&query=ASK%7B%7D",
    "/sparql?update=CLEAR%20ALL",
    "/sparql?query=ASK%7B%7D&query=SELECT",
    "/sparql?" + "a=b&" * 2000,
    "/" + "x" * 3000,
]
_METHODS = ["PUT", "DELETE", "PATCH", "TRACE", "CONNECT", "PROPFIND", "FOO", "OPTIONS", "HEAD", "get"]
_HEADERS = [
    {"Content-Length": "abc"},
    {"Content-Length": "-5"},
    {"Content-Length": "99999999999999999999"},
    {"Transfer-Encoding": "gzip"},
    {"Content-Encoding": "gzip"},
    {"Host": ""},
    {"Host": "a" * 2000},
    {"Accept-Charset": "base64"},
    {"Origin": "http://evil.example"},
    {"X-Forwarded-Host": "evil"},
    {"Cookie": "a=" + "b" * 4000},
    {"Accept-Language": "\u00e9\u00e9"},
    {"Range": "bytes=0-1"},
    {"If-None-Match": "*"},
    {"Expect": "100-continue"},
]


def corpus() -> Iterator[Case]:
    """Every case of the corpus (well over 300)."""
    for i, query in enumerate(_QUERIES):
        yield Case(f"get-{i}", path=_get(query))
        yield Case(f"body-{i}", "POST", headers={"Content-Type": "application/sparql-query"}, body=query.encode())
        yield Case(
            f"form-{i}",
            "POST",
            headers={"Content-Type": "application/x-www-form-urlencoded"},
            body=b"query=" + quote(query, safe="").encode(),
        )
    for (kind, make), depth in itertools.product(_NESTING.items(), (100, 600, 5000, 20_000)):
        text = make(depth).encode()
        yield Case(f"nested-{kind}-{depth}", "POST", headers={"Content-Type": "application/sparql-query"}, body=text)
    for size in (99_999, 100_001, 999_999, 1_000_001):
        yield Case(
            f"huge-{size}",
            "POST",
            headers={"Content-Type": "application/sparql-query"},
            body=b"ASK { " + b"a." * (size // 2) + b" }",
        )
    for charset in _CHARSETS:
        yield Case(
            f"charset-{charset[:20]}",
            "POST",
            headers={"Content-Type": f"application/sparql-query; charset={charset}"},
            body=b"ASK {}",
        )
    for content_type in _CONTENT_TYPES:
        yield Case(f"type-{content_type[:30]}", "POST", headers={"Content-Type": content_type}, body=b"query=ASK%7B%7D")
    for accept, query in itertools.product(_ACCEPTS, ("ASK {}", "CONSTRUCT WHERE { ?s ?p ?o } LIMIT 1")):
        yield Case(f"accept-{accept[:20]}", path=_get(query), headers={"Accept": accept})
    for path in _PATHS:
        yield Case(f"path-{path[:30]}", path=path)
        yield Case(f"path-html-{path[:30]}", path=path, headers={"Accept": "text/html"})
    for method in _METHODS:
        yield Case(f"method-{method}", method, path=_get("ASK {}"))
        yield Case(f"method-{method}-id", method, path="/id/wsis/C5")
    for i, headers in enumerate(_HEADERS):
        yield Case(
            f"headers-{i}", "POST", headers={"Content-Type": "application/sparql-query", **headers}, body=b"ASK {}"
        )
    for raw in (b"\xff\xfe\x00A\x00S\x00K", b"ASK {\x00}", b"\xc3\x28", b"\xed\xa0\x80", bytes(range(256))):
        yield Case(f"bytes-{raw[:4]!r}", "POST", headers={"Content-Type": "application/sparql-query"}, body=raw)
        yield Case(
            f"form-bytes-{raw[:4]!r}",
            "POST",
            headers={"Content-Type": "application/x-www-form-urlencoded"},
            body=b"query=" + raw,
        )
    boundary = "b0undary"
    for field_body in (b"ASK {}", b"\xff", b"A" * 1_100_000):
        body = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="query"\r\n\r\n'.encode()
            + field_body
            + f"\r\n--{boundary}--\r\n".encode()
        )
        yield Case(
            f"multipart-{len(field_body)}",
            "POST",
            headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
            body=body,
        )
    yield Case(
        "multipart-broken",
        "POST",
        headers={"Content-Type": "multipart/form-data; boundary=zz"},
        body=b"--zz\r\nnonsense",
    )


def send(server: Server, case: Case) -> tuple[int, str]:
    """Status and body text of one case, sent as written (no client-side fixing)."""
    netloc = urlsplit(server.url).netloc
    host, port = netloc.split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=30)
    try:
        conn.putrequest(case.method, case.path, skip_host="Host" in case.headers, skip_accept_encoding=True)
        for name, value in case.headers.items():
            conn.putheader(name, value.encode("latin-1", "replace"))
        if "Content-Length" not in case.headers and case.method in ("POST", "PUT", "PATCH"):
            conn.putheader("Content-Length", str(len(case.body)))
        conn.endheaders()
        if case.body and "Content-Length" not in case.headers:
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # refused unread: hung up
                conn.send(case.body)
        response = conn.getresponse()
        return response.status, response.read().decode("utf-8", "replace")
    finally:
        conn.close()


CASES = list(corpus())


def test_the_corpus_is_large() -> None:
    assert len(CASES) >= 300


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_no_case_gets_a_500(endpoint: Server, case: Case) -> None:
    status, text = send(endpoint, case)
    assert status < 500 or status == 503, (status, text[:300])
    # the endpoint's own answers are one line; other paths get Flask's pages (on the real
    # server, the dashboard's)
    if 400 <= status < 500 and case.method != "HEAD" and urlsplit(case.path).path == "/sparql":
        assert len(text.strip().splitlines()) <= 1, text[:300]
