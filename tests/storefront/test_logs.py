"""Logs as production writes them (DEBUG off: JSON lines on stdout, INFO and up): every request and task has its line
with its context, and no line holds a maker's legal name, prisoner number or establishment, an email address, a
password or a card number, even when an error message or a task's failure carries them."""

import copy
import io
import json
import logging.config
import threading

import pytest
from celery import Celery
from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import path, reverse

from makers.models import Maker
from storefront import logs
from storefront.urls import urlpatterns as shop_urlpatterns
from tests.celery_worker import queue_name, real_worker, wait_for, worker_broker
from tests.storefront.test_privacy import leaks, private_strings

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]
ADMIN = "admin1@demo.throughthegate.example"
BUYER_EMAIL, PASSWORD, CARD = "jo.buyer@example.org", "correct-horse-battery", "4242 4242 4242 4242"


def careless_details(maker):
    """What a careless error message might hold."""
    return (f"maker {maker.legal_name} ({maker.prisoner_number}, {maker.establishment}) for {BUYER_EMAIL}, "
            f"password={PASSWORD}, card {CARD}")


def broken_view(request):
    raise RuntimeError("could not pay " + careless_details(Maker.objects.exclude(prisoner_number="").first()))


urlpatterns = [path("broken/", broken_view), *shop_urlpatterns]


@pytest.fixture
def log_lines():
    """The settings' LOGGING as DEBUG=0 makes it, writing to a buffer instead of stdout; returns its lines so far."""
    production = copy.deepcopy(settings.LOGGING)
    production["handlers"]["console"] |= {"formatter": "json", "stream": io.StringIO()}
    production["root"]["level"] = "INFO"
    logging.config.dictConfig(production)
    yield lambda: [json.loads(line) for line in production["handlers"]["console"]["stream"].getvalue().splitlines()]
    logging.config.dictConfig(settings.LOGGING)


def test_requests_and_errors_leave_no_private_value_in_the_logs(demo_shop, client, log_lines):
    maker = Maker.objects.exclude(prisoner_number="").exclude(establishment="").first()
    client.force_login(get_user_model().objects.get(email=ADMIN))
    private_page = reverse("makers-dashboard:private", args=[maker.pk])
    assert maker.legal_name in client.get(private_page).content.decode()  # an admin sees it; the log must not
    client.raise_request_exception = False
    assert client.get("/broken/", HTTP_X_REQUEST_ID="lb-4f1c2a9e77d0").status_code == 500
    assert client.get("/shop/search/", {"q": maker.legal_name}).status_code == 200

    lines = log_lines()
    text = "\n".join(json.dumps(line, ensure_ascii=False) for line in lines)
    assert leaks(text, private_strings() | {BUYER_EMAIL, PASSWORD, CARD, CARD.replace(" ", "")}) == []

    requests = {line["path"]: line for line in lines if line["logger"] == "storefront.request"}
    assert requests[private_page] | {"duration_ms": 0} == {
        "time": requests[private_page]["time"], "level": "INFO", "logger": "storefront.request",
        "message": f"GET {private_page} 200", "request_id": requests[private_page]["request_id"],
        "method": "GET", "path": private_page, "status": 200, "duration_ms": 0}
    assert requests["/broken/"]["status"] == 500 and requests["/broken/"]["request_id"] == "lb-4f1c2a9e77d0"
    error = next(line for line in lines if line["logger"] == "django.request")
    assert error["request_id"] == "lb-4f1c2a9e77d0"
    assert "RuntimeError: could not pay maker [private] ([prisoner number], [private]) for [email]" in error["exception"]
    assert "password=[secret], card [card number]" in error["exception"]


@pytest.mark.postgres
def test_a_failing_task_on_a_real_worker_logs_json_lines_without_private_values(demo_shop):
    """The worker logs through settings.LOGGING too (storefront.celery), with the task's name on its lines."""
    broker = worker_broker()
    maker = Maker.objects.exclude(prisoner_number="").exclude(establishment="").first()
    queue = queue_name("logs")
    lines = []
    with real_worker(broker, queue, options=["--include", "tests.storefront.log_tasks"],
                     env={"LOG_JSON": "1", "LOG_LEVEL": "INFO"}) as worker:
        reader = threading.Thread(target=lambda: lines.extend(worker.stdout), daemon=True)
        reader.start()
        sender = Celery(broker=broker, set_as_current=False)  # shared tasks elsewhere keep the project's app
        sender.send_task("tests.failing_statement", args=[maker.pk, BUYER_EMAIL], queue=queue)
        wait_for(worker, lambda: any(b"raised unexpected" in line for line in lines))
    text = b"".join(lines).decode()
    assert leaks(text, private_strings() | {BUYER_EMAIL}) == []
    records = [json.loads(line) for line in text.splitlines() if line.startswith("{")]
    task_lines = [record for record in records if record.get("task") == "tests.failing_statement"]
    assert {record["level"] for record in task_lines} >= {"INFO", "WARNING", "ERROR"}, text
    assert len({record["task_id"] for record in task_lines}) == 1
    warning = next(record for record in task_lines if record["level"] == "WARNING")
    assert warning["message"] == "Writing the statement of [private] ([prisoner number]) for [email]"
    failure = next(record for record in task_lines if record["level"] == "ERROR")
    assert "ValueError: statement failed for [private] at [private]" in failure["exception"]


def test_a_request_id_that_is_not_one_is_replaced(client, log_lines):
    response = client.get("/shop/basket/", HTTP_X_REQUEST_ID="jo.buyer@example.org")
    assert response["X-Request-ID"] != "jo.buyer@example.org" and len(response["X-Request-ID"]) == 32
    assert [line["request_id"] for line in log_lines() if line["logger"] == "storefront.request"] == [
        response["X-Request-ID"]]


def test_a_maker_saved_is_redacted_from_the_next_line(log_lines):
    from tests.factories import make_maker

    logging.getLogger("storefront").warning("before: Wilhelmina Quartermaine")
    make_maker(legal_name="Wilhelmina Quartermaine")
    logging.getLogger("storefront").warning("after: Wilhelmina Quartermaine")
    assert [line["message"] for line in log_lines()] == ["before: Wilhelmina Quartermaine", "after: [private]"]


def test_when_private_values_cannot_be_read_the_text_is_withheld(log_lines, monkeypatch):
    def unreadable():
        raise ConnectionError("database down")

    monkeypatch.setattr(logs._private_values, "_read", unreadable)
    monkeypatch.setattr(logs._private_values, "generation", None)
    try:
        raise KeyError("Wilhelmina Quartermaine")
    except KeyError:
        logging.getLogger("storefront").exception("lookup failed for Wilhelmina Quartermaine")
    [line] = log_lines()
    assert line["message"] == f"{logs.WITHHELD} (KeyError)" and line["exception"] == logs.WITHHELD
