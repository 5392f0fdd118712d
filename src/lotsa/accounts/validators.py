"""Password rules of Lotsa's own, beside Django's (AUTH_PASSWORD_VALIDATORS)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from lotsa.accounts.models import User


class NotCurrentPasswordValidator:
    """A new password must differ from the current one: 'changing' a password that may have
    leaked to the same password would leave the account as open as before."""

    def validate(self, password: str, user: User | None = None) -> None:
        current = getattr(user, "password", "")
        # hashers.check_password, not user.check_password: validating must not re-hash and save.
        if getattr(user, "pk", None) is not None and current and check_password(password, current):
            raise ValidationError(
                _("The new password must differ from the current one."),
                code="password_unchanged",
            )

    def get_help_text(self) -> str:
        return _("Your password cannot be the same as your current password.")
