"""Councillors and officers, and the directorates officers work in."""

from django.conf import settings
from django.db import models

from scrutiny.core.models import TimeStamped


class Directorate(TimeStamped):
    name = models.CharField(max_length=200, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Person(TimeStamped):
    class Kind(models.TextChoices):
        COUNCILLOR = "councillor", "Councillor"
        OFFICER = "officer", "Officer"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    name = models.CharField(max_length=200, help_text="As printed, without the title.")
    job_title = models.CharField(
        max_length=200, blank=True, help_text='For officers, e.g. "Scrutiny Officer".'
    )
    directorate = models.ForeignKey(
        Directorate, null=True, blank=True, on_delete=models.SET_NULL, related_name="people"
    )
    political_party = models.CharField(max_length=120, blank=True)
    ward = models.CharField(max_length=120, blank=True)
    email = models.EmailField(blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.kind == self.Kind.COUNCILLOR:
            return f"Councillor {self.name}"
        if self.job_title:
            return f"{self.name}, {self.job_title}"
        return self.name


class SignInAttempt(models.Model):
    """One try at signing in, kept so repeated failures can lock sign-in for a while.

    The username is stored as typed (lower-cased), whether or not such a user exists, so
    guessing names is slowed down just as much as guessing passwords."""

    at = models.DateTimeField(db_index=True)
    username = models.CharField(max_length=150, db_index=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True, db_index=True)
    succeeded = models.BooleanField(default=False)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        outcome = "succeeded" if self.succeeded else "failed"
        return f"{self.username} from {self.ip_address or 'unknown'}: {outcome}"
