"""Lotsa's settings, read top to bottom.

Every value an operator may change comes from an environment variable declared through
``lotsa.config``; ``lotsa settingsdoc`` writes the reference page (docs/configuration.md)
from those declarations, so the page cannot drift from the code.
"""

from __future__ import annotations

import datetime
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from lotsa import config

SRC_DIR = Path(__file__).resolve().parent
PROJECT_DIR = SRC_DIR.parent.parent

PRODUCTION = config.env_bool(
    "LOTSA_PRODUCTION",
    default=True,
    help="Production mode: HTTPS-only cookies, HSTS, no debug pages, keys and allowed hosts "
    "required, no development tools (see LOTSA_DEMO). The default; development (generated "
    "local keys, debug pages on plain HTTP) must be asked for with False, as `make run` and "
    "`make test` do.",
)
DEBUG = config.env_bool(
    "LOTSA_DEBUG",
    default=not PRODUCTION,
    help="Django debug pages. Off in production mode unless set explicitly.",
    shown="True, or False in production mode",
)
DATA_DIR = Path(
    config.env_str(
        "LOTSA_DATA_DIR",
        default=str(PROJECT_DIR / "var"),
        help="Folder for the embedded database, the generated local secret key and uploads.",
        shown="var/ in the checkout",
    )
)
SECRET_KEY = config.secret(
    "SECRET_KEY",
    data_dir=DATA_DIR,
    production=PRODUCTION,
    purpose="Signing key of sessions and tokens.",
    local_file="secret_key",
)
# Pseudonyms have a key of their own, so that rotating SECRET_KEY leaves them as they were; the
# codes of linking studies are derived from it too (see lotsa/people/pseudonyms.py).
PSEUDONYM_KEY = config.secret(
    "LOTSA_PSEUDONYM_KEY",
    data_dir=DATA_DIR,
    production=PRODUCTION,
    purpose="Key of the pseudonyms in the export of all enrolments made by staff who see the "
    "people, and of the keys of linking studies. Keep it apart from SECRET_KEY and out of the "
    "database; changing it changes those pseudonyms.",
    local_file="pseudonym_key",
)
# Keys signed with before the last rotation: sessions and signed links made with them stay valid
# until they expire, rather than everyone being signed out at once.
SECRET_KEY_FALLBACKS = config.secret_list(
    "SECRET_KEY_FALLBACKS",
    help="Earlier values of SECRET_KEY still accepted after a rotation (comma-separated; one a "
    "line in SECRET_KEY_FALLBACKS_FILE). Remove them once the longest session has run out.",
)
ALLOWED_HOSTS = config.env_list(
    "ALLOWED_HOSTS",
    default=[] if PRODUCTION else ["localhost", "127.0.0.1", "[::1]", "testserver"],
    help="Comma-separated host names the server answers to. Required in production mode.",
    shown="local addresses; none in production mode",
)
CSRF_TRUSTED_ORIGINS = config.env_list(
    "CSRF_TRUSTED_ORIGINS",
    default=[],
    help="Comma-separated origins (scheme and host) trusted for form posts behind a proxy.",
)

INSTALLED_APPS = [
    # Before django.contrib.auth, so that its changepassword command replaces Django's: a password
    # changed from the command line revokes API tokens and is audited like any other.
    "lotsa.accounts",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    # Sign-in through the organisations' identity providers (OpenID Connect) and second
    # factors; lotsa.accounts.adapters shapes them to pre-created accounts.
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "allauth.mfa",
    # Its static files: the API's documentation page is served from Lotsa's own origin.
    "ninja",
    "lotsa.core",
    "lotsa.organisations",
    "lotsa.people",
    "lotsa.pathways",
    "lotsa.casework",
    "lotsa.cohorts",
    "lotsa.jom",
    "lotsa.worktraining",
    "lotsa.referrals",
    "lotsa.timereports",
    "lotsa.timeuse",
    "lotsa.teamwork",
    "lotsa.participant_space",
    "lotsa.surveys",
    "lotsa.documents",
    "lotsa.employment",
    "lotsa.fidelity",
    "lotsa.improvement",
    "lotsa.outcomes",
    "lotsa.retention",
    "lotsa.socioeconomics",
    "lotsa.audit",
]
# The tools for development have no place in a production database: their apps, and so their
# tables, are installed in development mode only. A trial installation may keep the demo.
DEMO_APP = "lotsa.tools.demo"
TOOL_APPS = [DEMO_APP, "lotsa.tools.synth", "lotsa.tools.bench"]
DEMO = config.env_bool(
    "LOTSA_DEMO",
    default=False,
    help="In production mode, install the demo (`lotsa demo` loads invented organisations, "
    "staff and cases) for a trial installation; the other development tools stay out. "
    "Development mode always has the demo, the synthetic data and the benchmark.",
)
if not PRODUCTION:
    INSTALLED_APPS += TOOL_APPS
