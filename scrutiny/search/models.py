"""The search index: one entry for each thing the public may read, in the words the public
pages show it (`scrutiny.search.indexer`), and the state of each document's text."""

from django.db import models


class Audience(models.IntegerChoices):
    """Who may find an entry, each seeing all the one before sees: the public; members
    of the entry's committee; staff, who see everything (`publishing.rules`)."""

    PUBLIC = 0, "The public"
    MEMBERS = 1, "Members of the committee"
    STAFF = 2, "Scrutiny officers and clerks"


class SearchEntry(models.Model):
    class Kind(models.TextChoices):
        MEETING = "meeting", "Meeting"
        ITEM = "item", "Agenda item"
        MINUTES = "minutes", "Minutes"
        RESOLUTION = "resolution", "Resolution"
        ACTION = "action", "Action"
        DOCUMENT = "document", "Document"
        REVIEW = "review", "Review"
        RECOMMENDATION = "recommendation", "Recommendation"
        UPDATE = "update", "Progress update"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    # What the entry was built from: entries are replaced a meeting or a review at a time.
    meeting_id = models.IntegerField(null=True, blank=True, db_index=True)
    review_id = models.IntegerField(null=True, blank=True, db_index=True)
    committee_id = models.IntegerField(null=True, blank=True)
    committee_name = models.CharField(max_length=200, blank=True)
    dated = models.DateField()  # the meeting's day, or the day a review's record is dated
    municipal_year = models.CharField(max_length=7, blank=True)
    title = models.CharField(max_length=500)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=300)
    # The audiences, from and to, that read the record as this entry has it: a public
    # record is one entry for all; an exempt item is its title to the public and its text
    # to members and staff, two entries.
    audience_from = models.PositiveSmallIntegerField(choices=Audience.choices, default=0)
    audience_to = models.PositiveSmallIntegerField(choices=Audience.choices, default=2)
    # On PostgreSQL a generated `vector` column (weighted title A, body B) with a GIN index,
    # and on SQLite the FTS5 table `search_fts`, are added by this app's migrations.

    class Meta:
        indexes = [
            models.Index(fields=["committee_id", "dated"], name="search_committee_dated"),
            models.Index(fields=["dated"], name="search_dated"),
        ]

    def __str__(self) -> str:
        return self.title


class DocumentText(models.Model):
    """Whether a document's text was read for the index: once, never retried for ever."""

    class State(models.TextChoices):
        READ = "read", "Read"
        TOO_LARGE = "too-large", "Too large to read"
        UNREADABLE = "unreadable", "Could not be read"
        NO_TEXT = "no-text", "No file or format with text"

    document_id = models.IntegerField(unique=True)
    state = models.CharField(max_length=20, choices=State.choices)
    reason = models.CharField(max_length=300, blank=True)
    truncated = models.BooleanField(default=False)
    read_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Document {self.document_id}: {self.get_state_display()}"


class IndexSweep(models.Model):
    """Up to when publications that fall due by the clock (an agenda or document published
    for a later moment) have been taken into the index."""

    swept_to = models.DateTimeField()

    def __str__(self) -> str:
        return f"Swept to {self.swept_to}"
