from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "lotsa.referrals"
    label = "referrals"
