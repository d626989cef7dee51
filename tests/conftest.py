"""Shared fixtures for the project's own tests: real database servers, started once per session.

- `postgresql_server`: a local PostgreSQL 15 server.
- `mariadb_server`: a local MariaDB 10.11 server (for tests about MariaDB itself).
- `catalogue_server`: the one MySQL-family server of tests written against one (MariaDB 10.11, or
  UPGRADE_HARNESS_TEST_MYSQL_FAMILY's spec).
- `mysql_family_server`: parametrized over the MySQL-family test engines (MariaDB 10.11 and MySQL 9.7 by default),
  for tests that need "a MySQL-family server", whichever it is.
- `server`: parametrized over the test engines (ids are the specs: "postgresql@15", "mariadb@10.11", "mysql@9.7";
  a URL's password is masked in its id).
- `scratch_database`: `(server, name)` of an empty database on `server`, dropped after the test.
- `engine_server`: `engine_server(spec)` starts (once per session) any engine.

A test whose engine cannot run here is skipped with the reason (what to install). Two environment variables:

- `UPGRADE_HARNESS_TEST_ENGINES` (space- or comma-separated specs or URLs, e.g. "postgresql@18 mariadb@10.11")
  replaces the engines `server` and `scratch_database` are parametrized over; its MySQL-family members replace those
  of `mysql_family_server`.
- `UPGRADE_HARNESS_REQUIRE_ENGINES` (families or specs, e.g. "postgresql mariadb mysql") turns a skip caused by an
  unavailable engine it names into a failure, so that a machine meant to run every engine (CI) cannot pass by
  skipping one.

Servers are stopped at the end of the session. Under pytest-xdist each worker is a session of its own: it starts its
own servers (free loopback ports, directories of their own) and names its databases `uh_<random>`, so workers share
only caches that are written whole or not at all (data-directory templates, the migrator's parse cache).
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass

import pytest

from harness.engines import EngineSpecError, EngineUnavailable, Server, parse_spec, start_server
from harness.engines.template_cache import CACHE_DIR_VARIABLE

DEFAULT_TEST_ENGINES = ("postgresql@15", "mariadb@10.11", "mysql@9.7")
ENGINES_VARIABLE = "UPGRADE_HARNESS_TEST_ENGINES"
REQUIRED_VARIABLE = "UPGRADE_HARNESS_REQUIRE_ENGINES"
MYSQL_FAMILY = ("mariadb", "mysql")
_FAMILIES = {"postgresql": "postgresql", "postgres": "postgresql", "mariadb": "mariadb", "mysql": "mysql"}
_SPEC_SHAPE = re.compile(r"^(?P<family>[a-z]+)@(?P<version>[0-9][0-9.]*)(?::[a-z]+)?$")

# The session's servers for these specs are the ones `postgresql_server` / `mariadb_server` use.
_LOCAL_ALIASES = {"postgresql@15": "postgresql@15:local", "mariadb@10.11": "mariadb@10.11:local"}


def _split(text: str) -> tuple[str, ...]:
    return tuple(item for item in re.split(r"[\s,]+", text) if item)


def selected_test_engines() -> tuple[str, ...]:
    """The specs `server` is parametrized over: UPGRADE_HARNESS_TEST_ENGINES, or DEFAULT_TEST_ENGINES."""
    return _split(os.environ.get(ENGINES_VARIABLE, "")) or DEFAULT_TEST_ENGINES


@dataclass(frozen=True)
class EngineName:
    """What a spec names, read without needing the harness to support it (a spec it does not know yet still has
    a family)."""

    family: str
    name: str  # family@version, or the URL with its password masked


def engine_name(spec: str) -> EngineName:
    try:
        parsed = parse_spec(spec)
    except EngineSpecError:
        match = _SPEC_SHAPE.match(spec)
        if match is None:
            # A malformed URL may hold a password: show its scheme only.
            return EngineName("", spec.split("://", 1)[0] + "://..." if "://" in spec else spec)
        return EngineName(_FAMILIES.get(match["family"], match["family"]), f"{match['family']}@{match['version']}")
    return EngineName(parsed.family, parsed.name)


def mysql_family_test_engines() -> tuple[str, ...]:
    """The MySQL-family members of the selected engines; MariaDB 10.11 and MySQL 9.7 when it names none."""
    family = tuple(spec for spec in selected_test_engines() if engine_name(spec).family in MYSQL_FAMILY)
    return family or tuple(spec for spec in DEFAULT_TEST_ENGINES if engine_name(spec).family in MYSQL_FAMILY)


CATALOGUE_VARIABLE = "UPGRADE_HARNESS_TEST_MYSQL_FAMILY"


def catalogue_mysql_family() -> str:
    """The MySQL-family engine of the tests written against one of them (the defect catalogue, the fault tests):
    MariaDB 10.11, or the spec UPGRADE_HARNESS_TEST_MYSQL_FAMILY names (`mysql@9.7` runs them on MySQL)."""
    spec = os.environ.get(CATALOGUE_VARIABLE, "").strip() or "mariadb@10.11"
    if engine_name(spec).family not in MYSQL_FAMILY:
        raise pytest.UsageError(f"{CATALOGUE_VARIABLE}={spec!r}: name a MySQL-family engine, e.g. mysql@9.7")
    return spec


def _engine_params(specs: tuple[str, ...]) -> list[object]:
    # The id is what pytest prints and junit.xml records: never the URL's password.
    return [pytest.param(spec, id=engine_name(spec).name) for spec in specs]


@dataclass(frozen=True)
class RequiredEngines:
    """UPGRADE_HARNESS_REQUIRE_ENGINES: families (`mysql`) and specs (`mysql@9.7`) that must not be skipped."""

    text: str
    families: frozenset[str]
    names: frozenset[str]

    @classmethod
    def from_environment(cls) -> RequiredEngines:
        text = os.environ.get(REQUIRED_VARIABLE, "")
        families: set[str] = set()
        names: set[str] = set()
        for token in _split(text):
            if token in _FAMILIES:
                families.add(_FAMILIES[token])
                continue
            match = _SPEC_SHAPE.match(token)
            if match is None or match["family"] not in _FAMILIES:
                raise pytest.UsageError(
                    f"{REQUIRED_VARIABLE}={text!r}: {token!r} is neither a database family "
                    f"({', '.join(sorted(set(_FAMILIES.values())))}) nor an engine spec such as mysql@9.7"
                )
            names.add(f"{_FAMILIES[match['family']]}@{match['version']}")
        return cls(text, frozenset(families), frozenset(names))

    def requires(self, spec: str) -> bool:
        named = engine_name(spec)
        return named.family in self.families or named.name in self.names


_REQUIRED = pytest.StashKey[RequiredEngines]()


def pytest_configure(config: pytest.Config) -> None:
    for spec in _split(os.environ.get(ENGINES_VARIABLE, "")):
        try:
            parse_spec(spec)
        except EngineSpecError as err:
            raise pytest.UsageError(f"{ENGINES_VARIABLE}: {err}") from None
    config.stash[_REQUIRED] = RequiredEngines.from_environment()


def _unavailable_engine(error: BaseException | None) -> EngineUnavailable | None:
    """The EngineUnavailable a skip was raised from (`pytest.skip` inside `except EngineUnavailable`), if any."""
    seen: set[int] = set()
    while error is not None and id(error) not in seen:
        if isinstance(error, EngineUnavailable):
            return error
        seen.add(id(error))
        error = error.__cause__ or error.__context__
    return None


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    if not report.skipped or call.excinfo is None or not call.excinfo.errisinstance(pytest.skip.Exception):
        return report
    unavailable = _unavailable_engine(call.excinfo.value)
    required = item.config.stash[_REQUIRED]
    if unavailable is not None and required.requires(unavailable.spec):
        report.outcome = "failed"
        report.longrepr = (
            f"{unavailable.spec} is required here ({REQUIRED_VARIABLE}={required.text!r}) "
            f"but could not run: {unavailable.reason}"
        )
    return report


def skip_unavailable(error: EngineUnavailable) -> None:
    """Skip the test for an engine that cannot run here; the skip carries the error, so that a required engine's
    skip becomes a failure."""
    try:
        raise error
    except EngineUnavailable:
        pytest.skip(str(error))


@pytest.fixture(scope="session", autouse=True)
def template_cache_of_the_session() -> Iterator[None]:
    """`verify` keeps seeded templates between runs in the user's cache directory; this suite's runs (and the
    commands they start) keep theirs in a directory of the test session instead, removed when it ends."""
    if CACHE_DIR_VARIABLE in os.environ:
        yield
        return
    directory = tempfile.mkdtemp(prefix="upgrade-harness-test-templates-")
    os.environ[CACHE_DIR_VARIABLE] = directory
    try:
        yield
    finally:
        os.environ.pop(CACHE_DIR_VARIABLE, None)
        shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture(scope="session")
def engine_server() -> Iterator[Callable[[str], Server]]:
    """`engine_server(spec)`: the session's server for `spec`, started on first use; skips the test if unavailable."""
    servers: dict[str, Server] = {}
    unavailable: dict[str, EngineUnavailable] = {}

    def get(spec: str) -> Server:
        if spec not in servers and spec not in unavailable:
            try:
                servers[spec] = start_server(spec)
            except EngineUnavailable as err:
                unavailable[spec] = err
            except EngineSpecError as err:
                # Only hard-coded specs get here (the variable's are checked at start): one this harness does not
                # support yet is an engine that cannot run here.
                unavailable[spec] = EngineUnavailable(engine_name(spec).name, f"not supported by this harness ({err})")
        if spec in unavailable:
            skip_unavailable(unavailable[spec])
        return servers[spec]

    yield get
    for server in servers.values():
        server.stop()


