"""Logs: one JSON object per line on stdout in production, and never a maker's private details or a buyer's.

``RequestLog`` (middleware) writes one line per request with its id, method, path, status and duration; Celery tasks
carry their name and id (``storefront.celery`` sets them). ``RedactPrivate``, the filter on the one handler
(settings.LOGGING), rewrites every record before any formatter sees it: email addresses, prisoner numbers, card
numbers, passwords and keys by their shape, and makers' legal names and establishments by their values, read from
the database. Those values are kept per process with the shared cache's generation number they were read at; saving
a maker anywhere bumps it, so no process checks a line against an old list. If the values cannot be read (the
database is down, say), the line's text is withheld rather than written unchecked.
"""

import contextvars
import datetime
import json
import logging
import re
import time
import uuid

GENERATION_KEY = "storefront:logs:private-generation"
WITHHELD = "[withheld: private values could not be checked]"
REQUEST_ID = re.compile(r"^[A-Za-z0-9-]{8,64}$")  # what load balancers send; anything else is replaced

request_id = contextvars.ContextVar("request_id", default=None)
running_task = contextvars.ContextVar("running_task", default=None)  # (name, id) of the Celery task running
_checking = contextvars.ContextVar("checking", default=False)

SHAPES = [
    (re.compile(r"(\b[a-z][a-z0-9+.-]*://)[^\s/:@]+:[^\s/@]+@", re.IGNORECASE), r"\1[credentials]@"),
    (re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"), "[email]"),
    (re.compile(r"\b[A-Z]\d{4}[A-Z]{2}\b", re.IGNORECASE), "[prisoner number]"),
    (re.compile(r"\b(?:sk|rk)_(?:live|test)_\w+|\bwhsec_\w+|\bpk_(?:live|test)_\w+"), "[secret]"),
    (re.compile(r"(?i)\b(password\d?|passwd|pwd|secret|token|api[_-]?key|authorization|cvc|cvv)"
                r"(['\"]?\s*[:=]\s*['\"]?)[^\s'\",&;}]+"), r"\1\2[secret]"),
]
CARD = re.compile(r"\b(?:\d[ -]?){12,18}\d\b")
# Words of an establishment's name that say nothing about which one it is.
COMMON = {"hmp", "yoi", "hmyoi", "prison", "the", "and"}


def _luhn(digits):
    total = 0
    for position, digit in enumerate(int(d) for d in reversed(digits)):
        if position % 2:
            digit = digit * 2 - 9 if digit > 4 else digit * 2
        total += digit
    return total % 10 == 0


def _cards(text):
    def replace(match):
        digits = re.sub(r"\D", "", match.group())
        return "[card number]" if _luhn(digits) else match.group()
    return CARD.sub(replace, text)


def makers_changed(**kwargs):
    """A maker was saved (post_save): every process reads the private values again before its next line."""
    from storefront import generations

    generations.bump(GENERATION_KEY)


class _PrivateValues:
    """The makers' private values as one pattern, with the generation it was built at."""

    generation = pattern = None

    def current(self):
        from storefront import generations

        try:
            generation = generations.current(GENERATION_KEY)
        except Exception:
            generation = None  # no shared cache: read the database every time
        if generation is None or generation != self.generation or self.pattern is None:
            self.pattern, self.generation = self._read(), generation
        return self.pattern

    @staticmethod
    def _read():
        from makers.models import Maker

        values = set()
        for legal_name, establishment, prisoner_number in Maker.objects.values_list(
                "legal_name", "establishment", "prisoner_number"):
            for value in (legal_name, establishment, prisoner_number):
                value = value.strip()
                if value:
                    values.add(value)
                    values |= {word for word in value.split() if len(word) >= 3 and word.lower() not in COMMON}
        if not values:
            return None
        alternatives = "|".join(re.escape(value) for value in sorted(values, key=len, reverse=True))
        return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


_private_values = _PrivateValues()


def _withhold(text):
    return WITHHELD


def scrubber():
    """A function that redacts a text, or withholds it if the private values cannot be read now."""
    if _checking.get():
        return _withhold  # a line logged while reading them (the database's own logging)
    token = _checking.set(True)
    try:
        pattern = _private_values.current()
    except Exception:
        return _withhold
    finally:
        _checking.reset(token)

    def scrub(text):
        for shape, replacement in SHAPES:
            text = shape.sub(replacement, text)
        text = _cards(text)
        return pattern.sub("[private]", text) if pattern else text
    return scrub


class RedactPrivate(logging.Filter):
    """Rewrite a record's message, exception and request fields with private values redacted (never drops it)."""

    FIELDS = ("method", "path", "request_id")

    def filter(self, record):
        if not hasattr(record, "request_id"):
            record.request_id = request_id.get()  # the load balancer's, checked like the rest
        scrub = scrubber()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        kind = record.exc_info[0].__name__ if record.exc_info else None
        record.msg, record.args, record.exc_info = scrub(record.getMessage()), None, None
        if scrub is _withhold and kind:
            record.msg = f"{WITHHELD} ({kind})"  # the kind of exception says nothing private
        record.exc_text = scrub(record.exc_text) if record.exc_text else None
        record.stack_info = scrub(record.stack_info) if record.stack_info else None
        for field in self.FIELDS:
            if isinstance(getattr(record, field, None), str):
                setattr(record, field, scrub(getattr(record, field)))
        return True


class JsonLines(logging.Formatter):
    """One JSON object per line: time, level, logger, message, the request's or task's context, and the exception."""

    CONTEXT = ("method", "path", "status", "duration_ms")

    def format(self, record):
        line = {
            "time": datetime.datetime.fromtimestamp(record.created, datetime.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if getattr(record, "request_id", None):
            line["request_id"] = record.request_id
        line |= {name: getattr(record, name) for name in self.CONTEXT if hasattr(record, name)}
        running = running_task.get() or _celery_task(record)
        if running:
            line["task"], line["task_id"] = running
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            line["exception"] = record.exc_text
        if record.stack_info:
            line["stack"] = record.stack_info
        return json.dumps(line, ensure_ascii=False, default=str)


def _celery_task(record):
    """Celery's own lines about a task (received, succeeded, failed) name it in ``record.data``."""
    data = getattr(record, "data", None)
    if isinstance(data, dict) and data.get("name"):
        return data["name"], data.get("id")
    return None


request_logger = logging.getLogger("storefront.request")


class RequestLog:
    """Middleware: give the request an id (the load balancer's X-Request-ID, if it sent a sane one), carry it on every
    line logged meanwhile and on the response, and log the request once it is answered."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        rid = incoming if REQUEST_ID.match(incoming) else uuid.uuid4().hex
        token = request_id.set(rid)
        started = time.monotonic()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = rid
            duration_ms = round((time.monotonic() - started) * 1000, 1)
            request_logger.info("%s %s %s", request.method, request.path, response.status_code,
                                extra={"method": request.method, "path": request.path,
                                       "status": response.status_code, "duration_ms": duration_ms})
            return response
        finally:
            request_id.reset(token)


def task_started(task_id=None, task=None, **kwargs):
    """Celery's task_prerun: lines logged while the task runs carry its name and id."""
    if task is not None:
        task.request.log_context = running_task.set((task.name, task_id))


def task_finished(task=None, **kwargs):
    """Celery's task_postrun."""
    token = getattr(getattr(task, "request", None), "log_context", None)
    if token is not None:
        running_task.reset(token)
