"""Settings of the OpenID Connect provider the sign-in tests run on loopback (``serve``).

A process of its own, with nothing of Lotsa's settings: Django's settings are global to a
process, so the provider cannot run inside the tests' process."""

from __future__ import annotations

import os
from pathlib import Path

SECRET_KEY = "test-provider-only-not-a-secret"  # noqa: S105 - a provider that lives for a test run
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
USE_TZ = True
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "oidc_provider",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]
ROOT_URLCONF = "lotsa.testing.oidc_provider.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [Path(__file__).parent / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
            ]
        },
    }
]
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ.get("OIDC_TEST_PROVIDER_DB", ":memory:"),
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
# Cookies are not told apart by port: a browser that talks to Lotsa and the provider on the
# same address must not have one's session overwrite the other's.
SESSION_COOKIE_NAME = "provider_sessionid"
CSRF_COOKIE_NAME = "provider_csrftoken"
LOGIN_URL = "/login/"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast; test users only
OIDC_IDTOKEN_EXPIRE = 600
OIDC_IDTOKEN_SUB_GENERATOR = "lotsa.testing.oidc_provider.hooks.subject"
OIDC_IDTOKEN_PROCESSING_HOOK = "lotsa.testing.oidc_provider.hooks.id_token"
OIDC_USERINFO = "lotsa.testing.oidc_provider.hooks.userinfo"
