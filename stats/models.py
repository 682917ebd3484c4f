"""A year's board figures as published: computed once, protected together, then served unchanged.

Figures of an ended year still change when a registration is entered late (a participation
started in 2025 entered in 2026); two downloads of the same year, before and after, would then
differ by that one person. So the board's outputs of a year are computed together once
(`stats.publication.publish`), protected by one `stats.disclosure.protect` call, and stored
here; every board output of that year reads them. There is no republish: a second release of
the same year would itself be a differencing pair. Deleting a publication (the admin, the
office only, in the change log) is the escape hatch.
"""

import json

from django.conf import settings
from django.db import models


class Publication(models.Model):
    year = models.PositiveSmallIntegerField("år", unique=True)
    published_at = models.DateTimeField("fastställd", auto_now_add=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="fastställd av", null=True,
                                     blank=True, on_delete=models.SET_NULL, related_name="+",
                                     help_text="Tom: fastställd automatiskt vid styrelsens första begäran.")
    below = models.PositiveSmallIntegerField("skyddsgräns")
    # JSON as text: the stored bytes, key order and all, are what every later request serves.
    outputs = models.TextField("skyddade siffror", editable=False)
    digest = models.CharField("kontrollsumma (SHA-256)", max_length=64, editable=False)

    class Meta:
        verbose_name = "publicering för styrelsen"
        verbose_name_plural = "publiceringar för styrelsen"
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"Styrelsens siffror {self.year}"

    def output(self, name: str):
        """One stored output (see stats.publication for its shape); KeyError if not stored."""
        if not hasattr(self, "_parsed"):
            self._parsed = json.loads(self.outputs)
        return self._parsed[name]
