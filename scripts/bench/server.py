"""A static server as a real one: gzip for text, keep-alive; it counts every byte it sends.

The browser's own count (CDP's Network events on the page) sees only the page's requests, not
what a Web Worker downloads (this project's search shards, Pagefind's worker and wasm): the
server sees every response, whoever asked. `Server.wire` logs each response's bytes as sent
(status line, headers and body, the body gzip-compressed where the browser accepts it);
`mark()` before a window and `since(mark)` after it give that window's bytes and requests.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import io
import os
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

TEXT_TYPES = (".html", ".js", ".css", ".json", ".svg", ".xml", ".mjs")


@dataclass(frozen=True)
class Sent:
    at: float  # time.monotonic() when the response was written
    path: str
    bytes: int


@dataclass(frozen=True)
class Window:
    bytes: int
    requests: int
    paths: list[str]


@dataclass
class Wire:
    """Every response the server wrote, in order."""

    sent: list[Sent] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, path: str, count: int) -> None:
        with self.lock:
            self.sent.append(Sent(time.monotonic(), path, count))

    def mark(self) -> int:
        with self.lock:
            return len(self.sent)

    def since(self, mark: int) -> Window:
        with self.lock:
            window = self.sent[mark:]
        return Window(sum(s.bytes for s in window), len(window), [s.path for s in window])


class _Counting(io.RawIOBase):
    """The handler's output, counted."""

    def __init__(self, inner):
        self.inner, self.count = inner, 0

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        written = self.inner.write(data)
        self.count += len(data) if written is None else written
        return len(data) if written is None else written

    def flush(self) -> None:
        self.inner.flush()


class _Handler(http.server.SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as any real server
    disable_nagle_algorithm = True  # headers and body are separate writes: no 40 ms delayed-ACK stall

    def __init__(self, *args, wire: Wire, cache: dict[str, bytes], **kwargs):
        self.wire, self.cache = wire, cache
        super().__init__(*args, **kwargs)

    def log_message(self, *args):
        pass

    def setup(self):
        super().setup()
        self.wfile = _Counting(self.wfile)

    def handle_one_request(self):
        before = self.wfile.count
        super().handle_one_request()
        if self.wfile.count > before:
            self.wire.record(getattr(self, "path", ""), self.wfile.count - before)

    def send_head(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            path = os.path.join(path, "index.html")
        if (
            not path.endswith(TEXT_TYPES)
            or not os.path.isfile(path)
            or "gzip" not in self.headers.get("Accept-Encoding", "")
        ):
            return super().send_head()
        body = self.cache.get(path)
        if body is None:
            body = self.cache[path] = gzip.compress(Path(path).read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


class _Threading(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # a search cancels what an older query still loads: the browser closes those connections
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@dataclass
class Server:
    httpd: http.server.ThreadingHTTPServer
    url: str  # http://127.0.0.1:PORT/
    wire: Wire

    def mark(self) -> int:
        return self.wire.mark()

    def since(self, mark: int) -> Window:
        return self.wire.since(mark)

    def shutdown(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def serve(directory: Path) -> Server:
    """Serve `directory` on 127.0.0.1 (a free port) from a background thread, counting what it sends."""
    wire = Wire()
    handler = functools.partial(_Handler, directory=str(directory), wire=wire, cache={})
    httpd = _Threading(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return Server(httpd, f"http://127.0.0.1:{httpd.server_address[1]}/", wire)
