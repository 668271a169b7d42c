"""Serving the review page with uvicorn: on 127.0.0.1 by default, a port already in use or
a host that cannot be bound refused in one line before the server starts."""

from __future__ import annotations

import errno
import socket
from collections.abc import Callable

from toolkit.errors import ConfigError
from toolkit.review.app import create_app
from toolkit.review.folder import ReviewFolder


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on ``host:port`` (port 0: a free one); ``ConfigError`` when the
    port is in use or the host cannot be bound."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        raise ConfigError(f"cannot serve on {host}: {exc.strerror}") from None
    family, kind, proto, _, address = infos[0]
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(address)
        sock.listen(64)
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise ConfigError(
                f"port {port} on {host} is in use; pass another {{option:port}}"
            ) from None
        raise ConfigError(f"cannot serve on {host}:{port} ({exc.strerror})") from None
    return sock


def serve(
    review: ReviewFolder,
    host: str = "127.0.0.1",
    port: int = 8765,
    ready: Callable[[str], None] = lambda _: None,
) -> None:
    """Serve the review page of ``review`` until interrupted; ``ready`` gets its address."""
    import uvicorn

    app = create_app(review)
    sock = bind(host, port)
    bound = sock.getsockname()[1]
    shown = f"[{host}]" if ":" in host else host
    ready(f"http://{shown}:{bound}/")
    config = uvicorn.Config(app, log_level="warning", lifespan="off")
    uvicorn.Server(config).run(sockets=[sock])
