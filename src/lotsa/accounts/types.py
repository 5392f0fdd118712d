"""Who acts: the signed-in staff member, as views, services, queries and the access rules see them."""

from __future__ import annotations

from typing import TypeAlias

from django.http import HttpRequest

from lotsa.accounts.models import User

Actor: TypeAlias = User
"""The signed-in staff member on whose behalf a service, query or access rule runs. What the
system does on its own (a failed sign-in, a management command) passes ``None`` where a
service allows it."""


class AuthenticatedHttpRequest(HttpRequest):
    """A request that passed ``login_required`` (a page) or the bearer token (the API), so its
    user is a signed-in staff member rather than an anonymous visitor. Only a type: the view
    receives Django's own request object."""

    user: Actor
