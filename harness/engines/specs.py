"""Engine specs: `family@version[:provider]` or a SQLAlchemy URL, checked against the engines the harness knows."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from harness.dialects import Family, family_of_version
from harness.engines.server_api import EngineSpec, EngineSpecError

_SPEC = re.compile(r"^(?P<family>[a-z]+)@(?P<version>[0-9][0-9.]*)(?::(?P<provider>[a-z]+))?$")
_FAMILY_ALIASES: dict[str, Family] = {
    "postgresql": "postgresql",
    "postgres": "postgresql",
    "mariadb": "mariadb",
    "mysql": "mysql",
}
PROVIDERS = ("local", "docker")


@dataclass(frozen=True)
class KnownEngine:
    """One engine version the harness can run: `local` when a local provider exists, `image` for Docker."""

    family: Family
    version: str
    image: str
    local: bool

    @property
    def spec(self) -> str:
        return f"{self.family}@{self.version}"


KNOWN_ENGINES: tuple[KnownEngine, ...] = (
    KnownEngine("postgresql", "13", "postgres:13", local=False),
    KnownEngine("postgresql", "14", "postgres:14", local=False),
    KnownEngine("postgresql", "15", "postgres:15", local=True),
    KnownEngine("postgresql", "16", "postgres:16", local=True),
    KnownEngine("postgresql", "17", "postgres:17", local=False),
    KnownEngine("postgresql", "18", "postgres:18", local=True),
    KnownEngine("mariadb", "10.11", "mariadb:10.11", local=True),
    KnownEngine("mariadb", "11.4", "mariadb:11.4", local=True),
    KnownEngine("mysql", "5.7", "mysql:5.7", local=True),
    KnownEngine("mysql", "8.0", "mysql:8.0", local=True),
    KnownEngine("mysql", "8.4", "mysql:8.4", local=True),
    KnownEngine("mysql", "9.7", "mysql:9.7", local=True),
)
_BY_SPEC = {engine.spec: engine for engine in KNOWN_ENGINES}

# Drivers the harness ships with; a URL naming another driver of the same backend is rewritten to these.
_URL_BACKENDS: dict[str, tuple[Family, str]] = {
    "postgresql": ("postgresql", "postgresql+psycopg"),
    "postgres": ("postgresql", "postgresql+psycopg"),
    "mysql": ("mysql", "mysql+pymysql"),
    "mariadb": ("mariadb", "mariadb+pymysql"),
}

_EXPECTED = "expected FAMILY@VERSION[:local|:docker] (e.g. postgresql@16, mariadb@10.11:local) or a database URL"


def known_engine(family: Family, version: str) -> KnownEngine:
    return _BY_SPEC[f"{family}@{version}"]


_REPORTED_NUMBER = re.compile(r"\d+(?:\.\d+)*")


def version_mismatch(spec: EngineSpec, reported: str) -> str | None:
    """Why the server's own version (`SELECT VERSION()` / `SHOW server_version`) does not answer `spec`, or None.

    A URL names no version, so any server answers it. MySQL and MariaDB are told apart by the version text.
    """
    if not spec.version:
        return None
    number = _REPORTED_NUMBER.match(reported.strip())
    family = family_of_version(spec.dialect, reported)
    found = number[0] if number else reported
    if family == spec.family and (found == spec.version or found.startswith(spec.version + ".")):
        return None
    return f"the server reports {family} {found} ({reported!r}), not {spec.family} {spec.version}"


def parse_spec(text: str) -> EngineSpec:
    """Parse an engine spec or URL; raises EngineSpecError with what is wrong and what would be accepted."""
    text = text.strip()
    if "://" in text:
        return _parse_url(text)
    match = _SPEC.match(text)
    if match is None:
        raise EngineSpecError(f"engine spec {text!r} is not understood: {_EXPECTED}")
    family = _FAMILY_ALIASES.get(match["family"])
    if family is None:
        families = ", ".join(sorted({engine.family for engine in KNOWN_ENGINES}))
        raise EngineSpecError(
            f"engine spec {text!r}: unknown database family {match['family']!r}; supported families: {families}"
        )
    version = match["version"]
    if f"{family}@{version}" not in _BY_SPEC:
        versions = ", ".join(engine.version for engine in KNOWN_ENGINES if engine.family == family)
        raise EngineSpecError(
            f"engine spec {text!r}: {family} {version} is not supported; supported {family} versions: {versions}"
        )
    provider = match["provider"]
    if provider is not None and provider not in PROVIDERS:
        raise EngineSpecError(
            f"engine spec {text!r}: unknown provider {provider!r}; use :local or :docker, or leave it out"
        )
    return EngineSpec(text=text, family=family, version=version, provider=provider)  # type: ignore[arg-type]


def _parse_url(text: str) -> EngineSpec:
    try:
        url = make_url(text)
    except (ArgumentError, ValueError) as err:
        # The raw text may hold a password, so the message only shows the scheme.
        scheme = text.split("://", 1)[0]
        raise EngineSpecError(
            f"database URL {scheme}://... is malformed ({type(err).__name__}); expected "
            "postgresql://USER:PASSWORD@HOST:PORT/DATABASE or mysql://USER:PASSWORD@HOST:PORT/DATABASE"
        ) from None
    backend = url.get_backend_name()
    if backend not in _URL_BACKENDS:
        known = ", ".join(f"{name}://" for name in _URL_BACKENDS)
        raise EngineSpecError(
            f"database URL {url.render_as_string(hide_password=True)}: unsupported backend {backend!r}; "
            f"use one of {known}"
        )
    if not url.host:
        raise EngineSpecError(
            f"database URL {url.render_as_string(hide_password=True)} names no host; "
            "expected e.g. postgresql://USER:PASSWORD@127.0.0.1:5432/postgres"
        )
    family, driver = _URL_BACKENDS[backend]
    normalised: URL = url.set(drivername=driver)
    return EngineSpec(
        # `text` (and so the dataclass repr) never holds the password; only `url` does, and URL hides it in repr.
        text=normalised.render_as_string(hide_password=True),
        family=family,
        version="",
        provider="url",
        url=normalised,
    )
