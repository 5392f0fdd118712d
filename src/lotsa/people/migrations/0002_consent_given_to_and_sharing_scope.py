"""Every consent names the organisation it was given to; consent to information sharing also
says how much may be shared. Existing consents are given to the organisation of the recording
staff member's unit where the participant is enrolled (their earliest such enrolment), and
sharing consents keep the narrower scope, the summary."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def given_to_recorders_organisation(apps, schema_editor):  # type: ignore[no-untyped-def]  # RunPython passes historical apps
    consent_model = apps.get_model("people", "Consent")
    enrolment_model = apps.get_model("pathways", "Enrolment")
    membership_model = apps.get_model("organisations", "Membership")
    batch = consent_model.objects.filter(given_to__isnull=True).order_by("pk")
    for consent in batch.iterator(chunk_size=500):
        enrolments = enrolment_model.objects.filter(participant_id=consent.participant_id)
        recorders_units = membership_model.objects.filter(user_id=consent.recorded_by_id).values(
            "unit_id"
        )
        enrolment = (
            enrolments.filter(unit_id__in=recorders_units).order_by("referral_date", "pk").first()
            or enrolments.order_by("referral_date", "pk").first()
        )
        if enrolment is None:
            continue
        consent.given_to_id = enrolment.unit.organisation_id
        if consent.kind == "information_sharing" and not consent.sharing_scope:
            consent.sharing_scope = "summary"
        consent.save(update_fields=["given_to", "sharing_scope"])


class Migration(migrations.Migration):
    dependencies = [
        ("organisations", "0001_initial"),
        ("people", "0001_initial"),
        ("pathways", "0006_open_enrolment_index"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="consent",
            name="given_to",
            field=models.ForeignKey(
                blank=True,
                help_text="The organisation that asked for the consent and keeps the records.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="consents_held",
                to="organisations.organisation",
                verbose_name="given to organisation",
            ),
        ),
        migrations.AddField(
            model_name="consent",
            name="sharing_scope",
            field=models.CharField(
                blank=True,
                choices=[
                    ("summary", "Summary: programme, unit, phase, responsible staff, next meeting"),
                    ("full", "Full record: notes, plan and documents as well"),
                ],
                max_length=16,
                verbose_name="what may be shared",
            ),
        ),
        migrations.RunPython(given_to_recorders_organisation, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="consent",
            index=models.Index(fields=["participant", "kind"], name="consent_participant_kind"),
        ),
        migrations.AddConstraint(
            model_name="consent",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("kind", "information_sharing"), _negated=True),
                    models.Q(
                        ("given_to__isnull", False), models.Q(("sharing_scope", ""), _negated=True)
                    ),
                    _connector="OR",
                ),
                name="information_sharing_names_giver_and_scope",
            ),
        ),
    ]
