"""Forms for meetings, their agenda items and what the minutes record."""

from django import forms

from scrutiny.committees.models import (
    Action,
    AgendaItem,
    Attendance,
    Committee,
    Declaration,
    Document,
    Issue,
    Meeting,
    Motion,
    RecordedVote,
    Resolution,
    Visibility,
)
from scrutiny.core.forms import GovukForm, unmarked
from scrutiny.core.uploads import DOCUMENT_KINDS
from scrutiny.people.models import Person
from scrutiny.site.forms import GovukDateField
from scrutiny.site.staff.forms.common import (
    CheckedFileField,
    PersonChoiceField,
    TimeOfDayField,
    VersionField,
    officers,
    paragraphs,
)

TEXT = forms.Textarea(attrs={"rows": 4})
COUNT = forms.NumberInput(attrs={"class": "govuk-input--width-3"})
SCHEDULE_12A = [
    (1, "1. Information relating to any individual"),
    (2, "2. Information which is likely to reveal the identity of an individual"),
    (3, "3. Information relating to the financial or business affairs of any particular "
        "person (including the authority holding that information)"),
    (4, "4. Information relating to consultations or negotiations in connection with any "
        "labour relations matter"),
    (5, "5. Information in respect of which a claim to legal professional privilege could "
        "be maintained in legal proceedings"),
    (6, "6. Information which reveals that the authority proposes to give a notice or to "
        "make an order or direction under any enactment"),
    (7, "7. Information relating to any action taken or to be taken in connection with the "
        "prevention, investigation or prosecution of crime"),
]  # fmt: skip


class MeetingForm(GovukForm):
    committee = forms.ModelChoiceField(
        queryset=Committee.objects.all(),
        empty_label="Select a committee",
        error_messages={"required": "Select the committee that is meeting"},
    )
    date = GovukDateField(label="Meeting date")
    time = TimeOfDayField(
        label="Start time",
        help_text="For example, 6pm, 6.30pm or 18:30",
        error_messages={"invalid": "Enter the start time, like 6pm, 6.30pm or 18:30"},
    )
    venue = forms.CharField(max_length=200, required=False)
    webcast_url = forms.CharField(
        label="Webcast or recording (optional)",
        max_length=500,
        required=False,
        help_text="The full address of the live broadcast or the recording, starting https://",
    )
    status = forms.ChoiceField(
        choices=Meeting.Status.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the meeting's status"},
    )

    def __init__(self, *args, committee=None, **kwargs):
        """`committee`: the one to offer first, the committee the clerk works for."""
        super().__init__(*args, **kwargs)
        if committee is not None and "committee" in self.fields:
            self.fields["committee"].initial = committee.pk


class MeetingEditForm(MeetingForm):
    version = VersionField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["committee"]


class VisibilityFields(GovukForm):
    """Who may read an item; the Schedule 12A fields are revealed under "Exempt"."""

    visibility = forms.ChoiceField(
        label="Who may read the item",
        choices=Visibility.choices,
        initial=Visibility.PUBLIC,
        widget=forms.RadioSelect,
        error_messages={"required": "Select who may read the item"},
    )
    exempt_paragraphs = unmarked(
        forms.TypedMultipleChoiceField(
            label="Schedule 12A paragraphs",
            choices=SCHEDULE_12A,
            coerce=int,
            required=False,
            widget=forms.CheckboxSelectMultiple,
            help_text="The paragraphs that make it exempt; select all that apply.",
        )
    )
    public_interest_reason = forms.CharField(
        label="Why the public interest in keeping it exempt outweighs disclosure",
        required=False,
        widget=TEXT,
    )

    reveals = {"visibility": {Visibility.EXEMPT: ("exempt_paragraphs", "public_interest_reason")}}


class AgendaItemForm(GovukForm):
    number = forms.CharField(
        max_length=20,
        help_text='As printed, for example "27" or "5(a)".',
        error_messages={"required": "Enter the item number"},
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5"}),
    )
    title = forms.CharField(max_length=400, error_messages={"required": "Enter the item's title"})
    text = forms.CharField(label="Agenda text", required=False, widget=TEXT)
    issue = forms.ModelChoiceField(
        queryset=Issue.objects.all(), required=False, empty_label="Not part of an issue"
    )
    visibility = VisibilityFields.base_fields["visibility"]
    exempt_paragraphs = VisibilityFields.base_fields["exempt_paragraphs"]
    public_interest_reason = VisibilityFields.base_fields["public_interest_reason"]
    reveals = VisibilityFields.reveals


class VisibilityForm(VisibilityFields):
    version = VersionField()


