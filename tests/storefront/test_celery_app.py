"""The Celery app's own settings: a worker's database connection lives like a request's, not one per task."""

from types import SimpleNamespace

from storefront import celery


def test_a_worker_task_checks_its_connection_as_a_request_does_and_an_eager_task_leaves_it_alone(monkeypatch):
    checked = []
    monkeypatch.setattr("django.db.close_old_connections", lambda: checked.append("checked"))
    celery.database_connection_per_task_as_per_request(task=SimpleNamespace(request=SimpleNamespace(is_eager=False)))
    assert checked == ["checked"]
    # An eager task runs inside its caller's transaction (the demo, the tests): closing that connection would end it.
    celery.database_connection_per_task_as_per_request(task=SimpleNamespace(request=SimpleNamespace(is_eager=True)))
    assert checked == ["checked"]


def test_celerys_django_fixup_does_not_close_the_connection_around_every_task():
    from celery.fixups.django import DjangoWorkerFixup

    fixup = DjangoWorkerFixup(celery.app)
    assert fixup.db_reuse_max and fixup.db_reuse_max >= 1000
    closed = []
    fixup._close_database = lambda: closed.append(1)
    for _ in range(100):  # before and after each of 50 tasks
        fixup.close_database()
    assert not closed
