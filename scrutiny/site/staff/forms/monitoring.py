"""Forms for the monitoring cycle: issue a report to a meeting, reissue it, and record
what the committee decided on it."""

from django import forms
from django.utils import timezone

from scrutiny.committees.models import Meeting, Resolution
from scrutiny.core.forms import GovukForm
from scrutiny.reviews.models import MonitoringReport, Recommendation, Status
from scrutiny.reviews.selectors import service_position
from scrutiny.reviews.vocabulary import EXTENDED_STATUS
from scrutiny.site.forms import GovukDateField
from scrutiny.site.staff.forms.common import ResolutionChoiceField


class MeetingChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Meeting) -> str:
        when = timezone.localtime(obj.starts_at)
        text = f"{when:%-d %B %Y}, {when:%-H:%M}"
        return f"{text}, {obj.venue}" if obj.venue else text


class ReportIssueForm(GovukForm):
    meeting = MeetingChoiceField(
        label="Meeting to receive the report",
        queryset=Meeting.objects.none(),
        empty_label=None,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the meeting to receive the report"},
    )
    issued_on = GovukDateField(label="Date of the report")
    item_number = forms.CharField(
        label="Agenda item number (optional)",
        required=False,
        max_length=20,
        help_text="As printed on the agenda. Leave blank to add the report as the "
        "meeting's next item.",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5"}),
    )

    def __init__(self, *args, meetings, committee, **kwargs):
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("issued_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        field = self.fields["meeting"]
        field.queryset = meetings
        field.error_messages["invalid_choice"] = (
            f"Choose one of the meetings of the {committee} listed"
        )
        if not meetings.exists():
            field.help_text = (
                f"The {committee} has no meeting after the last report's: ask the clerk "
                "to add it to the calendar."
            )


class ReportReissueForm(GovukForm):
    reason = forms.CharField(
        label="Why the report is reissued",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="The reason is printed with the new version, for example "
        "“Recommendation 12's target date was wrong”.",
        error_messages={"required": "Say why the report is reissued."},
    )
    issued_on = GovukDateField(label="Date of the reissued report")

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("issued_on", timezone.localdate())
        super().__init__(*args, **kwargs)


def agreed_field_name(number: int) -> str:
    return f"status_{number}"


class StatusChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Status) -> str:
        return obj.label


class DecisionsForm(GovukForm):
    """The resolution, then one status per open recommendation, filled in with what the
    owner proposed (or the status it has): members agree it or vary it. Closing
    statuses are offered because the resolution is the authority for them."""

    resolution = ResolutionChoiceField(
        label="The committee's resolution on the report",
        queryset=Resolution.objects.none(),
        empty_label=None,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the resolution the committee made"},
    )

    def __init__(
        self,
        *args,
        report: MonitoringReport,
        resolutions,
        recommendations: list[Recommendation],
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.report = report
        self.fields["resolution"].queryset = resolutions
        if resolutions.count() == 1:
            self.fields["resolution"].initial = resolutions.first().pk
        statuses = list(Status.objects.all())
        self.numbers = []
        for rec in recommendations:
            if rec.is_closed:
                continue
            choices = [s for s in statuses if s.code != EXTENDED_STATUS or s.pk == rec.status_id]
            position = service_position(rec)
            hint = f"Status now: {rec.status.label}."
            proposed = None
            if position is not None:
                hint += f" {position.description}."
                # A position given after the meeting was not before members.
                if position.as_of is None or position.as_of <= report.meeting.date:
                    proposed = position.status
                else:
                    hint += " Given after the meeting: it waits for the next report."
            name = agreed_field_name(rec.number)
            self.fields[name] = StatusChoiceField(
                label=f"Recommendation {rec.number}: {_short(rec.text)}",
                queryset=Status.objects.filter(pk__in=[s.pk for s in choices]),
                to_field_name="code",
                empty_label=None,
                initial=(proposed or rec.status).code,
                help_text=hint,
                error_messages={
                    "required": f"Select the status agreed for recommendation {rec.number}",
                    "invalid_choice": "Select one of the statuses given for recommendation "
                    f"{rec.number}",
                },
            )
            self.numbers.append(rec.number)

    def agreed(self) -> dict[int, str]:
        return {n: self.cleaned_data[agreed_field_name(n)].code for n in self.numbers}


def _short(text: str, words: int = 14) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")
