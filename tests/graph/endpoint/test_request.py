"""Reading a request's form fields: the same fields as urllib's ``parse_qs``, the reference."""

from __future__ import annotations

import io
import random
from urllib.parse import parse_qs, quote_plus, urlencode

import pytest

from graph.endpoint.request import _fields, read_request

# pieces of form-encoded text: escapes well formed or not, in either case, of ASCII and of
# UTF-8 (whole, cut, invalid), signs with a meaning in URL or quoted-printable encoding, raw
# line ends, spaces before them, NUL and a non-ASCII character
ESCAPES = ["%", "%2", "%41", "%3d", "%3D", "%e9", "%C3%A9", "%C3", "%FF", "%00", "%0A", "%0D%0A", "%20", "%%"]
SIGNS = ["%G1", "%2G", "+", " ", "\n", "\r\n", "\r", "\t", "=", "&", "&&", "\\", "_", ";", "?", "#", "\x00", "é"]
QUOTED_PRINTABLE = ["=0A", "=\n", "=3D", "  \n", "%20\n", "%3D%0A"]
PIECES = ["q", "Z", "query", "update", *ESCAPES, *SIGNS, *QUOTED_PRINTABLE]


def corpus(size: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(PIECES) for _ in range(rng.randint(0, 14))) for _ in range(size)]


def test_fields_read_as_parse_qs_reads_them() -> None:
    texts = corpus(30_000, seed=15)
    differ = [t for t in texts if _fields(t) != parse_qs(t, errors="replace")]
    assert differ == []


@pytest.mark.parametrize(
    "text",
    [
        urlencode({"query": 'PREFIX ex: <http://example.org/#>\nSELECT * WHERE { ?s ?p "a=b & c%" }'}),
        urlencode({"query": 'SELECT ?x WHERE { ?x rdfs:label "réseau 网络"@fr }', "format": "json"}),
        "query=" + quote_plus("ASK {}") + "&default-graph-uri=" + quote_plus("http://example.org/g?a=1&b=2"),
        "query=%E9%ZZ",  # a malformed escape: kept as written
        "query=a%",  # a percent sign at the end
        "=nameless&novalue=&lone",  # a field with no name, one with no value, one with no '='
        "query=%C3",  # a cut UTF-8 sequence: the replacement character
    ],
)
def test_fields_of_typical_and_odd_forms(text: str) -> None:
    assert _fields(text) == parse_qs(text, errors="replace")


def test_a_posted_form_and_a_query_string_read_alike() -> None:
    query = 'PREFIX ex: <http://example.org/#>\nSELECT ?s WHERE { ?s ex:p "100% = ½" }'
    body = urlencode({"query": query, "named-graph-uri": "http://example.org/g"}).encode()
    posted = read_request(
        {
            "REQUEST_METHOD": "POST",
            "CONTENT_TYPE": "application/x-www-form-urlencoded",
            "CONTENT_LENGTH": str(len(body)),
            "wsgi.input": io.BytesIO(body),
        },
        max_body=10_000,
    )
    got = read_request({"REQUEST_METHOD": "GET", "QUERY_STRING": body.decode()}, max_body=10_000)
    assert posted.query == got.query == query
    assert posted.named_graphs == got.named_graphs == ["http://example.org/g"]
