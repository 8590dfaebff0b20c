"""Errors every service raises. A refusal always names the field and the reason, so a
form, an API response or an importer can say exactly what is wrong and where."""

from django.core.exceptions import ValidationError


class Refused(ValidationError):
    """A business rule refused the change. Built from {field: message}."""

    def __init__(self, field: str, message: str):
        super().__init__({field: [message]})
        self.field = field
        self.reason = message

    def __str__(self) -> str:
        return f"{self.field}: {self.reason}"


class StaleEdit(Refused):
    """The record changed after the editor loaded it."""

    def __init__(self, *, what: str, expected: int, current: int, changed_by: str, changed_at):
        when = f" at {changed_at:%H:%M on %d %B %Y}" if changed_at else ""
        super().__init__(
            "version",
            f"This {what} was changed by {changed_by}{when} after you opened it "
            f"(you edited version {expected}, it is now version {current}). "
            "Nothing was saved: reload it, check their change and make yours again.",
        )
        self.expected = expected
        self.current = current
