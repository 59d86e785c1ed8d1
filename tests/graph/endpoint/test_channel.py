"""The pool-worker channel: messages with raw bodies, whole, over a stream socket."""

from __future__ import annotations

import socket
import threading

import pytest

from graph.endpoint.channel import Channel


def _pair(buffer: int | None = None) -> tuple[Channel, Channel]:
    ours, theirs = socket.socketpair()
    if buffer:
        for end in (ours, theirs):
            end.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, buffer)
            end.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, buffer)
    return Channel(ours), Channel(theirs)


def test_a_message_and_its_body_arrive_whole() -> None:
    pool, worker = _pair()
    assert not pool.poll(0)
    assert not pool.poll(0.01)
    worker.send(("ok", "SELECT", 2, False), b'{"head":{}}')
    worker.send(("error", "no body"))
    assert pool.poll(1)
    assert pool.receive() == (("ok", "SELECT", 2, False), b'{"head":{}}')
    assert pool.receive() == (("error", "no body"), b"")


def test_a_body_larger_than_the_socket_buffer_arrives_whole() -> None:
    pool, worker = _pair(buffer=16_384)
    body = bytes(range(256)) * 4_000  # about 1 MB: the sender waits while the reader drains
    sender = threading.Thread(target=worker.send, args=({"rows": 3}, body))
    sender.start()
    message, received = pool.receive()
    sender.join()
    assert message == {"rows": 3}
    assert received == body


def test_a_closed_end_is_seen_and_raises_eof() -> None:
    pool, worker = _pair()
    worker.close()
    assert pool.poll(1e12)  # the end of the channel wakes a waiting pool too; any limit is a valid wait
    with pytest.raises(EOFError):
        pool.receive()
