"""Settings for Through the Gate, read from the environment (see README "Configuration").

With no environment at all this is the embedded demo: SQLite (search included), eager Celery, local-memory cache, the
demo payment gateway and emails on the console. Production sets DEBUG=0 and the URLs of PostgreSQL and Redis.
"""

from pathlib import Path

from oscar.defaults import *  # noqa: F401,F403  Oscar's own defaults, overridden below

from storefront import config

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(config.env_str("VAR_DIR") or BASE_DIR / "var")
VAR_DIR.mkdir(parents=True, exist_ok=True)  # the embedded defaults (SQLite, media) live here

DEBUG = config.env_bool("DEBUG", default=True)
SECRET_KEY = config.secret_key(DEBUG)
ALLOWED_HOSTS = config.env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
if not DEBUG and not ALLOWED_HOSTS:
    raise config.ConfigError("ALLOWED_HOSTS is empty and DEBUG is off; list the shop's host names, comma separated.")
CSRF_TRUSTED_ORIGINS = config.env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.flatpages",
    "django.contrib.humanize",
    "django.forms",  # the form renderer below finds Django's own widget templates through the app
    # The project's own apps.
    "storefront.apps.StorefrontConfig",
    "makers.apps.MakersConfig",
    "payouts.apps.PayoutsConfig",
    "storefront.shop.apps.ShopConfig",
    # Oscar, with the catalogue, checkout, shipping, partner (its strategy), basket, customer and wish lists forked.
    "oscar.config.Shop",
    "oscar.apps.analytics.apps.AnalyticsConfig",
    "storefront.shop.checkout.apps.CheckoutConfig",
    "oscar.apps.address.apps.AddressConfig",
    "storefront.shop.shipping.apps.ShippingConfig",
    "catalogue.apps.CatalogueConfig",
    "oscar.apps.catalogue.reviews.apps.CatalogueReviewsConfig",
    "oscar.apps.communication.apps.CommunicationConfig",
    "storefront.shop.partner.apps.PartnerConfig",
    "storefront.shop.basket.apps.BasketConfig",
    "oscar.apps.payment.apps.PaymentConfig",
    "oscar.apps.offer.apps.OfferConfig",
    "oscar.apps.order.apps.OrderConfig",
    "storefront.shop.customer.apps.CustomerConfig",
    "storefront.shop.search.apps.SearchConfig",  # browse and search pages from the database (catalogue.search)
    "oscar.apps.voucher.apps.VoucherConfig",
    "storefront.shop.wishlists.apps.WishlistsConfig",
    "oscar.apps.dashboard.apps.DashboardConfig",
    "oscar.apps.dashboard.reports.apps.ReportsDashboardConfig",
    "oscar.apps.dashboard.users.apps.UsersDashboardConfig",
    "storefront.shop.orders_dashboard.apps.OrdersDashboardConfig",  # scoped to the instructor's lines (trap 5)
    "catalogue.dashboard.apps.CatalogueDashboardConfig",  # scoped to the user's workshops, with the review queue
    "oscar.apps.dashboard.offers.apps.OffersDashboardConfig",
    "oscar.apps.dashboard.partners.apps.PartnersDashboardConfig",
    "oscar.apps.dashboard.pages.apps.PagesDashboardConfig",
    "oscar.apps.dashboard.ranges.apps.RangesDashboardConfig",
    "oscar.apps.dashboard.reviews.apps.ReviewsDashboardConfig",
    "oscar.apps.dashboard.vouchers.apps.VouchersDashboardConfig",
    "oscar.apps.dashboard.communications.apps.CommunicationsDashboardConfig",
    "oscar.apps.dashboard.shipping.apps.ShippingDashboardConfig",
    "widget_tweaks",
    "treebeard",
    "django_tables2",
    "sorl.thumbnail",
    # Wagtail.
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
]

