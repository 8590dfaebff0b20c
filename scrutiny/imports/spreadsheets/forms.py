"""The forms of the staff pages that import a tracker, one per step."""

from django import forms

from scrutiny.core.forms import GovukForm, unmarked
from scrutiny.core.uploads import describe_size, max_upload_bytes, oversize_reason
from scrutiny.imports.spreadsheets.fields import FIELDS
from scrutiny.reviews.models import Review

NOT_IMPORTED = ("", "Not imported")


class UploadForm(GovukForm):
    review = forms.ModelChoiceField(
        queryset=Review.objects.order_by("title"),
        empty_label="Choose a review",
        error_messages={"required": "Choose the review the tracker belongs to"},
    )
    tracker = forms.FileField(
        label="Upload the tracker",
        help_text="An Excel workbook (.xlsx) or a CSV file",
        error_messages={"required": "Choose the tracker file to upload"},
    )
    create_missing = forms.BooleanField(
        required=False,
        label="Create missing officers",
        help_text="Add officers and directorates the tracker names that we do not have yet",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit = describe_size(max_upload_bytes())
        self.fields["tracker"].help_text = f"An Excel workbook (.xlsx) or a CSV file, up to {limit}"

    def clean_tracker(self):
        upload = self.cleaned_data["tracker"]
        if reason := oversize_reason(upload.size):
            raise forms.ValidationError(reason)
        if upload.size == 0:
            raise forms.ValidationError("The selected file is empty")
        return upload


class MappingForm(GovukForm):
    """One select per column heading, and a name to remember the layout by."""

    name = forms.CharField(
        label="Name this layout",
        max_length=120,
        help_text="The next tracker with the same columns will use this mapping, "
        "for example 'Council A tracker'",
        error_messages={"required": "Enter a name for this layout"},
    )

    def __init__(self, *args, headings: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [NOT_IMPORTED, *[(f.key, f.heading) for f in FIELDS]]
        self.headings = headings
        for index, heading in enumerate(headings):
            self.fields[f"column_{index}"] = forms.ChoiceField(
                label=heading, choices=choices, required=False
            )

    def column_fields(self):
        return [self[f"column_{index}"] for index in range(len(self.headings))]

    def mapping(self) -> dict[str, str]:
        return {
            heading: self.cleaned_data.get(f"column_{index}", "")
            for index, heading in enumerate(self.headings)
        }


class ConfirmForm(GovukForm):
    exclude = unmarked(
        forms.TypedMultipleChoiceField(
            coerce=int,
            required=False,
            widget=forms.CheckboxSelectMultiple,
            label="Leave out the rows with errors",
            help_text="Nothing is imported while a row with errors is included",
        )
    )

    def __init__(self, *args, invalid_rows: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["exclude"].choices = invalid_rows
        self.invalid = [row for row, _ in invalid_rows]

    def clean_exclude(self):
        excluded = set(self.cleaned_data["exclude"])
        missing = [row for row in self.invalid if row not in excluded]
        if missing:
            rows = ", ".join(str(row) for row in missing)
            raise forms.ValidationError(
                f"Leave out row {rows}, or fix the spreadsheet and upload it again"
                if len(missing) == 1
                else f"Leave out rows {rows}, or fix the spreadsheet and upload it again"
            )
        return sorted(excluded)