@pytest.fixture(scope="session")
def postgresql_server(engine_server: Callable[[str], Server]) -> Server:
    """A local PostgreSQL 15 server for the whole session."""
    return engine_server("postgresql@15:local")


@pytest.fixture(scope="session")
def mariadb_server(engine_server: Callable[[str], Server]) -> Server:
    """A local MariaDB 10.11 server for the whole session (skipped with an install hint when absent)."""
    return engine_server("mariadb@10.11:local")


@pytest.fixture(scope="session")
def catalogue_server(engine_server: Callable[[str], Server]) -> Server:
    """The server of `catalogue_mysql_family()`; the same one `mariadb_server` gives by default."""
    spec = catalogue_mysql_family()
    return engine_server(_LOCAL_ALIASES.get(spec, spec))


@pytest.fixture(scope="session", params=_engine_params(mysql_family_test_engines()))
def mysql_family_server(request: pytest.FixtureRequest, engine_server: Callable[[str], Server]) -> Server:
    """Each MySQL-family test engine in turn (ids are the specs); shares its MariaDB with `mariadb_server`."""
    spec = str(request.param)
    return engine_server(_LOCAL_ALIASES.get(spec, spec))


@pytest.fixture(scope="session", params=_engine_params(selected_test_engines()))
def server(request: pytest.FixtureRequest, engine_server: Callable[[str], Server]) -> Server:
    """Each test engine in turn (ids are the specs); shares servers with `postgresql_server` / `mariadb_server`."""
    spec = str(request.param)
    return engine_server(_LOCAL_ALIASES.get(spec, spec))


@pytest.fixture
def scratch_database(server: Server) -> Iterator[tuple[Server, str]]:
    """`(server, name)`: an empty scratch database on `server`, dropped after the test."""
    name = server.create_database()
    try:
        yield server, name
    finally:
        server.drop_database(name)
