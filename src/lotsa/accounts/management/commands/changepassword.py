"""Django's ``changepassword``, through the service: the password rules apply, the person's API
tokens are revoked and the change is audited, as when they or an administrator change it."""

from __future__ import annotations

import getpass
from typing import Any

from django.contrib.auth.management.commands import changepassword
from django.core.management.base import CommandError

from lotsa.accounts.models import User
from lotsa.accounts.services import change_password
from lotsa.errors import DomainError

MAX_TRIES = 3


class Command(changepassword.Command):
    help = "Change a staff member's password; their API tokens are revoked and it is audited."

    def handle(self, *args: Any, **options: Any) -> str:
        username = options["username"] or getpass.getuser()
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"user '{username}' does not exist")
        self.stdout.write(f"Changing password for user '{user}'")
        for _attempt in range(MAX_TRIES):
            # Django's own prompt, which aborts on an empty answer.
            password = self._get_pass()  # type: ignore[attr-defined]  # private, not in the stubs
            if password != self._get_pass("Password (again): "):  # type: ignore[attr-defined]  # private
                self.stdout.write("Passwords do not match. Please try again.")
                continue
            try:
                change_password(actor=None, user=user, password=password)
            except DomainError as error:
                self.stderr.write(
                    "\n".join(m for messages in error.errors.values() for m in messages)
                )
                continue
            return f"Password changed successfully for user '{user}'"
        raise CommandError(f"Aborting password change for user '{user}' after {MAX_TRIES} attempts")
