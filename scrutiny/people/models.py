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


class DeviceCookieFailures(models.Model):
    """Wrong passwords typed for a username in a browser holding that username's device
    cookie. They count against that browser alone (`scrutiny.people.lockout`), so guesses
    made anywhere else never slow down the person who signs in there."""

    username = models.CharField(max_length=150)
    device = models.CharField(max_length=64)
    failures = models.PositiveIntegerField(default=0)
    last_failure_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["username", "device"], name="one_count_per_device")
        ]
        verbose_name = "sign-in failures in a known browser"
        verbose_name_plural = "sign-in failures in known browsers"

    def __str__(self) -> str:
        return f"{self.username}: {self.failures} in a known browser"


class UnlockLink(TimeStamped):
    """A link emailed to an account's address to unlock its sign-in: it works once, until
    `SCRUTINY_SIGN_IN_UNLOCK_LINK_SECONDS` after it was sent (`scrutiny.people.unlock`)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="unlock_links"
    )
    sent_to = models.EmailField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "sign-in unlock link"

    def __str__(self) -> str:
        return f"Unlock link for {self.user} to {self.sent_to}"


class PasswordEmail(TimeStamped):
    """An email with a link to set an account's password: an invitation to a new account,
    or a password reset asked for on the sign-in page (`scrutiny.people.passwords`). The
    link itself is a token that no row holds; these rows say when each was sent, so
    resets can be limited and the accounts page can say who was invited when."""

    class Kind(models.TextChoices):
        INVITATION = "invitation", "Invitation"
        PASSWORD_RESET = "password-reset", "Password reset"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="password_emails"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    sent_to = models.EmailField()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "password email"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.user} to {self.sent_to}"