class MinutesForm(GovukForm):
    version = VersionField()
    minutes = forms.CharField(
        label="What the minutes record",
        widget=forms.Textarea(attrs={"rows": 10}),
        error_messages={"required": "Enter what the minutes record"},
    )


class MinutesStatusForm(GovukForm):
    version = VersionField()
    minutes_status = forms.ChoiceField(
        label="Minutes status",
        choices=[c for c in Meeting.MinutesStatus.choices if c[0] != "none"],
        widget=forms.RadioSelect,
        help_text="Signed minutes are locked: corrections go to a later meeting.",
    )


class ConfirmForm(GovukForm):
    """Publishing: nothing to fill in, only the version the clerk looked at."""

    version = VersionField(required=False)


def councillors():
    return Person.objects.filter(kind=Person.Kind.COUNCILLOR)


VOTE_CHOICES = [("", "Not recorded"), *RecordedVote.Vote.choices]


class MotionForm(GovukForm):
    kind = forms.ChoiceField(
        choices=Motion.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the kind of motion"},
    )
    text = forms.CharField(label="Wording", required=False, widget=TEXT)
    mover = PersonChoiceField(
        label="Moved by",
        queryset=councillors(),
        empty_label="Select the mover",
        error_messages={"required": "Select who moved the motion"},
    )
    seconder = PersonChoiceField(
        label="Seconded by",
        queryset=councillors(),
        required=False,
        empty_label="Not seconded or not recorded",
    )
    outcome = forms.ChoiceField(
        choices=Motion.Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the outcome of the motion"},
    )
    unanimous = forms.BooleanField(required=False, label="Carried unanimously")
    votes_for = forms.IntegerField(min_value=0, required=False, label="Votes for", widget=COUNT)
    votes_against = forms.IntegerField(
        min_value=0, required=False, label="Votes against", widget=COUNT
    )
    abstentions = forms.IntegerField(min_value=0, required=False, widget=COUNT)

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.members = list(members)
        for field in ("mover", "seconder"):
            self.fields[field].queryset = councillors()
        for person in self.members:
            self.fields[f"vote_{person.pk}"] = forms.ChoiceField(
                label=f"Recorded vote: {person.display_name}",
                choices=VOTE_CHOICES,
                required=False,
                widget=forms.RadioSelect,
            )
            self.fields[f"vote_{person.pk}"].inline = True
            self.fields[f"vote_{person.pk}"].small = True
        for name in ("kind", "outcome"):
            self.fields[name].inline = True

    def recorded_votes(self) -> dict:
        votes = {}
        for person in self.members:
            vote = self.cleaned_data.get(f"vote_{person.pk}")
            if vote:
                votes[person] = vote
        return votes


