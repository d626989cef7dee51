"""Starting a local server, the same for every engine: what differs is declared in a `LocalServer`.

The steps: the service account; an initialised data directory per binary build, made once and cached (the
initialiser takes seconds, a copy a fraction of one); a workspace; the server process, until a real query answers;
a `SqlServer` that stops it. A start that fails half-way leaves nothing behind, and a failure of the binaries
(initialiser or server exiting, never ready) is an `EngineUnavailable` naming the server and showing its output.

When the run asked for kept templates (template_cache.requested), the data directory is copied from the matching
cache entry instead, and the server's stop shuts it down cleanly and saves its directory if the run asks to keep it.
An entry whose server does not start is removed and the start is made again from the empty template.
"""

from __future__ import annotations

import os
import signal
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import URL

from harness.child_process import ChildProcess, printable
from harness.engines.local_cache import cache_key, cached_dir, copy_tree
from harness.engines.local_process import ServerProcess, free_port, install_handlers, wait_ready
from harness.engines.local_state import Account, Workspace, service_account
from harness.engines.ops import DatabaseOps
from harness.engines.server import SqlServer
from harness.engines.server_api import EngineSpec, EngineUnavailable
from harness.engines.template_cache import REQUESTED, TemplateRequest

INITIALISE_TIMEOUT_S = 120.0
INITIALISE_GRACE_S = 2.0
# A clean stop writes a checkpoint, which a loaded machine can make slow; killed, the directory is not kept.
CLEAN_STOP_TIMEOUT_S = 60.0
OUTPUT_SHOWN = 2000  # characters of an initialiser's output in its failure


@dataclass(frozen=True)
class DataTemplate:
    """How a data directory is initialised. `initialiser` is the command for an empty data directory at the path it
    is given (owned by the service account); it may write files beside it. `key` is everything that makes a
    different directory (binary, version, options, account): changing one makes a new template instead of reusing a
    stale one."""

    name: str  # readable part of the cache entry, e.g. "postgresql-15.18"
    key: tuple[str, ...]
    initialiser: Callable[[Path], list[str]]
    mode: int  # of the data directory: servers check it


@dataclass(frozen=True)
class LocalServer:
    """What one local engine declares; `start_local` does the rest."""

    title: str  # names the server in messages, e.g. "PostgreSQL 15.18 (/usr/lib/postgresql/15/bin)"
    detail: str  # the binary, as `SqlServer.detail`
    label: str  # the workspace's name prefix
    template: DataTemplate
    command: Callable[[Path, Path, int], list[str]]  # the server's argv for (workspace, data directory, port)
    stop_signal: signal.Signals
    probe: Callable[[int], None]  # a real query on the port; raises until the server answers
    url: Callable[[int], URL]
    ops: Callable[[Path, Account], DatabaseOps]  # given the data directory and the account owning it
    ready_timeout_s: float = 30
    # Ends the server with its data directory consistent on disk, for a directory that is kept (template_cache).
    clean_stop_signal: signal.Signals = signal.SIGTERM


def start_local(spec: EngineSpec, preparing: str, declare: Callable[[Account], LocalServer]) -> SqlServer:
    """Start the server `declare` describes for the service account; `preparing` names it while nothing runs yet."""
    install_handlers()
    try:
        account = service_account()
        server = declare(account)
        template = initialised_template(server.template, account)
    except (OSError, RuntimeError, subprocess.SubprocessError) as err:
        raise EngineUnavailable(spec.name, f"cannot prepare {preparing}: {err}") from err
    request = REQUESTED.get()
    if request is not None:
        try:
            return _start_in_workspace(spec, server, account, template, request, reuse=True)
        except EngineUnavailable:
            if request.restored is None:
                raise
            request.discard()  # a kept directory this server cannot start from: start from the empty one
    return _start_in_workspace(spec, server, account, template, request, reuse=False)


def _start_in_workspace(
    spec: EngineSpec, server: LocalServer, account: Account, template: Path, request: TemplateRequest | None,
    reuse: bool,
) -> SqlServer:
    workspace = Workspace(server.label, account)
    process: ServerProcess | None = None
    try:
        data = workspace.path / "data"
        data.mkdir(mode=server.template.mode)
        restored = False
        if request is not None:
            entry = request.entry_name(server.template.name, server.template.key)
            restored = request.restore(entry, data) if reuse else request.bind(entry)
        if not restored:
            copy_tree(template, data)
        port = free_port()
        process = ServerProcess(server.command(workspace.path, data, port), workspace, account, server.stop_signal)
        wait_ready(process, lambda: server.probe(port), server.title, server.ready_timeout_s)
        ops = server.ops(data, account)
        stop = process.stop if request is None else _stop_saving(process, request, data, server.clean_stop_signal)
        return SqlServer(spec, "local", server.detail, server.url(port), on_stop=stop, ops=ops)
    except BaseException as err:
        if process is not None:
            process.stop()
        else:
            workspace.remove()
        if isinstance(err, RuntimeError):
            raise EngineUnavailable(spec.name, str(err)) from err
        raise


def _stop_saving(
    process: ServerProcess, request: TemplateRequest, data: Path, clean: signal.Signals
) -> Callable[[], None]:
    """The server's stop: as usual, unless the run asked to keep its templates; then a clean shutdown first and
    the data directory saved before it is removed (an interrupted run stops through `stop_all`, saving nothing)."""

    def stop() -> None:
        if request.wants_saving:
            process.stop(CLEAN_STOP_TIMEOUT_S, how=clean, keep=lambda: request.save(data))
        else:
            process.stop()

    return stop


def initialised_template(template: DataTemplate, account: Account) -> Path:
    """The cached data directory `template` describes, initialised as `account` the first time it is asked for."""

    def build(staging: Path) -> None:
        data = staging / "data"
        data.mkdir(mode=template.mode)
        if account.ids is not None:
            os.chown(data, *account.ids)
        argv = template.initialiser(data)
        child = ChildProcess(argv, output=subprocess.PIPE, cwd=staging, user=account.ids)
        output, code = child.communicate(INITIALISE_TIMEOUT_S, grace_s=INITIALISE_GRACE_S)
        if code != 0:
            how = f"exit code {code}" if code is not None else f"killed after {INITIALISE_TIMEOUT_S:g} s"
            shown = printable(output)[-OUTPUT_SHOWN:] or "(no output)"
            raise RuntimeError(f"initialising the data directory failed ({how}, `{argv[0]}`):\n{shown}")

    name = f"{template.name}-{cache_key(*template.key)}"
    return cached_dir("templates", name, build) / "data"
