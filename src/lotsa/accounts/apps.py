from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "lotsa.accounts"
    label = "accounts"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in, user_login_failed

        from lotsa.accounts.services import record_login, record_login_failure

        user_logged_in.connect(record_login, dispatch_uid="lotsa_record_login")
        user_login_failed.connect(record_login_failure, dispatch_uid="lotsa_record_login_failure")
