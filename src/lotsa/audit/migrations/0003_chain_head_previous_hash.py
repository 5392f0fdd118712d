from django.db import migrations, models


def link_of_last_entry(apps, schema_editor):  # type: ignore[no-untyped-def]  # RunPython passes historical apps
    """The head of an existing chain takes the previous hash of its last entry."""
    head_model = apps.get_model("audit", "AuditChainHead")
    entry_model = apps.get_model("audit", "AuditEntry")
    for head in head_model.objects.all():
        last = entry_model.objects.filter(sequence=head.last_sequence).first()
        if last is not None:
            head.previous_hash = last.previous_hash
            head.save(update_fields=["previous_hash"])


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0002_alter_auditentry_event"),
    ]

    operations = [
        migrations.AddField(
            model_name="auditchainhead",
            name="previous_hash",
            field=models.CharField(default="0" * 64, max_length=64),
        ),
        migrations.RunPython(link_of_last_entry, migrations.RunPython.noop),
    ]
