"""A real HTTP server on 127.0.0.1 that answers as a ModernGov site would, for the tests and
the benchmarks: ``/mgWebService.asmx/METHOD?params`` answered by a function of the method
and its parameters. No mock: the harvester talks HTTP to it like to any site."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

XML = "text/xml; charset=utf-8"


@dataclass
class Reply:
    body: bytes = b""
    status: int = 200
    content_type: str = XML
    headers: dict[str, str] = field(default_factory=dict)


Route = Callable[[str, dict[str, str]], Reply]


class LocalSite:
    """``with LocalSite(route) as site:`` serves ``route(path, params)`` at ``site.url``.
    Every request's path and query is kept in ``site.requests``."""

    def __init__(self, route: Route):
        self.route = route
        self.requests: list[str] = []
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # headers and body go out at once

            def do_GET(self):
                site.requests.append(self.path)
                parts = urlsplit(self.path)
                reply = site.route(parts.path, dict(parse_qsl(parts.query)))
                self.send_response(reply.status)
                self.send_header("Content-Type", reply.content_type)
                headers = {"Content-Length": str(len(reply.body)), **reply.headers}
                if not headers["Content-Length"]:  # no length: the body ends with the connection
                    del headers["Content-Length"]
                    headers["Connection"] = "close"
                    self.close_connection = True
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(reply.body)

            def log_message(self, *args):
                pass

        self.server = _QuietServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> LocalSite:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        pass  # a client that hangs up on a kept-alive connection is not news


def method_of(path: str) -> str | None:
    """ "/mgWebService.asmx/GetMeeting" -> "GetMeeting"."""
    prefix = "/mgWebService.asmx/"
    return path[len(prefix) :] if path.startswith(prefix) else None


EMPTY_MEETINGS = (
    b'<?xml version="1.0" encoding="utf-8"?>\n<getmeetings>\n'
    b"  <meetingscount>0</meetingscount>\n</getmeetings>\n"
)
