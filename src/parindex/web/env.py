"""Strict readers of the environment for settings: a bad value stops start-up with its name."""

import os
from collections.abc import Mapping


class ConfigError(Exception):
    """A setting read from the environment has a value parindex cannot use."""


_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool, environ: Mapping[str, str] = os.environ) -> bool:
    raw = environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ConfigError(f"{name}={raw!r}: expected one of 1/0, true/false, yes/no, on/off")


def env_int(name: str, default: int, minimum: int, environ: Mapping[str, str] = os.environ) -> int:
    raw = environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        raise ConfigError(f"{name}={raw!r}: expected a whole number") from None
    if value < minimum:
        raise ConfigError(f"{name}={raw!r}: expected at least {minimum}")
    return value


def env_str(name: str, default: str, environ: Mapping[str, str] = os.environ) -> str:
    return environ.get(name, default).strip() or default


def env_list(name: str, default: list[str], environ: Mapping[str, str] = os.environ) -> list[str]:
    raw = environ.get(name)
    if raw is None:
        return default
    items = [item.strip() for item in raw.split(",")]
    if not all(items):
        raise ConfigError(f"{name}={raw!r}: expected a comma-separated list with no empty item")
    return items


def env_secret(
    name: str, dev_default: str, debug: bool, environ: Mapping[str, str] = os.environ
) -> str:
    """A secret may fall back to a development value only while DEBUG is on."""
    raw = environ.get(name, "")
    if raw:
        if len(raw) < 32:
            raise ConfigError(f"{name}: must be at least 32 characters long")
        return raw
    if debug:
        return dev_default
    raise ConfigError(f"{name} must be set when DEBUG is off")


_DATABASE_SCHEMES = ("sqlite://", "postgres://", "postgresql://")


def env_database_url(name: str, default: str, environ: Mapping[str, str] = os.environ) -> str:
    url = environ.get(name, "").strip() or default
    if not url.startswith(_DATABASE_SCHEMES):
        # Only the scheme: the rest of the URL may hold a password.
        scheme = url.split(":", 1)[0]
        raise ConfigError(f"{name}: scheme {scheme!r} is not sqlite:// or postgresql://")
    return url
