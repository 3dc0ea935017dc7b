"""Reading settings from the environment.

Every value has an embedded default so the demo runs with nothing but Python; a value that is present but wrong stops
start-up with one line that says what to fix (``sys.exit`` prints the message and nothing else).
"""

import os
from urllib.parse import parse_qs, unquote, urlparse

import dj_database_url


class ConfigError(SystemExit):
    """A bad setting: Python prints the message on one line and exits with status 1."""

    def __init__(self, message):
        super().__init__(f"Configuration error: {message}")


TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def env_str(name, default=""):
    return os.environ.get(name, default).strip()


def env_bool(name, default=False):
    raw = os.environ.get(name)
    if raw is None:
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ConfigError(f"{name}={raw!r} is not a yes/no value; use 1 or 0, true or false.")


def env_int(name, default):
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        return int(raw)
    except ValueError:
        raise ConfigError(f"{name}={raw!r} is not a whole number.") from None


def env_list(name, default=()):
    raw = os.environ.get(name)
    if raw is None:
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


def database(url, default_sqlite_path):
    """The Django DATABASES entry for ``url``, or a SQLite file when no URL is set."""
    if not url:
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(default_sqlite_path),
            "TEST": {"NAME": str(default_sqlite_path.with_name("test_" + default_sqlite_path.name))},
            "OPTIONS": {"timeout": 20},
        }
    scheme = urlparse(url).scheme
    if scheme not in {"postgres", "postgresql", "pgsql", "sqlite"}:
        raise ConfigError(
            f"DATABASE_URL has scheme {scheme!r}; use postgres://user:password@host:5432/name or sqlite:///path."
        )
    try:
        config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    except ValueError as error:
        raise ConfigError(f"DATABASE_URL could not be read ({error}); use postgres://user:password@host:5432/name.")
    if scheme != "sqlite" and not config.get("NAME"):
        raise ConfigError("DATABASE_URL names no database; add it after the host, as in postgres://host:5432/shop.")
    return config


def email(url):
    """Email backend settings from an ``EMAIL_URL`` such as smtp+tls://user:pass@host:587 or console://."""
    if not url:
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    parts = urlparse(url)
    simple = {
        "console": "django.core.mail.backends.console.EmailBackend",
        "locmem": "django.core.mail.backends.locmem.EmailBackend",
        "dummy": "django.core.mail.backends.dummy.EmailBackend",
    }
    if parts.scheme in simple:
        return {"EMAIL_BACKEND": simple[parts.scheme]}
    if parts.scheme == "file":  # file:///path/to/folder: one file per email (the browser tests read it)
        return {"EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend", "EMAIL_FILE_PATH": parts.path}
    if parts.scheme not in {"smtp", "smtp+tls", "smtp+ssl"}:
        raise ConfigError(
            f"EMAIL_URL has scheme {parts.scheme!r}; use smtp://, smtp+tls://, smtp+ssl://, console://, locmem:// "
            "or file:///folder."
        )
    if not parts.hostname:
        raise ConfigError("EMAIL_URL names no host; use smtp+tls://user:password@mail.example.org:587.")
    try:
        port = parts.port or (465 if parts.scheme == "smtp+ssl" else 587 if parts.scheme == "smtp+tls" else 25)
    except ValueError:
        raise ConfigError("EMAIL_URL has a port that is not a number.") from None
    query = parse_qs(parts.query)
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": parts.hostname,
        "EMAIL_PORT": port,
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_TLS": parts.scheme == "smtp+tls",
        "EMAIL_USE_SSL": parts.scheme == "smtp+ssl",
        "EMAIL_TIMEOUT": int(query.get("timeout", ["10"])[0]),
    }


def web_address(name, default):
    """An http:// or https:// address from the environment, else `default`."""
    url = env_str(name) or default
    parts = urlparse(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise ConfigError(f"{name}={url!r} is not a web address; use https://host/path or http://host:port/path.")
    return url


def redis_url(name):
    url = env_str(name)
    if url and urlparse(url).scheme not in {"redis", "rediss", "unix"}:
        raise ConfigError(f"{name} must start with redis://, rediss:// or unix:// (got {url.split(':')[0]!r}).")
    return url


def secret_key(debug):
    key = env_str("SECRET_KEY")
    if key:
        if not debug and len(key) < 50:
            raise ConfigError("SECRET_KEY is too short for production; use at least 50 random characters.")
        return key
    if not debug:
        raise ConfigError("SECRET_KEY is not set and DEBUG is off; set SECRET_KEY to a long random string.")
    return "django-insecure-demo-key-only-for-a-local-machine-" + "x" * 20
