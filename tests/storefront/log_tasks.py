"""A task that fails with a careless message, for the real worker of tests/storefront/test_logs.py (``--include``)."""

import logging

from storefront.celery import app

logger = logging.getLogger(__name__)


@app.task(name="tests.failing_statement")
def failing_statement(maker_id, buyer_email):
    from makers.models import Maker

    maker = Maker.objects.get(pk=maker_id)
    logger.warning("Writing the statement of %s (%s) for %s", maker.legal_name, maker.prisoner_number, buyer_email)
    raise ValueError(f"statement failed for {maker.legal_name} at {maker.establishment}")
