"""The real Docker daemon the docker-provider tests run against, and the harness containers it holds.

Without a reachable daemon those tests skip with the reason, unless UPGRADE_HARNESS_REQUIRE_DOCKER=1 (CI): then a
missing Docker fails them.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from harness.engines.docker import docker_unavailable_reason
from harness.engines.docker_cleanup import OWNER_PID

REQUIRE_DOCKER_VARIABLE = "UPGRADE_HARNESS_REQUIRE_DOCKER"


def docker_client_or_skip() -> Any:
    reason = docker_unavailable_reason()
    if reason is not None:
        if os.environ.get(REQUIRE_DOCKER_VARIABLE) == "1":
            pytest.fail(f"{REQUIRE_DOCKER_VARIABLE}=1 but {reason}", pytrace=False)
        pytest.skip(reason)
    import docker

    return docker.from_env()


def harness_containers(client: Any, owner_pid: int | None = None) -> list[Any]:
    """Containers labelled by the harness (all of them, or those of one owner process), running or not."""
    label = OWNER_PID if owner_pid is None else f"{OWNER_PID}={owner_pid}"
    return list(client.containers.list(all=True, filters={"label": label}))


@pytest.fixture(scope="module")
def docker_client() -> Iterator[Any]:
    client = docker_client_or_skip()
    try:
        yield client
    finally:
        client.close()


@contextmanager
def loopback_registry(manifest_status: int) -> Iterator[str]:
    """A registry on 127.0.0.1 that answers every manifest request with `manifest_status` (404: no such image,
    500: a broken registry); yields its address. The Docker daemon pulls from loopback registries over plain HTTP."""

    class Registry(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            status, body = (200, b"{}") if self.path == "/v2/" else (manifest_status, json.dumps(
                {"errors": [{"code": "MANIFEST_UNKNOWN", "message": "manifest unknown", "detail": {}}]}
            ).encode())
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Docker-Distribution-API-Version", "registry/2.0")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_HEAD(self) -> None:
            # Refused, so the daemon asks again with GET and reads the registry's error code from the body.
            self.send_response(405)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Registry)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
