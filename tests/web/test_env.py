"""The strict environment readers of parindex.web.env, each fed an explicit environ."""

import pytest

from parindex.web.env import (
    ConfigError,
    env_bool,
    env_database_url,
    env_list,
    env_secret,
    env_str,
)

NAME = "PARINDEX_SOMETHING"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1", True),
        ("true", True),
        ("TRUE", True),
        ("Yes", True),
        (" on ", True),
        ("0", False),
        ("false", False),
        ("No", False),
        ("OFF", False),
        ("", False),
        ("  ", False),
    ],
)
def test_env_bool_accepts(raw: str, expected: bool) -> None:
    assert env_bool(NAME, not expected, {NAME: raw}) is expected


@pytest.mark.parametrize("default", [True, False])
def test_env_bool_default_when_unset(default: bool) -> None:
    assert env_bool(NAME, default, {"OTHER": "1"}) is default


@pytest.mark.parametrize("raw", ["2", "tru", "y", "n", "enabled", "ja", "1.0", "-1"])
def test_env_bool_refuses(raw: str) -> None:
    with pytest.raises(ConfigError, match=NAME) as refused:
        env_bool(NAME, False, {NAME: raw})
    assert repr(raw) in str(refused.value)


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, "fallback"),
        ({NAME: ""}, "fallback"),
        ({NAME: "   "}, "fallback"),
        ({NAME: " value "}, "value"),
    ],
)
def test_env_str(environ: dict[str, str], expected: str) -> None:
    assert env_str(NAME, "fallback", environ) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("a", ["a"]),
        ("a,b", ["a", "b"]),
        (" example.vn , www.example.vn ", ["example.vn", "www.example.vn"]),
    ],
)
def test_env_list_accepts(raw: str, expected: list[str]) -> None:
    assert env_list(NAME, ["default"], {NAME: raw}) == expected


def test_env_list_default_when_unset() -> None:
    assert env_list(NAME, ["default"], {}) == ["default"]


@pytest.mark.parametrize("raw", ["", "a,", ",a", "a,,b", "a, ,b", " "])
def test_env_list_refuses_an_empty_item(raw: str) -> None:
    with pytest.raises(ConfigError, match=NAME) as refused:
        env_list(NAME, ["default"], {NAME: raw})
    assert "empty item" in str(refused.value)


SECRET = "s" * 32


@pytest.mark.parametrize("debug", [True, False])
def test_env_secret_accepts_a_long_secret(debug: bool) -> None:
    assert env_secret(NAME, "dev-default", debug, {NAME: SECRET}) == SECRET


@pytest.mark.parametrize("debug", [True, False])
@pytest.mark.parametrize("raw", ["short", "x" * 31])
def test_env_secret_refuses_a_short_secret(debug: bool, raw: str) -> None:
    with pytest.raises(ConfigError, match=NAME) as refused:
        env_secret(NAME, "dev-default", debug, {NAME: raw})
    assert "32" in str(refused.value)
    assert raw not in str(refused.value)  # the secret itself is never echoed


@pytest.mark.parametrize("environ", [{}, {NAME: ""}])
def test_env_secret_missing_without_debug_is_refused(environ: dict[str, str]) -> None:
    with pytest.raises(ConfigError, match=NAME) as refused:
        env_secret(NAME, "dev-default", False, environ)
    assert "DEBUG" in str(refused.value)


@pytest.mark.parametrize("environ", [{}, {NAME: ""}])
def test_env_secret_missing_with_debug_uses_the_dev_default(environ: dict[str, str]) -> None:
    assert env_secret(NAME, "dev-default", True, environ) == "dev-default"


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, "sqlite:///default.sqlite3"),
        ({NAME: "  "}, "sqlite:///default.sqlite3"),
        (
            {NAME: "sqlite:////var/lib/parindex/db.sqlite3"},
            "sqlite:////var/lib/parindex/db.sqlite3",
        ),
        ({NAME: "postgres://u:p@db/parindex"}, "postgres://u:p@db/parindex"),
        ({NAME: " postgresql://u:p@db:5432/parindex "}, "postgresql://u:p@db:5432/parindex"),
    ],
)
def test_env_database_url_accepts(environ: dict[str, str], expected: str) -> None:
    assert env_database_url(NAME, "sqlite:///default.sqlite3", environ) == expected


@pytest.mark.parametrize(
    "raw",
    ["mysql://u:p@db/parindex", "db.sqlite3", "http://db/parindex", "postgresql:/db", "SQLITE"],
)
def test_env_database_url_refuses_a_bad_scheme(raw: str) -> None:
    with pytest.raises(ConfigError, match=NAME) as refused:
        env_database_url(NAME, "sqlite:///default.sqlite3", {NAME: raw})
    assert repr(raw.split(":", 1)[0]) in str(refused.value)


def test_env_database_url_never_repeats_the_credentials() -> None:
    with pytest.raises(ConfigError) as refused:
        env_database_url(NAME, "sqlite:///default.sqlite3", {NAME: "mysql://admin:s3cret@db/x"})
    assert "s3cret" not in str(refused.value)
    assert "'mysql'" in str(refused.value)


def test_env_database_url_refuses_a_bad_default() -> None:
    with pytest.raises(ConfigError, match=NAME):
        env_database_url(NAME, "mysql://db", {})
