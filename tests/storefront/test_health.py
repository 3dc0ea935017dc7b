"""/healthz/ and /readyz/ as a load balancer sees them: answered before the host check, the HTTPS redirect, sessions and
CSRF; /readyz/ names the part that is down (a cache or broker on a closed port, a database nobody listens for) and
nothing about where it is."""

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROBE = {"HTTP_HOST": "10.0.3.7:8000"}  # a server's own address, which ALLOWED_HOSTS does not list


def closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_healthz_answers_without_the_database_a_host_check_or_the_https_redirect(client, settings):
    # No django_db mark: pytest-django fails any test that touches the database.
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/healthz/", **PROBE)
    assert response.status_code == 200 and response.content == b"ok\n"
    assert "no-cache" in response["Cache-Control"]
    assert not response.cookies and "Vary" not in response


@pytest.mark.django_db
def test_readyz_is_ready_when_the_database_cache_and_broker_answer(client, settings):
    broker = os.environ.get("TEST_CELERY_BROKER_URL")
    if broker:
        settings.CELERY_BROKER_URL = broker
    response = client.post("/readyz/", **PROBE)  # no CSRF token, no session: neither is asked for
    assert response.status_code == 200, response.content
    assert response.json() == {"ready": True, "checks": {"database": "ok", "cache": "ok",
                                                         "broker": "ok" if broker else "not used"}}
    assert not response.cookies and "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_readyz_says_the_cache_is_down_and_not_where_it_is(client, settings, caplog):
    port = closed_port()
    settings.CACHES = {"default": {"BACKEND": "storefront.rediscache.RedisCache",
                                   "LOCATION": f"redis://127.0.0.1:{port}/0"}}
    response = client.get("/readyz/", **PROBE)
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "cache": "unreachable", "broker": "not used"}
    assert str(port) not in response.content.decode() and "127.0.0.1" not in response.content.decode()
    assert "Not ready: the cache is unreachable" in caplog.text


@pytest.mark.django_db
def test_readyz_says_the_broker_is_down(client, settings):
    settings.CELERY_BROKER_URL = f"redis://:broker-password@127.0.0.1:{closed_port()}/0"
    response = client.get("/readyz/", **PROBE)
    assert response.status_code == 503
    assert response.json()["checks"]["broker"] == "unreachable"
    assert "broker-password" not in response.content.decode()


def test_readyz_says_the_database_is_down_too():
    """A server started against a database, cache and broker that all refuse: every part is named, nothing else."""
    port = closed_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_", "REDIS_", "CELERY_"))}
    env |= {"DATABASE_URL": f"postgres://shop:db-password@127.0.0.1:{port}/shop",
            "REDIS_URL": f"redis://127.0.0.1:{port}/0", "CELERY_BROKER_URL": f"redis://127.0.0.1:{port}/1"}
    script = ("from django.test import Client; r = Client().get('/readyz/', HTTP_HOST='10.0.3.7'); "
              "print(r.status_code); print(r.content.decode())")
    result = subprocess.run([sys.executable, "manage.py", "shell", "-c", script], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    status, body = result.stdout.strip().splitlines()[-2:]
    assert status == "503", result.stderr
    assert json.loads(body) == {"ready": False, "checks": {"database": "unreachable", "cache": "unreachable",
                                                          "broker": "unreachable"}}
