from django.db import migrations, models
from django.db.models import Min, OuterRef, Subquery


def fill_from_employer_contacts(apps, schema_editor):
    """The same computation as employment.queries.first_face_to_face_employer_contact, on the
    models as they are at this migration."""
    enrolment = apps.get_model("pathways", "Enrolment")
    employer_contact = apps.get_model("employment", "EmployerContact")
    first = (
        employer_contact.objects.filter(
            enrolments=OuterRef("pk"), face_to_face=True, occurred_on__gte=OuterRef("start_date")
        )
        .order_by()
        .values("enrolments")
        .annotate(first=Min("occurred_on"))
        .values("first")[:1]
    )
    # Only enrolments with a contact linked: rewriting the others would change nothing.
    linked = employer_contact.enrolments.through.objects.values("enrolment_id")
    enrolment.objects.filter(start_date__isnull=False, pk__in=linked).update(
        first_employer_contact_on=Subquery(first)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("pathways", "0004_unit_indexes"),
        ("employment", "0003_unit_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="enrolment",
            name="first_employer_contact_on",
            field=models.DateField(blank=True, editable=False, null=True),
        ),
        migrations.RunPython(fill_from_employer_contacts, migrations.RunPython.noop),
    ]
