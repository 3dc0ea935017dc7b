"""Reading settings from the environment.

Every value has an embedded default so the demo runs with nothing but Python; a value that is present but wrong stops
start-up with one line that says what to fix (``sys.exit`` prints the message and nothing else).
"""

import os
import re
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
            # Write-ahead logging: readers never wait for a writer nor a writer for readers, so the development
            # server answers while a task writes, and the browser tests' server and the tests share the file.
            "OPTIONS": {"timeout": 20, "init_command": "PRAGMA journal_mode=WAL"},
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
    """An http:// or https:// address from the environment, else `default` (which may be empty: not set)."""
    url = env_str(name) or default
    if not url:
        return url
    parts = urlparse(url)
    try:
        parts.port
    except ValueError:
        raise ConfigError(f"{name} has a port that is not a number.") from None
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise ConfigError(f"{name}={url!r} is not a web address; use https://host/path or http://host:port/path.")
    return url


LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


def log_level(default):
    level = env_str("LOG_LEVEL", default).upper()
    if level not in LOG_LEVELS:
        raise ConfigError(f"LOG_LEVEL={level!r} is not one of {', '.join(LOG_LEVELS)}.")
    return level


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


S3_SETTINGS = ("AWS_PRIVATE_STORAGE_BUCKET_NAME", "AWS_S3_ENDPOINT_URL", "AWS_S3_REGION_NAME", "AWS_S3_ADDRESSING_STYLE",
               "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY")
BUCKET_NAME = re.compile(r"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")


def media_storages():
    """The STORAGES entries for media: ``default`` (public: product and maker pictures, thumbnails, Wagtail images)
    and ``private`` (Wagtail documents: never given a public address, served only by the shop's own views).

    Local folders unless ``AWS_STORAGE_BUCKET_NAME`` is set; then two S3 buckets, the private one separate so that no
    bucket policy or ACL mistake on the public bucket can expose a private file.
    """
    bucket = env_str("AWS_STORAGE_BUCKET_NAME")
    if not bucket:
        if stray := [name for name in S3_SETTINGS if env_str(name)]:
            raise ConfigError(f"{stray[0]} is set but AWS_STORAGE_BUCKET_NAME is not; set both for S3 media, or "
                              f"neither for local files.")
        return {"default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
                "private": {"BACKEND": "storefront.media.PrivateFileSystemStorage"}}
    private_bucket = env_str("AWS_PRIVATE_STORAGE_BUCKET_NAME")
    if not private_bucket:
        raise ConfigError("AWS_PRIVATE_STORAGE_BUCKET_NAME is not set; private files (documents) need a bucket of "
                          "their own, with no public access.")
    if private_bucket == bucket:
        raise ConfigError("AWS_PRIVATE_STORAGE_BUCKET_NAME is the public bucket; give private files another bucket.")
    for name, value in (("AWS_STORAGE_BUCKET_NAME", bucket), ("AWS_PRIVATE_STORAGE_BUCKET_NAME", private_bucket)):
        if not BUCKET_NAME.match(value):
            raise ConfigError(f"{name}={value!r} is not a bucket name: 3 to 63 lower-case letters, digits, dots and "
                              "hyphens, starting and ending with a letter or digit.")
    access_key, secret_key = env_str("AWS_ACCESS_KEY_ID"), env_str("AWS_SECRET_ACCESS_KEY")
    if bool(access_key) != bool(secret_key):
        raise ConfigError("set both AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or neither to use the machine's role.")
    addressing = env_str("AWS_S3_ADDRESSING_STYLE")
    if addressing not in ("", "auto", "path", "virtual"):
        raise ConfigError(f"AWS_S3_ADDRESSING_STYLE={addressing!r} is not one of auto, path or virtual.")
    region = env_str("AWS_S3_REGION_NAME")
    if region and not re.match(r"^[a-z0-9-]+$", region):
        raise ConfigError(f"AWS_S3_REGION_NAME={region!r} is not a region name such as eu-west-2.")
    common = {
        "endpoint_url": web_address("AWS_S3_ENDPOINT_URL", "") or None,
        "region_name": region or None,
        "addressing_style": addressing or None,
        "access_key": access_key or None,
        "secret_key": secret_key or None,
        "file_overwrite": False,  # two uploads called photo.jpg are two files, as on a disk
        "default_acl": None,  # what is readable is the buckets' policies' business (README "Production")
    }
    return {
        "default": {"BACKEND": "storages.backends.s3.S3Storage",
                    "OPTIONS": common | {"bucket_name": bucket, "querystring_auth": False}},
        "private": {"BACKEND": "storefront.media.PrivateS3Storage", "OPTIONS": common | {"bucket_name": private_bucket}},
    }
