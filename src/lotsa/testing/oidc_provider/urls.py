"""The test provider's addresses: its login form and django-oidc-provider's endpoints."""

from __future__ import annotations

from typing import Any


def __getattr__(name: str) -> Any:
    # Built on first use: django-oidc-provider's views can be imported only in the provider's
    # own process, and Lotsa's tests import every module of the package.
    if name != "urlpatterns":
        raise AttributeError(name)
    from django.contrib.auth import views as auth_views
    from django.urls import include, path

    return [
        path(
            "login/",
            auth_views.LoginView.as_view(template_name="oidc_test_provider/login.html"),
            name="login",
        ),
        path("", include("oidc_provider.urls", namespace="oidc_provider")),
    ]