elif DEMO:
    INSTALLED_APPS.append(DEMO_APP)

MIDDLEWARE = [
    # Before anything asks whether the request came over HTTPS.
    "lotsa.core.middleware.ForwardedSchemeMiddleware",
    # Early, so that every log line of a request carries its id (lotsa.core.logs).
    "lotsa.core.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Static files are answered before sessions, languages or the audit context are set up for
    # them: they hold nothing personal, and the redirect to HTTPS has already happened.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # /healthz and /readyz, answered to probes on any host name (see lotsa.core.health).
    "lotsa.core.health.HealthProbeMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "lotsa.accounts.middleware.IdleSessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "lotsa.core.middleware.PrivateAnswersMiddleware",
    "lotsa.core.middleware.LanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "lotsa.audit.middleware.RequestContextMiddleware",
    "lotsa.core.middleware.AccessErrorMiddleware",
    "lotsa.core.middleware.NulCharacterMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "lotsa.accounts.secondfactor.SecondFactorMiddleware",
    "lotsa.participant_space.boundary.ParticipantBoundaryMiddleware",
    # Axes must come last so that it sees the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "lotsa.urls"
WSGI_APPLICATION = "lotsa.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "lotsa.core.context.navigation",
                "lotsa.participant_space.reading.reading_choice",
            ],
            # Every page writes numbers and per cents through the same filters, and names a
            # programme model by its name in the reader's language, never by its code.
            "builtins": [
                "lotsa.core.templatetags.numbers",
                "lotsa.core.templatetags.programmes",
            ],
        },
    },
]

# Databases ---------------------------------------------------------------------------------
DATABASES = {
    "default": config.database(
        "DATABASE_URL",
        default=f"sqlite:///{DATA_DIR / 'lotsa.sqlite3'}",
        help="Database address: sqlite:///path (the default, under the data folder) or "
        "postgres://user:password@host:port/name.",
        shown="SQLite file in the data folder",
    )
}
# Reports and exports read from a streaming replica when there is one; everything else, every
# write and every audit entry stays on the primary (lotsa.core.replica, docs/deployment.md).
_replica = config.replica_database(
    "DATABASE_REPLICA_URL",
    primary=DATABASES["default"],
    help="Address of a PostgreSQL streaming replica of DATABASE_URL's database (postgres://user"
    "@host:port/name). Reports and exports read from it, and from the primary while it does not "
    "answer; unset, everything reads from the primary.",
)
if _replica is not None:
    DATABASES["replica"] = _replica