class ResolutionForm(GovukForm):
    kind = forms.ChoiceField(
        choices=Resolution.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the kind of resolution"},
    )
    preamble = forms.CharField(max_length=200, initial="RESOLVED that:")
    parts = forms.CharField(
        label="Numbered parts",
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="One part per paragraph, with a blank line between parts. "
        "They are numbered for you.",
    )
    motion = forms.ModelChoiceField(
        label="Motion it follows",
        queryset=Motion.objects.none(),
        required=False,
        empty_label="None",
    )
    unanimous = forms.BooleanField(label="Agreed unanimously", required=False)

    def __init__(self, *args, item, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["motion"].queryset = item.motions.select_related("mover")

    def clean_parts(self):
        return paragraphs(self.cleaned_data["parts"])


class ActionForm(GovukForm):
    text = forms.CharField(
        label="The action", widget=TEXT, error_messages={"required": "Say what the action is"}
    )
    owner = PersonChoiceField(queryset=officers(), required=False, empty_label="Not assigned")
    due_on = GovukDateField(label="Due date", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = officers()


class ActionCloseForm(GovukForm):
    version = VersionField()
    status = forms.ChoiceField(
        label="How it was closed",
        choices=[c for c in Action.Status.choices if c[0] in Action.CLOSED],
        widget=forms.RadioSelect,
        error_messages={"required": "Select how the action was closed"},
    )
    response = forms.CharField(
        label="What was done",
        widget=TEXT,
        error_messages={"required": "Enter what was done"},
    )
    closed_on = GovukDateField(label="Date closed")


class DocumentForm(GovukForm):
    title = forms.CharField(
        max_length=300, error_messages={"required": "Enter the document's title"}
    )
    kind = forms.ChoiceField(
        label="Kind of document",
        choices=Document.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the kind of document"},
    )
    file = CheckedFileField(
        kinds=DOCUMENT_KINDS,
        help_text="PDF, Word, Excel, OpenDocument text or CSV.",
        error_messages={"required": "Select the file to upload"},
    )


NOT_RECORDED = [("", "Not recorded")]
MEMBER_ATTENDANCE = [
    (Attendance.Status.PRESENT, "Present"),
    (Attendance.Status.APOLOGIES, "Apologies"),
    (Attendance.Status.ABSENT, "Absent"),
]
OTHER_ATTENDANCE = [
    (Attendance.Status.IN_ATTENDANCE, "In attendance"),
    (Attendance.Status.SUBSTITUTE, "Present as substitute"),
]


class AttendanceForm(GovukForm):
    """The register: one row of choices for each member (and anyone already recorded),
    and a line to add someone else in attendance, such as an officer or a substitute."""

    other = PersonChoiceField(
        label="Someone else at the meeting",
        queryset=Person.objects.none(),
        required=False,
        empty_label="Nobody else",
    )
    other_status = unmarked(
        forms.ChoiceField(
            label="How they attended",
            choices=OTHER_ATTENDANCE,
            required=False,
            widget=forms.RadioSelect,
            help_text="Needed when you choose someone else.",
        )
    )
    other_role = forms.CharField(
        label="Their role",
        max_length=120,
        required=False,
        help_text='For example, "Director of ICT" or "substitute for Councillor Jones".',
    )

    def __init__(self, *args, people, members: set[int], roles: dict[int, str], **kwargs):
        """`people`: the register's rows, `members` the ids of those who are members of the
        committee (the others attended or substituted), `roles` what is recorded of each."""
        super().__init__(*args, **kwargs)
        self.people, self.roles = list(people), roles
        self.fields["other"].queryset = Person.objects.exclude(
            pk__in=[p.pk for p in self.people]
        ).order_by("name")
        rows = {}
        for person in self.people:
            rows[f"status_{person.pk}"] = forms.ChoiceField(
                label=person.display_name,
                choices=NOT_RECORDED
                + (MEMBER_ATTENDANCE if person.pk in members else Attendance.Status.choices),
                required=False,
                widget=forms.RadioSelect,
            )
            rows[f"status_{person.pk}"].inline = True
            rows[f"status_{person.pk}"].small = True
        # The register comes first, then the line for someone else.
        self.fields = rows | self.fields
        self.fields["other_status"].inline = True

    def clean(self):
        data = super().clean()
        if data.get("other") and not data.get("other_status"):
            self.add_error("other_status", "Say whether they attended or substituted")
        return data

    def register(self) -> list[tuple[Person, str, str]]:
        """(person, status, role) for each person whose attendance was chosen."""
        chosen = [
            (person, self.cleaned_data[f"status_{person.pk}"], self.roles.get(person.pk, ""))
            for person in self.people
            if self.cleaned_data.get(f"status_{person.pk}")
        ]
        other = self.cleaned_data.get("other")
        if other:
            chosen.append(
                (other, self.cleaned_data["other_status"], self.cleaned_data["other_role"])
            )
        return chosen


class DeclarationForm(GovukForm):
    person = PersonChoiceField(
        label="Who declared it",
        queryset=Person.objects.none(),
        empty_label="Select who declared it",
    )
    kind = forms.ChoiceField(
        label="Kind of interest", choices=Declaration.Kind.choices, widget=forms.RadioSelect
    )
    text = forms.CharField(
        label="The interest",
        widget=TEXT,
        help_text='As the minutes record it, for example "Governor of a school named in the '
        'report".',
        error_messages={"required": "Say what the interest is"},
    )
    left_room = forms.BooleanField(
        required=False,
        label="They left the room for this item",
        help_text="Shown beside the votes by name: they took no part in the discussion or vote.",
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people


class CorrectionForm(GovukForm):
    agreed_at = forms.ModelChoiceField(
        label="Meeting that agreed the correction",
        queryset=Meeting.objects.none(),
        empty_label=None,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the meeting that agreed the correction"},
    )
    item = forms.ModelChoiceField(
        label="Item corrected",
        queryset=AgendaItem.objects.none(),
        required=False,
        empty_label="The minutes as a whole",
    )
    text = forms.CharField(
        label="The correction",
        widget=TEXT,
        help_text="As agreed, for example \"Minute 27: for 'nine' read 'ten'\".",
        error_messages={"required": "Say what the correction is"},
    )

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agreed_at"].queryset = Meeting.objects.filter(
            committee=meeting.committee, starts_at__gt=meeting.starts_at
        ).order_by("starts_at")
        self.fields["agreed_at"].label_from_instance = lambda m: f"{m.date:%-d %B %Y}"
        self.fields["item"].queryset = meeting.items.order_by("position", "id")
        self.fields["item"].label_from_instance = lambda i: f"{i.number}. {i.title}"
