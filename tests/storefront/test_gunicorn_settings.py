"""storefront/gunicorn.py: gunicorn reads a settings module by name, so a misspelt setting or hook would be ignored
without a word. These tests hold the module to gunicorn's own list of settings."""

import gc
import importlib
import inspect

from gunicorn.config import Config

from storefront import gunicorn as deployed


def settings_of(module):
    return {name for name, value in vars(module).items() if not name.startswith("_") and not inspect.ismodule(value)}


def test_every_name_in_the_module_is_a_gunicorn_setting():
    known = set(Config().settings)
    assert settings_of(deployed) <= known, settings_of(deployed) - known


def test_workers_follow_web_concurrency_else_two_per_core_plus_one(monkeypatch):
    monkeypatch.setenv("WEB_CONCURRENCY", "3")
    assert importlib.reload(deployed).workers == 3
    monkeypatch.delenv("WEB_CONCURRENCY")
    monkeypatch.setattr("multiprocessing.cpu_count", lambda: 2)
    assert importlib.reload(deployed).workers == 5
    monkeypatch.undo()
    importlib.reload(deployed)


def test_a_worker_freezes_what_it_has_loaded():
    before = gc.get_freeze_count()
    try:
        deployed.post_worker_init(worker=None)
        assert gc.get_freeze_count() > before
    finally:
        gc.unfreeze()
