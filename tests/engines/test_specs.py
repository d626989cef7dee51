"""Engine specs: what is accepted, how it is normalised, and the one-line message for what is not."""

from __future__ import annotations

import pytest

from harness.engines import EngineSpecError, EngineUnavailable, parse_spec, start_server


@pytest.mark.parametrize(
    ("text", "family", "version", "provider"),
    [
        ("postgresql@15", "postgresql", "15", None),
        ("postgresql@16:local", "postgresql", "16", "local"),
        ("postgresql@18:docker", "postgresql", "18", "docker"),
        ("postgres@17", "postgresql", "17", None),
        ("mariadb@10.11", "mariadb", "10.11", None),
        ("mariadb@11.4:docker", "mariadb", "11.4", "docker"),
        ("mysql@5.7", "mysql", "5.7", None),
        ("mysql@8.0:local", "mysql", "8.0", "local"),
        ("mysql@8.4", "mysql", "8.4", None),
        ("  mysql@8.4  ", "mysql", "8.4", None),
    ],
)
def test_named_specs(text: str, family: str, version: str, provider: str | None) -> None:
    spec = parse_spec(text)
    assert (spec.family, spec.version, spec.provider) == (family, version, provider)
    assert spec.name == f"{family}@{version}"
    assert spec.url is None


@pytest.mark.parametrize(
    ("text", "driver", "family", "dialect"),
    [
        ("postgresql://u:pw@db:5432/app", "postgresql+psycopg", "postgresql", "postgresql"),
        ("postgresql+psycopg2://u:pw@db/app", "postgresql+psycopg", "postgresql", "postgresql"),
        ("postgresql+psycopg://u@db/app", "postgresql+psycopg", "postgresql", "postgresql"),
        ("mysql://root:pw@127.0.0.1:3306/", "mysql+pymysql", "mysql", "mysql"),
        ("mysql+mysqldb://root:pw@127.0.0.1/x", "mysql+pymysql", "mysql", "mysql"),
        ("mysql+pymysql://root@127.0.0.1", "mysql+pymysql", "mysql", "mysql"),
        ("mariadb://root:pw@127.0.0.1:3307", "mariadb+pymysql", "mariadb", "mysql"),
    ],
)
def test_urls_are_normalised_to_the_shipped_drivers(text: str, driver: str, family: str, dialect: str) -> None:
    spec = parse_spec(text)
    assert spec.url is not None
    assert spec.url.drivername == driver
    assert (spec.family, spec.dialect, spec.provider) == (family, dialect, "url")


def test_url_spec_keeps_the_password_out_of_its_text_and_repr() -> None:
    spec = parse_spec("postgresql://alice:s3cret-Pass@db.example:5432/app")
    assert spec.url is not None and spec.url.password == "s3cret-Pass"
    for shown in (spec.text, spec.name, spec.text_without_password, repr(spec), str(spec)):
        assert "s3cret-Pass" not in shown
    # Named by the backend the user wrote, not the driver the harness connects through.
    assert spec.name == "postgresql://alice:***@db.example:5432/app"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("postgresql@99", "postgresql 99 is not supported; supported postgresql versions: 13, 14, 15, 16, 17, 18"),
        ("oracle@1", "unknown database family 'oracle'"),
        ("mariadb@10.6", "mariadb 10.6 is not supported"),
        ("mysql@8.0:kubernetes", "unknown provider 'kubernetes'; use :local or :docker"),
        ("postgresql", "is not understood: expected FAMILY@VERSION"),
        ("", "is not understood"),
        ("postgresql@", "is not understood"),
        ("oracle://scott:tiger@db/orcl", "unsupported backend 'oracle'"),
        ("postgresql://user:pw@/app", "names no host"),
        ("postgresql://user:pw@db:notaport/app", "is malformed"),
        ("://nothing", "is malformed"),
    ],
)
def test_bad_specs_give_one_clear_message(text: str, expected: str) -> None:
    with pytest.raises(EngineSpecError) as raised:
        parse_spec(text)
    message = str(raised.value)
    assert expected in message
    assert "\n" not in message


@pytest.mark.parametrize(
    "text", ["postgresql://user:Hunter2-pw@db:notaport/app", "oracle://scott:Hunter2-pw@db/orcl"]
)
def test_bad_url_messages_hide_the_password(text: str) -> None:
    with pytest.raises(EngineSpecError) as raised:
        parse_spec(text)
    assert "Hunter2-pw" not in str(raised.value)


def test_start_server_rejects_a_bad_spec_before_starting_anything() -> None:
    with pytest.raises(EngineSpecError, match="postgresql 99 is not supported"):
        start_server("postgresql@99")


def test_local_provider_for_an_engine_without_one_says_to_use_docker() -> None:
    with pytest.raises(EngineUnavailable) as raised:
        start_server("postgresql@17:local")
    assert raised.value.spec == "postgresql@17"
    assert "postgresql@17:docker" in raised.value.reason
