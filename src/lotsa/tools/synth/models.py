from django.db import models
from django.utils.translation import gettext_lazy as _


class SyntheticDataset(models.Model):
    """Marks a database as holding generated data only: ``lotsa synth`` replaces the data of a
    database so marked, and refuses one that holds anything else."""

    scale = models.CharField(_("scale"), max_length=16)
    seed = models.PositiveIntegerField(_("seed"))
    loaded_at = models.DateTimeField(_("loaded at"), auto_now_add=True)
    rows = models.JSONField(_("rows per table"), default=dict)

    class Meta:
        verbose_name = _("synthetic dataset")
        verbose_name_plural = _("synthetic datasets")

    def __str__(self) -> str:
        return f"{self.scale} ({self.seed})"
