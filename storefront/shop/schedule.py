"""Celery beat schedule of the shop: Stripe events left unapplied, and paid orders without their payment fee, are
queued again; orders left unpaid are cancelled and their stock released; buyers waiting for a product hear when it is
back in stock; pages an editor scheduled in Wagtail go live or offline on time.

settings.py merges this with payouts.schedule.BEAT_SCHEDULE into CELERY_BEAT_SCHEDULE.
"""

from celery.schedules import crontab

BEAT_SCHEDULE = {
    "shop-apply-waiting-stripe-events": {
        "task": "storefront.shop.tasks.apply_waiting_stripe_events",
        "schedule": crontab(minute="*/5"),
    },
    "shop-sweep-payment-fees": {
        "task": "storefront.shop.tasks.sweep_payment_fees",
        "schedule": crontab(minute=40),
    },
    "shop-expire-unpaid-orders": {
        "task": "storefront.shop.tasks.expire_unpaid_orders",
        "schedule": crontab(minute="*/5"),
    },
    "pages-publish-scheduled": {
        "task": "storefront.tasks.publish_scheduled_pages",
        "schedule": crontab(minute="*/5"),
    },
    "shop-send-stock-alerts": {
        "task": "storefront.shop.tasks.send_stock_alerts",
        "schedule": crontab(minute="*/15"),
    },
}
