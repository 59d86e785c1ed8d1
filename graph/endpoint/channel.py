"""The channel between the query pool and one worker: messages over a stream socket.

A message is a small pickled value (a job, a reply) with an optional body of raw bytes (the
serialized results), framed as two lengths, the pickle, then the body. Each message crosses
in one write and is read whole: the reader wakes once per reply, not once per part, and a
body is neither pickled nor copied again after the kernel's copy. This module imports
nothing but the standard library (the worker's side runs it too).
"""

from __future__ import annotations

import math
import pickle
import select
import socket
import struct
from typing import Any

__all__ = ["Channel"]

# the lengths of the pickled message and of the body
_HEAD = struct.Struct("!II")
# the longest wait poll(2) takes (a C int of milliseconds, about 24 days)
_LONGEST_POLL_MS = 2**31 - 1


class Channel:
    """One end of a worker's socket: :meth:`send` a message, :meth:`poll` for the next one,
    :meth:`receive` it. One thread uses an end at a time (the pool hands a worker to one query)."""

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self._ready = select.poll()
        self._ready.register(sock, select.POLLIN)

    def send(self, message: Any, body: bytes = b"") -> None:
        """Send ``message`` (pickled) and ``body`` (as is) in one write while they fit the
        socket's buffer."""
        pickled = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
        head = _HEAD.pack(len(pickled), len(body)) + pickled
        sent = self.sock.sendmsg([head, body])
        if sent < len(head):  # more than the buffer takes: the rest as the reader drains it
            self.sock.sendall(head[sent:])
            self.sock.sendall(body)
        elif sent < len(head) + len(body):
            self.sock.sendall(memoryview(body)[sent - len(head) :])

    def poll(self, timeout: float) -> bool:
        """Whether a message (or the end of the channel) can be read within ``timeout`` seconds."""
        milliseconds = min(max(0, math.ceil(timeout * 1000)), _LONGEST_POLL_MS)
        return bool(self._ready.poll(milliseconds))

    def receive(self) -> tuple[Any, bytes]:
        """The next message and its body (empty if none); EOFError once the other end closed."""
        pickled_size, body_size = _HEAD.unpack(self._exactly(_HEAD.size))
        message = pickle.loads(self._exactly(pickled_size))
        return message, self._exactly(body_size) if body_size else b""

    def _exactly(self, size: int) -> bytes:
        data = self.sock.recv(size, socket.MSG_WAITALL)
        while len(data) < size:  # the end of the channel (or a signal) cut the wait short
            more = self.sock.recv(size - len(data), socket.MSG_WAITALL)
            if not more:
                raise EOFError("the other end closed the channel")
            data += more
        return data

    def close(self) -> None:
        self.sock.close()