DATABASE_ROUTERS = ["lotsa.core.replica.ReplicaRouter"]
# The database alias reports and exports read from, or None for the primary.
READ_REPLICA = "replica" if _replica is not None else None
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Authentication and sessions ---------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    # Axes refuses a locked-out username before the password is even checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# django-allauth runs the sign-in: the password form, the identity providers' callbacks and the
# second factor. Accounts are created by administrators, never by signing up.
ACCOUNT_ADAPTER = "lotsa.participant_space.boundary.SignInAdapter"
SOCIALACCOUNT_ADAPTER = "lotsa.participant_space.eid.EidSignInAdapter"
MFA_ADAPTER = "lotsa.accounts.adapters.SecondFactorAdapter"
ACCOUNT_LOGIN_METHODS = {"username"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "password1*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
# Failed passwords are counted and refused by axes (lotsa.accounts.signin), by rules that do not
# let one office's address lock everyone out; allauth's own counters would undo that.
ACCOUNT_RATE_LIMITS = {"login": None, "login_failed": None}
SOCIALACCOUNT_AUTO_SIGNUP = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_QUERY_EMAIL = False
SOCIALACCOUNT_ONLY = False
MFA_SUPPORTED_TYPES = ["totp", "webauthn", "recovery_codes"]
MFA_PASSKEY_LOGIN_ENABLED = True
MFA_TOTP_ISSUER = "Lotsa"
# A browser treats http://localhost as secure, so passkeys work on the development server.
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = not PRODUCTION
# Roles whose holders may not sign in with a password at all (comma-separated role codes); they
# sign in through their organisation's identity provider. Empty: passwords work for every role.
PASSWORD_SIGN_IN_DISABLED_FOR = config.env_list(
    "PASSWORD_SIGN_IN_DISABLED_FOR",
    default=[],
    help="Comma-separated roles that may not sign in with a local password, only through an "
    "identity provider or a passkey: coach, supervisor, manager, fidelity_reviewer, analyst, "
    "administrator, records_officer, participant. Someone who also holds a role not listed "
    "keeps their password.",
)
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "lotsa.accounts.validators.NotCurrentPasswordValidator"},
]
SESSION_IDLE_MINUTES = config.env_int(
    "SESSION_IDLE_MINUTES",
    default=30,
    help="Minutes without activity after which a signed-in session ends.",
)
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
# Saving a session moves its expiry a cookie age ahead, which makes the age an idle timeout;
# lotsa.accounts.middleware saves it at most this often rather than on every request.
SESSION_REFRESH_SECONDS = min(60, SESSION_COOKIE_AGE // 10)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Sign-in protection (lotsa.accounts.signin; docs/sign-in.md). Three limits: a username at one
# address is locked soon, the username everywhere only after far more failures (so that guessing
# from one place cannot lock its owner out), and an address that fails with any usernames is
# slowed down rather than locked, as a whole office may sign in from one NAT address.
LOGIN_FAILURE_LIMIT = config.env_int(
    "LOGIN_FAILURE_LIMIT",
    default=5,
    help="Failed sign-ins with one username from one address after which that username is "
    "locked at that address.",
)
LOGIN_LOCKOUT_MINUTES = config.env_int(
    "LOGIN_LOCKOUT_MINUTES",
    default=15,
    help="Minutes a username's failed sign-ins count, and a locked username stays locked, after "
    "its last failure.",
)
LOGIN_ACCOUNT_FAILURE_LIMIT = config.env_int(
    "LOGIN_ACCOUNT_FAILURE_LIMIT",
    default=30,
    help="Failed sign-ins with one username from all addresses together after which it is "
    "locked everywhere. Must exceed LOGIN_FAILURE_LIMIT, so that it takes many addresses.",
)
if LOGIN_ACCOUNT_FAILURE_LIMIT <= LOGIN_FAILURE_LIMIT:
    raise ImproperlyConfigured(
        "LOGIN_ACCOUNT_FAILURE_LIMIT must be higher than LOGIN_FAILURE_LIMIT: otherwise anyone "
        "who knows a username can lock its owner out from anywhere."
    )
LOGIN_ADDRESS_FAILURE_LIMIT = config.env_int(
    "LOGIN_ADDRESS_FAILURE_LIMIT",
    default=30,
    help="Failed sign-ins from one address, with any usernames, within "
    "LOGIN_ADDRESS_WINDOW_MINUTES after which each further failure makes the address wait: "
    "1 second, doubling up to LOGIN_ADDRESS_MAX_DELAY_SECONDS. Failures of a username that "
    "then signs in from there no longer count. An IPv6 address counts with its /64 network.",
)
LOGIN_ADDRESS_WINDOW_MINUTES = config.env_int(
    "LOGIN_ADDRESS_WINDOW_MINUTES",
    default=60,
    help="Minutes an address's failed sign-ins count towards LOGIN_ADDRESS_FAILURE_LIMIT.",
)
LOGIN_ADDRESS_MAX_DELAY_SECONDS = config.env_int(
    "LOGIN_ADDRESS_MAX_DELAY_SECONDS",
    default=300,
    help="Longest wait an address is given after a failed sign-in.",
)
TRUSTED_PROXIES = config.env_networks(
    "TRUSTED_PROXIES",
    help="Comma-separated addresses or networks (e.g. 127.0.0.1,10.0.0.0/8) of reverse proxies "
    "in front of Lotsa. A request through them counts as coming from the address they give in "
    "X-Forwarded-For, for sign-in limits and the audit trail, and its log lines carry the "
    "request id they give in X-Request-ID. Set it behind a proxy, or every sign-in seems to "
    "come from the proxy.",
)
# Axes records the failures (one row per username, address and browser, cleared for the username
# and address by a successful sign-in); lotsa.accounts.signin decides from them.
AXES_HANDLER = "lotsa.accounts.signin.SignInHandler"
AXES_LOCK_OUT_AT_FAILURE = False  # the handler locks; axes has a single limit only
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_FAILURE_LIMIT = LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = datetime.timedelta(
    minutes=max(LOGIN_LOCKOUT_MINUTES, LOGIN_ADDRESS_WINDOW_MINUTES)
)
# A refused attempt checks no password, so it neither counts nor prolongs a lock.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "lotsa.accounts.signin.client_network"
AXES_LOCKOUT_CALLABLE = "lotsa.accounts.views.sign_in_refused"
AXES_VERBOSE = False

SMALL_CELL_LIMIT = config.env_int(
    "SMALL_CELL_LIMIT",
    default=5,
    help="Outcome report counts below this are shown as '< N' to viewers who may not see the "
    "people behind them, and the figures that would reveal them are hidden too. In the "
    "generalised export of all enrolments, every combination of unit, sex and age band is "
    "shared by at least this many people.",
)
# The export of all enrolments for viewers who may not see the people is generalised (see
# docs/outcomes.md): units with fewer enrolments than this in the export are merged into
# "other units" (never fewer than SMALL_CELL_LIMIT).
EXPORT_UNIT_MINIMUM = config.env_int(
    "LOTSA_EXPORT_UNIT_MINIMUM",
    default=20,
    help="In the generalised export of all enrolments, units with fewer enrolments than this "
    "(and at least SMALL_CELL_LIMIT) are merged into one group of other units.",
)
# Registered studies whose exports link: the same pseudonyms in each of the study's exports.
LINKING_STUDIES = config.env_codes(
    "LOTSA_LINKING_STUDIES",
    help="Comma-separated code:organisation-id pairs of registered studies that need their "
    "exports linked, e.g. ips-follow-up-2026:12. A study's exports cover only its "
    "organisation's units, may be made by the organisation's managers and analysts, are "
    "generalised like every export for analysis and carry pseudonyms of the study's own "
    "that stay the same from one of its exports to the next. Empty: every export for analysis "
    "gets pseudonyms of its own.",
)
API_TOKEN_DAYS = config.env_int(
    "API_TOKEN_DAYS",
    default=90,
    help="Days an API token stays valid after it is created.",
)
API_RATE_LIMIT = config.env_int(
    "API_RATE_LIMIT",
    default=600,
    help="API requests a minute one token may make; more are answered 429 with Retry-After. "
    "Counted by each server process.",
)
API_ANONYMOUS_RATE_LIMIT = config.env_int(
    "API_ANONYMOUS_RATE_LIMIT",
    default=60,
    help="API requests a minute without a valid token that one address may make; more are "
    "answered 429 with Retry-After. Counted by each server process.",
)

# Audit trail ---------------------------------------------------------------------------------
# The chain's hashes are keyed with a secret the database does not hold, and checkpoints of its
# head are kept outside it, so that someone who can write to the database can neither rewrite
# the trail nor shorten it unnoticed (see docs/audit.md).
AUDIT_KEY = config.secret(
    "LOTSA_AUDIT_KEY",
    data_dir=DATA_DIR,
    production=PRODUCTION,
    purpose="Key of the audit trail's hash chain and checkpoints. Keep it out of the database "
    "and its backups; the trail cannot be verified without it.",
    local_file="audit_key",
)
_checkpoint_file = config.env_str(
    "LOTSA_AUDIT_CHECKPOINT_FILE",
    default="" if PRODUCTION else str(DATA_DIR / "audit-checkpoints.jsonl"),
    help="File the audit trail's checkpoints are appended to. Required in production mode, "
    "outside the data folder and the database's backups.",
    shown="audit-checkpoints.jsonl in the data folder; required in production mode",
)
if PRODUCTION and (
    not _checkpoint_file or Path(_checkpoint_file).resolve().is_relative_to(DATA_DIR.resolve())
):
    raise ImproperlyConfigured(
        "LOTSA_AUDIT_CHECKPOINT_FILE must name a file outside LOTSA_DATA_DIR in production mode."
    )
AUDIT_CHECKPOINT_FILE = Path(_checkpoint_file)
AUDIT_CHECKPOINT_EVERY = config.env_int(
    "LOTSA_AUDIT_CHECKPOINT_EVERY",
    default=1000,
    help="A checkpoint of the audit trail is taken after every so many entries (and whenever "
    "`lotsa audit checkpoint` runs, e.g. from a timer).",
)
AUDIT_CHECKPOINT_EMAIL = config.env_list(
    "LOTSA_AUDIT_CHECKPOINT_EMAIL",
    default=[],
    help="Comma-separated addresses each checkpoint is also mailed to.",
)
EMAIL_HOST = config.env_str(
    "EMAIL_HOST", default="localhost", help="Mail server for the mail Lotsa sends."
)
EMAIL_PORT = config.env_int("EMAIL_PORT", default=25, help="Port of the mail server.")
_email_security = config.env_choice(
    "EMAIL_SECURITY",
    default="starttls" if PRODUCTION else "none",
    choices=["none", "starttls", "tls"],
    help="How the connection to the mail server is protected: starttls (usually port 587), tls "
    "(implicit TLS, usually port 465) or none (only for a mail server on this machine).",
    shown="starttls; none in development mode",
)
EMAIL_USE_TLS = _email_security == "starttls"
EMAIL_USE_SSL = _email_security == "tls"
EMAIL_HOST_USER = config.env_str(
    "EMAIL_HOST_USER", default="", help="User name at the mail server, if it asks for one."
)
EMAIL_HOST_PASSWORD = config.optional_secret(
    "EMAIL_HOST_PASSWORD", help="Password at the mail server, if it asks for one."
)
EMAIL_TIMEOUT = config.env_int(
    "EMAIL_TIMEOUT", default=30, help="Seconds to wait for the mail server before giving up."
)
DEFAULT_FROM_EMAIL = config.env_str(
    "DEFAULT_FROM_EMAIL",
    default="lotsa@localhost",
    help="Sender address of the mail Lotsa sends.",
)

# Retention ----------------------------------------------------------------------------------
RETENTION_YEARS = config.env_int(
    "LOTSA_RETENTION_YEARS",
    default=5,
    help="Years a closed case is kept before `lotsa retention` erases its content, for "
    "organisations without a retention rule of their own (set under Administration, per "
    "organisation and programme model, after the archive rules that bind it).",
)

# The About page: source code and accessibility statement -------------------------------------
SOURCE_CODE_URL = config.env_str(
    "LOTSA_SOURCE_URL",
    default="",
    help="Where the source code of this installation is published, with the operator's changes "
    "(Lotsa is under the AGPL, which asks a network service to offer its users the source). "
    "Unset: the About page offers the installed source as a download.",
    shown="the installed source, downloaded from the About page",
)
ACCESSIBILITY_CONTACT = config.env_str(
    "LOTSA_ACCESSIBILITY_CONTACT",
    default="",
    help="E-mail address or web page where users report what they cannot use; shown in the "
    "accessibility statement on the About page.",
)
ACCESSIBILITY_ASSESSED_ON = config.env_date(
    "LOTSA_ACCESSIBILITY_ASSESSED_ON",
    help="The day (YYYY-MM-DD) the operator last assessed the accessibility of this "
    "installation; shown in the accessibility statement.",
)
ACCESSIBILITY_COMPLAINTS_URL = config.env_str(
    "LOTSA_ACCESSIBILITY_COMPLAINTS_URL",
    default="",
    help="Web page of the supervisory authority users may turn to when an accessibility report "
    "gets no satisfying answer (in Sweden the Agency for Digital Government, DIGG; in Denmark "
    "the Agency for Digital Government, Digitaliseringsstyrelsen).",
)

# Security headers ----------------------------------------------------------------------------
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
SECURE_SSL_REDIRECT = (
    config.env_bool(
        "SECURE_SSL_REDIRECT",
        default=True,
        help="In production mode, redirect plain HTTP to HTTPS (turn off when a proxy does it).",
    )
    and PRODUCTION
)
# Health probes talk plain HTTP to the server's own port (lotsa.core.health).
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_HSTS_SECONDS = 31_536_000 if PRODUCTION else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = PRODUCTION
SECURE_HSTS_PRELOAD = PRODUCTION
BEHIND_TLS_PROXY = config.env_bool(
    "BEHIND_TLS_PROXY",
    default=False,
    help="Believe the X-Forwarded-Proto header of a TLS-terminating reverse proxy, from the "
    "addresses in TRUSTED_PROXIES only (which must then be set).",
)
if BEHIND_TLS_PROXY:
    if not TRUSTED_PROXIES:
        raise ImproperlyConfigured(
            "BEHIND_TLS_PROXY needs TRUSTED_PROXIES: the scheme is believed only from the "
            "proxies listed there."
        )
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Every script and style comes from our own static files; htmx is told not to inject styles.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# Languages and time ------------------------------------------------------------------------
LANGUAGES = [("sv", _("Swedish")), ("da", _("Danish")), ("en", _("English"))]
LANGUAGE_CODE = config.env_choice(
    "LANGUAGE_CODE",
    default="sv",
    choices=[code for code, _name in LANGUAGES],
    help="Default interface language: sv, da or en.",
)
LOCALE_PATHS = [SRC_DIR / "locale"]
# Dates and numbers as each language writes them ("25,5 %" in Swedish and Danish).
FORMAT_MODULE_PATH = "lotsa.core.formats"
USE_I18N = True
USE_TZ = True
TIME_ZONE = config.env_str(
    "TIME_ZONE",
    default="Europe/Stockholm",
    help="Time zone for display, e.g. Europe/Stockholm or Europe/Copenhagen.",
)

PROGRAMME_DEFINITIONS_DIR = config.env_str(
    "PROGRAMME_DEFINITIONS_DIR",
    default=str(SRC_DIR / "pathways" / "programmes"),
    help="Folder of the programme model definition files (one TOML file per model).",
    shown="the definitions shipped with Lotsa",
)

# Static files ------------------------------------------------------------------------------
# The application server answers them itself (WhiteNoise), so no web server needs the files. In
# production mode `lotsa collectstatic` copies them to STATIC_ROOT under names carrying a hash of
# their content, compressed beside them (gzip and Brotli): a page links the hashed name, so a
# browser may keep the file for good and still gets the new one after an upgrade. Development
# and the test suite serve the files from the apps' static folders as they are, with no
# collecting step.
STATIC_URL = "static/"
STATIC_ROOT = Path(
    config.env_str(
        "LOTSA_STATIC_ROOT",
        default=str(DATA_DIR / "static"),
        help="Folder `lotsa collectstatic` writes the static files (styles, scripts) to and the "
        "server answers them from in production mode. Run collectstatic after each upgrade, "
        "before the server starts; a container image may collect them into the image instead "
        "of the data folder.",
        shown="static/ in the data folder",
    )
)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Pages link only the hashed names; keeping the originals too would double the compressing.
WHITENOISE_KEEP_ONLY_HASHED_FILES = True
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = not PRODUCTION

# Production mode writes one JSON object a line to standard output, for the platform to collect
# (lotsa.core.logs); development keeps plain lines for a person at a terminal.
_console: dict[str, object] = {"class": "logging.StreamHandler", "filters": ["request_id"]}
if PRODUCTION:
    _console |= {"stream": "ext://sys.stdout", "formatter": "json"}
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "lotsa.core.logs.RequestIdFilter"}},
    "formatters": {"json": {"()": "lotsa.core.logs.JsonFormatter"}},
    "handlers": {"console": _console},
    "root": {"handlers": ["console"], "level": "WARNING"},
    # Checkpoints of the audit trail go to the operator's log as well as to their file.
    "loggers": {"axes": {"level": "WARNING"}, "lotsa.audit": {"level": "INFO"}},
}
