from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "lotsa.accounts"
    label = "accounts"

    def ready(self) -> None:
        from allauth.account.signals import user_logged_in as sign_in_completed
        from allauth.mfa.signals import (
            authenticator_added,
            authenticator_removed,
            authenticator_reset,
        )
        from django.contrib.auth.signals import user_logged_in, user_login_failed

        from lotsa.accounts.secondfactor import note_password_sign_in
        from lotsa.accounts.services import (
            record_login,
            record_login_failure,
            record_recovery_codes_generated,
            record_second_factor_added,
            record_second_factor_removed,
        )
        from lotsa.accounts.sign_in_method import note_sign_in_method

        user_logged_in.connect(record_login, dispatch_uid="lotsa_record_login")
        user_login_failed.connect(record_login_failure, dispatch_uid="lotsa_record_login_failure")
        sign_in_completed.connect(note_sign_in_method, dispatch_uid="lotsa_sign_in_method")
        sign_in_completed.connect(note_password_sign_in, dispatch_uid="lotsa_second_factor")
        authenticator_added.connect(record_second_factor_added, dispatch_uid="lotsa_mfa_added")
        authenticator_removed.connect(
            record_second_factor_removed, dispatch_uid="lotsa_mfa_removed"
        )
        authenticator_reset.connect(
            record_recovery_codes_generated, dispatch_uid="lotsa_mfa_recovery_codes"
        )