MIDDLEWARE = [
    "storefront.health.HealthChecks",  # /healthz/ and /readyz/, before the host check and the HTTPS redirect
    "storefront.logs.RequestLog",  # a request id, and one log line per request
    "django.middleware.security.SecurityMiddleware",
    "storefront.csp.SitePolicyMiddleware",  # Content-Security-Policy, one per part of the site
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "oscar.apps.basket.middleware.BasketMiddleware",
    "storefront.middleware.LimitSearchQuery",
    "storefront.middleware.PrivatePagesNotStored",
    "storefront.throttle.ThrottleMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

# Forked Oscar apps whose models are unchanged keep Oscar's own migrations.
MIGRATION_MODULES = {"shipping": "oscar.apps.shipping.migrations", "basket": "oscar.apps.basket.migrations",
                     "partner": "oscar.apps.partner.migrations", "customer": "oscar.apps.customer.migrations",
                     "wishlists": "oscar.apps.wishlists.migrations"}

ROOT_URLCONF = "storefront.urls"
WSGI_APPLICATION = "storefront.wsgi.application"
AUTH_USER_MODEL = "storefront.User"
SITE_ID = 1

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.template.context_processors.i18n",
                "django.contrib.messages.context_processors.messages",
                "oscar.apps.checkout.context_processors.checkout",
                "oscar.apps.communication.notifications.context_processors.notifications",
                "oscar.core.context_processors.metadata",
                "storefront.navigation.context_processor",
            ],
        },
    },
]

# Widgets are rendered through TEMPLATES, so templates/ can replace one (Oscar's image widget, storefront/csp.py).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

