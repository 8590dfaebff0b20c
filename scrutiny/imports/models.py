"""What the importers remember between runs."""

from django.db import models

from scrutiny.core.models import TimeStamped


class ColumnMapping(TimeStamped):
    """How one council's spreadsheet layout maps onto our fields, remembered so the next
    tracker with the same columns imports without asking again.

    `layout` identifies the layout by its set of column headings (see
    `scrutiny.imports.spreadsheets.mapping.layout_key`), so the order of the columns and
    the case of the headings do not matter."""

    name = models.CharField(max_length=120, unique=True)
    layout = models.CharField(max_length=64, db_index=True)
    columns = models.JSONField(
        default=dict, help_text="Each column heading as written, and the field it fills."
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
