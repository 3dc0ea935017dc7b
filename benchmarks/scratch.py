"""Scratch PostgreSQL databases for the benchmarks, made beside the one DATABASE_URL names and dropped afterwards."""

from urllib.parse import urlparse, urlunparse


def _admin(url):
    import psycopg

    return psycopg.connect(urlunparse(urlparse(url)._replace(path="/postgres")), autocommit=True)


def scratch_database(url, suffix):
    """Drop and create ``<name>_<suffix>`` on the server of ``url``; return its URL and its name."""
    parts = urlparse(url)
    name = f"{parts.path.lstrip('/') or 'ttg'}_{suffix}"
    with _admin(url) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    return urlunparse(parts._replace(path=f"/{name}")), name


def drop_database(url, name):
    with _admin(url) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
