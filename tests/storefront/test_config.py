"""Start-up settings: bad values stop with one clear line; production values pass Django's deploy checks."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "k" * 20 + "production-secret-for-the-deploy-check-only" + "q" * 10,
    "ALLOWED_HOSTS": "shop.example.org",
    "DATABASE_URL": "postgres://shop:pw@db.internal:5432/shop",
    "REDIS_URL": "redis://cache.internal:6379/0",
}
S3 = {"AWS_STORAGE_BUCKET_NAME": "ttg-media", "AWS_PRIVATE_STORAGE_BUCKET_NAME": "ttg-private"}


def manage(*args, **env):
    clean = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DEBUG", "SECRET_KEY", "REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE",
                                                  "DJANGO_SETTINGS_MODULE"}}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=clean | env, capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize(
    "env, expected",
    [
        ({"DATABASE_URL": "mysql://nobody@host/db"}, "DATABASE_URL has scheme 'mysql'"),
        ({"DATABASE_URL": "postgres://host:notaport/db"}, "DATABASE_URL could not be read"),
        ({"DEBUG": "0", "ALLOWED_HOSTS": "shop.example.org"}, "SECRET_KEY is not set and DEBUG is off"),
        ({"DEBUG": "maybe"}, "DEBUG='maybe' is not a yes/no value"),
        ({"EMAIL_URL": "carrier-pigeon://loft"}, "EMAIL_URL has scheme 'carrier-pigeon'"),
        ({"REDIS_URL": "http://cache"}, "REDIS_URL must start with redis://"),
        ({"STRIPE_SECRET_KEY": "sk_test_x"}, "set both STRIPE_SECRET_KEY and STRIPE_PUBLISHABLE_KEY"),
        ({"STRIPE_API_BASE": "api.stripe.com"}, "STRIPE_API_BASE='api.stripe.com' is not a web address"),
        ({"STRIPE_JS_URL": "ftp://js.example.org/v3/"}, "STRIPE_JS_URL='ftp://js.example.org/v3/' is not a web address"),
        ({"AWS_S3_ENDPOINT_URL": "https://s3.example.org"}, "AWS_S3_ENDPOINT_URL is set but AWS_STORAGE_BUCKET_NAME"),
        ({"AWS_STORAGE_BUCKET_NAME": "ttg-media"}, "AWS_PRIVATE_STORAGE_BUCKET_NAME is not set"),
        ({"AWS_STORAGE_BUCKET_NAME": "ttg-media", "AWS_PRIVATE_STORAGE_BUCKET_NAME": "ttg-media"},
         "AWS_PRIVATE_STORAGE_BUCKET_NAME is the public bucket"),
        ({"AWS_STORAGE_BUCKET_NAME": "TTG_Media", "AWS_PRIVATE_STORAGE_BUCKET_NAME": "ttg-private"},
         "AWS_STORAGE_BUCKET_NAME='TTG_Media' is not a bucket name"),
        ({**S3, "AWS_S3_ENDPOINT_URL": "s3.example.org:9000"}, "AWS_S3_ENDPOINT_URL='s3.example.org:9000' is not a web address"),
        ({**S3, "AWS_ACCESS_KEY_ID": "AKIAEXAMPLE"}, "set both AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"),
        ({"LOG_LEVEL": "loud"}, "LOG_LEVEL='LOUD' is not one of DEBUG, INFO"),
        ({**S3, "AWS_S3_ADDRESSING_STYLE": "sideways"}, "AWS_S3_ADDRESSING_STYLE='sideways' is not one of"),
    ],
)
def test_a_bad_setting_stops_start_up_with_one_clear_line(env, expected):
    result = manage("check", **env)
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert lines == [lines[0]] and lines[0].startswith("Configuration error:"), result.stderr
    assert expected in lines[0]


def test_production_values_pass_the_deploy_checks():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout
