"""Forms for reviews and their recommendations."""

from django import forms
from django.utils import timezone

from scrutiny.committees.models import Committee, Resolution
from scrutiny.core.forms import GovukForm, unmarked
from scrutiny.reviews.models import Recommendation, Review, Status, TimelineEntry
from scrutiny.reviews.vocabulary import EXTENDED_STATUS
from scrutiny.site.forms import GovukDateField
from scrutiny.site.staff.forms.common import (
    CheckedFilesField,
    PersonChoiceField,
    ResolutionChoiceField,
    VersionField,
    officers,
)

TEXT = forms.Textarea(attrs={"rows": 4})


class ReviewCreateForm(GovukForm):
    committee = forms.ModelChoiceField(
        queryset=Committee.objects.none(),
        empty_label="Select a committee",
        error_messages={"required": "Select the committee holding the review"},
    )
    title = forms.CharField(max_length=300, error_messages={"required": "Enter the review's title"})
    slug = forms.SlugField(
        label="Web address",
        required=False,
        max_length=200,
        help_text="Leave blank to make it from the title.",
    )
    aim = forms.CharField(required=False, widget=TEXT)
    scope = forms.CharField(required=False, widget=TEXT)
    concerns = forms.CharField(
        label="Members' concerns (lines of enquiry)",
        required=False,
        widget=TEXT,
        help_text="One per line.",
    )

    def __init__(self, *args, committees, committee=None, **kwargs):
        """`committee`: the one to offer first, the committee the officer works for."""
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = committees
        if committee is not None and committees.filter(pk=committee.pk).exists():
            self.fields["committee"].initial = committee.pk


class ReviewEditForm(GovukForm):
    version = VersionField()
    title = forms.CharField(max_length=300, error_messages={"required": "Enter the review's title"})
    aim = forms.CharField(required=False, widget=TEXT)
    scope = forms.CharField(required=False, widget=TEXT)
    stage = forms.ChoiceField(
        choices=Review.Stage.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the stage the review has reached"},
    )
    reported_to_executive_on = GovukDateField(
        label="Date the executive received the final report",
        required=False,
        help_text="Its response is due two months later. For example, 18 4 2023",
    )


class RecommendationForm(GovukForm):
    number = forms.IntegerField(
        label="Recommendation number", min_value=1, max_value=999, widget=forms.NumberInput
    )
    reference = forms.CharField(
        max_length=60, required=False, help_text='For example, "SR (24/25) 03".'
    )
    text = forms.CharField(
        label="Wording",
        widget=TEXT,
        error_messages={"required": "Enter the wording of the recommendation"},
    )
    owner = PersonChoiceField(
        queryset=officers(), required=False, label="Owner (officer)", empty_label="Not assigned"
    )
    agreed_on = GovukDateField(label="Date agreed", required=False)
    original_target_date = GovukDateField(label="Target date")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = officers()


class RecommendationEditForm(GovukForm):
    version = VersionField()
    reference = forms.CharField(max_length=60, required=False)
    text = forms.CharField(
        label="Wording",
        widget=TEXT,
        error_messages={"required": "Enter the wording of the recommendation"},
    )
    owner = PersonChoiceField(
        queryset=officers(), required=False, label="Owner (officer)", empty_label="Not assigned"
    )
    agreed_on = GovukDateField(label="Date agreed", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = officers()


RESPONSES = [c for c in Recommendation.Response.choices if c[0] != "pending"]


class ExecutiveResponseForm(GovukForm):
    version = VersionField()
    response = forms.ChoiceField(
        label="The executive's response", choices=RESPONSES, widget=forms.RadioSelect
    )
    received_on = GovukDateField(label="Date the response was received")
    reason = unmarked(
        forms.CharField(
            label="Reason",
            required=False,
            widget=TEXT,
            help_text="Needed when the recommendation is not accepted in full.",
        )
    )


class ProgressUpdateForm(GovukForm):
    version = VersionField()
    as_of = GovukDateField(label="Date of this update")
    proposed_status = forms.ModelChoiceField(
        label="Status you propose",
        error_messages={"required": "Select the status you propose"},
        queryset=Status.objects.none(),
        to_field_name="code",
        empty_label=None,
        widget=forms.RadioSelect,
        help_text="The committee agrees a closing status such as Achieved at its meeting.",
    )
    narrative = forms.CharField(
        label="What progress has been made",
        widget=TEXT,
        error_messages={"required": "Say what progress has been made"},
    )
    evidence_files = CheckedFilesField(
        label="Evidence files",
        help_text="PDF, Word, Excel, OpenDocument, CSV, PNG or JPEG; you can choose several.",
    )
    evidence_link = forms.URLField(label="Link to evidence", required=False, assume_scheme="https")

    def __init__(self, *args, recommendation: Recommendation, **kwargs):
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("as_of", timezone.localdate())
        super().__init__(*args, **kwargs)
        statuses = Status.objects.all()
        if recommendation.status.code != EXTENDED_STATUS:
            statuses = statuses.exclude(code=EXTENDED_STATUS)
        self.fields["proposed_status"].queryset = statuses


class ExtensionForm(GovukForm):
    version = VersionField()
    to_date = GovukDateField(label="New target date")
    reason = forms.CharField(
        label="Reason for the extension",
        widget=TEXT,
        error_messages={"required": "Enter the reason for the extension"},
    )
    resolution = ResolutionChoiceField(
        label="Resolution that agreed it",
        queryset=Resolution.objects.none(),
        required=False,
        empty_label="None recorded",
    )

    def __init__(self, *args, resolutions, **kwargs):
        """`resolutions`: those the user may cite (`selectors.resolutions_offered`)."""
        super().__init__(*args, **kwargs)
        self.fields["resolution"].queryset = resolutions


class SignOffForm(GovukForm):
    version = VersionField()
    status = forms.ModelChoiceField(
        label="Status agreed by the committee",
        error_messages={"required": "Select the status agreed by the committee"},
        queryset=Status.objects.filter(closes=True),
        to_field_name="code",
        empty_label=None,
        widget=forms.RadioSelect,
    )
    resolution = ResolutionChoiceField(
        label="Resolution that agreed it",
        queryset=Resolution.objects.none(),
        empty_label="Select a resolution",
        error_messages={"required": "Select the resolution that agreed it"},
    )
    completed_on = GovukDateField(
        label="Date delivered",
        required=False,
        help_text="Leave blank to use the date of the owner's update or of the meeting.",
    )

    def __init__(self, *args, resolutions, **kwargs):
        """`resolutions`: those the user may cite (`selectors.resolutions_offered`)."""
        super().__init__(*args, **kwargs)
        self.fields["resolution"].queryset = resolutions


class TimelineEntryForm(GovukForm):
    kind = forms.ChoiceField(
        label="What happened",
        choices=TimelineEntry.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what happened"},
    )
    happened_on = GovukDateField(label="When it happened")
    period_label = forms.CharField(
        label="Period",
        max_length=40,
        required=False,
        help_text='How the council names it, for example "2022/23".',
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
    )
    text = forms.CharField(
        label="Description",
        widget=TEXT,
        help_text="It appears in the background of the monitoring report.",
        error_messages={"required": "Enter a description of what happened"},
    )
