"""How Scrutineer is served in public: gunicorn, as `scrutineer serve --production` starts it
and `scrutineer bench --load` measures it (docs/operations.md)."""

from __future__ import annotations

import os
import sys

from scrutineer.environment import number


def gunicorn_command(address: str, workers: int | None = None) -> list[str]:
    """gunicorn serving Scrutineer: the app loaded once before the workers fork (so a bad
    configuration stops the server at once), access log on standard output. More options
    can be given in GUNICORN_CMD_ARGS."""
    if workers is None:
        workers = number("SCRUTINEER_WEB_WORKERS", 2 * (os.cpu_count() or 1) + 1)
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "scrutineer.wsgi:application",
        "--bind",
        address,
        "--workers",
        str(workers),
        "--preload",
        "--access-logfile",
        "-",
        "--forwarded-allow-ips",
        os.environ.get("SCRUTINEER_FORWARDED_ALLOW_IPS", "127.0.0.1"),
    ]