DATABASES = {"default": config.database(config.env_str("DATABASE_URL"), VAR_DIR / "db.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = config.redis_url("REDIS_URL")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "storefront.rediscache.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTHENTICATION_BACKENDS = [
    "oscar.apps.customer.auth_backends.EmailBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_REDIRECT_URL = "/shop/accounts/profile/"
# How many proxies in front of gunicorn append the visitor's address to X-Forwarded-For (storefront.throttle counts
# sign-in attempts by address as well as by account).
TRUSTED_PROXIES = config.env_int("TRUSTED_PROXIES", 0)
RATELIMIT_USE_CACHE = "default"  # Redis in production: every worker counts together

LANGUAGE_CODE = "en-gb"
LANGUAGES = [("en-gb", "British English")]
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Media: local folders by default, S3 buckets when AWS_STORAGE_BUCKET_NAME is set (storefront/media.py).
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(config.env_str("MEDIA_ROOT") or VAR_DIR / "media")
PRIVATE_MEDIA_ROOT = Path(config.env_str("PRIVATE_MEDIA_ROOT") or VAR_DIR / "private")
STORAGES = config.media_storages() | {
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "storefront.staticfiles.StaticFiles"
    },
}

# Email.
globals().update(config.email(config.env_str("EMAIL_URL")))
DEFAULT_FROM_EMAIL = config.env_str("DEFAULT_FROM_EMAIL", "Through the Gate <shop@throughthegate.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Celery: eager (in-process) when no broker is configured, so the demo needs no Redis.
CELERY_BROKER_URL = config.redis_url("CELERY_BROKER_URL")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
# Celery's Django fix-up closes a worker's database connection around every task unless told to reuse it; tasks keep it
# like requests do instead (CONN_MAX_AGE, health checks: storefront/celery.py), and the fix-up recycles it only
# every 10,000 tasks.
CELERY_DB_REUSE_MAX = 10_000
from payouts.schedule import BEAT_SCHEDULE as PAYOUTS_BEAT_SCHEDULE  # noqa: E402
from storefront.shop.schedule import BEAT_SCHEDULE as SHOP_BEAT_SCHEDULE  # noqa: E402

CELERY_BEAT_SCHEDULE = PAYOUTS_BEAT_SCHEDULE | SHOP_BEAT_SCHEDULE
from makers.schedule import BEAT_SCHEDULE as MAKERS_BEAT_SCHEDULE  # noqa: E402

CELERY_BEAT_SCHEDULE |= MAKERS_BEAT_SCHEDULE

# Thumbnails: sorl-thumbnail writes them to the media storage and remembers them in the database, with the shared
# cache in front, so every server finds the thumbnails any server made (its default, said here on purpose).
THUMBNAIL_STORAGE = "default"
THUMBNAIL_KVSTORE = "sorl.thumbnail.kvstores.cached_db_kvstore.KVStore"

# Stripe: the demo gateway is used only when no keys are set.
STRIPE_SECRET_KEY = config.env_str("STRIPE_SECRET_KEY")
STRIPE_PUBLISHABLE_KEY = config.env_str("STRIPE_PUBLISHABLE_KEY")
STRIPE_WEBHOOK_SECRET = config.env_str("STRIPE_WEBHOOK_SECRET")
if bool(STRIPE_SECRET_KEY) != bool(STRIPE_PUBLISHABLE_KEY):
    raise config.ConfigError("set both STRIPE_SECRET_KEY and STRIPE_PUBLISHABLE_KEY, or neither for the demo gateway.")
# Where the shop asks Stripe's API and where the payment page loads Stripe.js from: Stripe's own by default, or a
# Stripe-compatible server such as localstripe (README, Payments). One setting each, read by everything that needs them.
STRIPE_API_BASE = config.web_address("STRIPE_API_BASE", "https://api.stripe.com").rstrip("/")
STRIPE_JS_URL = config.web_address("STRIPE_JS_URL", "https://js.stripe.com/v3/")

# Money (DOMAIN.md): integer pence, one currency.
SHOP_CURRENCY = "GBP"
SHOP_VAT_REGISTERED = config.env_bool("SHOP_VAT_REGISTERED", default=True)
SHOP_VAT_RATE_BP = config.env_int("SHOP_VAT_RATE_BP", 2000)
# An order placed but not paid within this time is cancelled and its stock released (shop.tasks.expire_unpaid_orders).
SHOP_PAYMENT_MINUTES = config.env_int("SHOP_PAYMENT_MINUTES", 30)

# Oscar.
OSCAR_SHOP_NAME = "Through the Gate"
OSCAR_SHOP_TAGLINE = "Made by members of a prison cooperative, inside and after release"
OSCAR_HOMEPAGE = "/"
OSCAR_DEFAULT_CURRENCY = SHOP_CURRENCY
OSCAR_PRODUCTS_PER_PAGE = 24
OSCAR_HIDDEN_FEATURES = ["reviews"]  # the shop shows makers' stories, not star ratings
OSCAR_FROM_EMAIL = DEFAULT_FROM_EMAIL
OSCAR_ALLOW_ANON_CHECKOUT = True
# Back-in-stock alerts are sent by a beat task (storefront.shop.tasks.send_stock_alerts), not inside the checkout
# request that changed the stock.
OSCAR_EAGER_ALERTS = False
# Orders are placed "Pending payment" and moved on by payment events (storefront/shop/pipeline.py), not by hand.
OSCAR_INITIAL_ORDER_STATUS = OSCAR_INITIAL_LINE_STATUS = "Pending payment"
OSCAR_ORDER_STATUS_PIPELINE = {
    "Pending payment": (), "Paid": (), "Partly refunded": (), "Refunded": (), "Disputed": (), "Cancelled": (),
}
OSCAR_LINE_STATUS_PIPELINE = {
    "Pending payment": (), "Paid": ("Sent to workshop",), "Sent to workshop": (), "Partly refunded": (),
    "Refunded": (), "Cancelled": (),
}
# The co-op admins' listing review queue (catalogue/dashboard/), first in the dashboard's Catalogue menu.
OSCAR_DASHBOARD_NAVIGATION = [
    entry | {"children": [{"label": "Review listings", "url_name": "dashboard:catalogue-review-list"},
                          *entry["children"]]}
    if entry.get("icon") == "fas fa-sitemap" else entry
    for entry in OSCAR_DASHBOARD_NAVIGATION
]
OSCAR_REQUIRED_ADDRESS_FIELDS = ("first_name", "last_name", "line1", "line4", "postcode", "country")
# Oscar's own search modules import haystack; the forked search app replaces them (storefront/shop/search/loading.py).
OSCAR_DYNAMIC_CLASS_LOADER = "storefront.shop.search.loading.class_loader"


def _holds(permission):
    """Menu entries of the co-op's own dashboard screens show to those holding the screen's permission."""
    return lambda user, *args, **kwargs: user.has_perm(permission)


OSCAR_DASHBOARD_NAVIGATION = OSCAR_DASHBOARD_NAVIGATION + [  # noqa: F405  from oscar.defaults
    {
        "label": "Co-op",
        "icon": "fas fa-hands-helping",
        "children": [
            {"label": "Payout runs", "url_name": "payouts:runs", "access_fn": _holds("payouts.view_payoutrun")},
            {"label": "Held sales", "url_name": "payouts:held", "access_fn": _holds("payouts.view_transaction")},
            {"label": "Split policies", "url_name": "payouts:policies",
             "access_fn": _holds("payouts.view_splitpolicy")},
            {"label": "Makers", "url_name": "makers-dashboard:list", "access_fn": _holds("makers.view_maker")},
            {"label": "Meetings and votes", "url_name": "governance:meetings",
             "access_fn": _holds("makers.view_meeting")},
            {"label": "Audit log", "url_name": "audit-log", "access_fn": _holds("storefront.view_auditentry")},
            {"label": "Stripe events", "url_name": "stripe-events", "access_fn": _holds("shop.view_stripeevent")},
        ],
    },
]

# Wagtail.
WAGTAIL_SITE_NAME = "Through the Gate"
WAGTAILADMIN_BASE_URL = config.env_str("WAGTAILADMIN_BASE_URL", "http://localhost:8000")
# Stories and listings are searched in the shop's own database (modelsearch: PostgreSQL full text search, SQLite FTS5),
# so every web server sees the same index. Words are stemmed as English whatever the server's default configuration.
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database", "SEARCH_CONFIG": "english"}}
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAILIMAGES_IMAGE_FORM_BASE = "storefront.image_forms.ImageForm"  # strips EXIF and GPS like every upload
WAGTAIL_I18N_ENABLED = False
# Nothing in the CMS is fetched from elsewhere: no avatars from Gravatar, no check for new Wagtail releases.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILADMIN_RICH_TEXT_EDITORS = {"default": {"WIDGET": "storefront.draftail.CheckedDraftailRichTextArea"}}
# Documents live in the private storage and are downloads only: always streamed through Wagtail's view, which applies
# collection privacy (never a redirect to the stored file), every kind as an attachment with nosniff, and only the
# kinds editors publish (no HTML, SVG or XML that a browser would run).
WAGTAILDOCS_DOCUMENT_MODEL = "storefront.CoopDocument"
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_INLINE_CONTENT_TYPES = []
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "odt", "xlsx", "ods", "pptx", "odp", "csv", "txt"]

# Security. Wagtail's page preview is framed by its own admin, hence SAMEORIGIN rather than DENY.
X_FRAME_OPTIONS = "SAMEORIGIN"
SILENCED_SYSTEM_CHECKS = ["security.W019"]
SESSION_COOKIE_HTTPONLY = True
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = config.env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = config.env_int("SECURE_HSTS_SECONDS", 31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# Logs: one JSON object per line on stdout in production (LOG_JSON, on when DEBUG is off), every record through the
# filter that redacts private values (storefront/logs.py). Django's own handlers are dropped, so nothing bypasses it;
# a request's line comes from storefront.logs.RequestLog, so Django's own "Not Found" warnings would only repeat it.
LOG_LEVEL = config.log_level(default="WARNING" if DEBUG else "INFO")
LOG_JSON = config.env_bool("LOG_JSON", default=not DEBUG)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"private": {"()": "storefront.logs.RedactPrivate"}},
    "formatters": {"json": {"()": "storefront.logs.JsonLines"},
                   "plain": {"format": "%(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout", "filters": ["private"],
                             "formatter": "json" if LOG_JSON else "plain"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {"django": {"handlers": [], "level": "INFO"}, "django.request": {"level": "ERROR"}},
}
