"""What tests that start real server processes share: a free port, the test database's address for those processes,
and running ORM work on a connection of its own so the servers see it committed."""

import socket
import threading

from django.db import connection


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_database_url():
    """The test database as a DATABASE_URL, for a server process started by a test."""
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


test_database_url.__test__ = False  # a helper, not a test, whatever its name


def committed(function):
    """Run ``function`` in a thread of its own, so on its own autocommitting connection outside the test's
    transaction, and return its result (or raise what it raised)."""
    outcome = {}

    def run():
        try:
            outcome["value"] = function()
        except BaseException as problem:  # noqa: BLE001 - raised again in the test's thread
            outcome["error"] = problem
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]
