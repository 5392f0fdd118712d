"""Run the test OpenID Connect provider on 127.0.0.1 (started by ``running_provider``).

    python -m lotsa.testing.oidc_provider.serve --redirect-uri URI ... --user NAME ...

It migrates its own SQLite database (``OIDC_TEST_PROVIDER_DB``), makes a signing key, the
confidential client Lotsa uses and the users (password ``password_of(name)``), then serves.
The first line on stdout is ``READY http://127.0.0.1:<port>``.
"""

from __future__ import annotations

import argparse
import os
from socketserver import ThreadingMixIn
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from lotsa.testing.oidc_provider.credentials import CLIENT_ID, CLIENT_SECRET, password_of


class _ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base's name
        pass


def _set_up(redirect_uris: list[str], usernames: list[str]) -> None:
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from oidc_provider.models import Client, ResponseType, RSAKey

    call_command("migrate", verbosity=0, interactive=False)
    if not RSAKey.objects.exists():
        with open(os.devnull, "w") as quiet:
            call_command("creatersakey", stdout=quiet)
    client, _ = Client.objects.update_or_create(
        client_id=CLIENT_ID,
        defaults={
            "name": "Lotsa",
            "client_type": "confidential",
            "client_secret": CLIENT_SECRET,
            "jwt_alg": "RS256",
            "require_consent": False,
            "reuse_consent": True,
        },
    )
    client.redirect_uris = redirect_uris
    client.scope = ["openid", "profile", "email"]
    client.save()
    client.response_types.set([ResponseType.objects.get(value="code")])
    users = get_user_model()
    for username in usernames:
        user, _ = users.objects.get_or_create(
            username=username, defaults={"email": f"{username}@example.test"}
        )
        user.set_password(password_of(username))
        user.save()


def main() -> None:
    # Its own settings, never the ones of the process that started it.
    os.environ["DJANGO_SETTINGS_MODULE"] = "lotsa.testing.oidc_provider.settings"
    parser = argparse.ArgumentParser()
    parser.add_argument("--redirect-uri", action="append", required=True)
    parser.add_argument("--user", action="append", default=[])
    parser.add_argument("--port", type=int, default=0)
    arguments = parser.parse_args()
    _set_up(arguments.redirect_uri, arguments.user)
    from django.core.wsgi import get_wsgi_application

    server = make_server(
        "127.0.0.1",
        arguments.port,
        get_wsgi_application(),
        server_class=_ThreadingServer,
        handler_class=_QuietHandler,
    )
    print(f"READY http://127.0.0.1:{server.server_port}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
