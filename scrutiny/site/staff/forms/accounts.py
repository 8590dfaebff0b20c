"""The administrators' forms for accounts: one for an account whole (sign-in, roles,
person, committee seats), and one that confirms switching an account off or on, or
inviting it. The rules are the service's (`scrutiny.committees.accounts.account_save`)."""

from django import forms

from scrutiny.committees.models import Committee, Membership
from scrutiny.core.forms import GovukForm, unmarked
from scrutiny.people.accounts import NewPerson
from scrutiny.people.models import Person
from scrutiny.people.roles import Role

NEW_PERSON = {"new-councillor": Person.Kind.COUNCILLOR, "new-officer": Person.Kind.OFFICER}
NOT_A_MEMBER = ""


def seat_field_name(committee: Committee) -> str:
    return f"seat_{committee.pk}"


class AccountForm(GovukForm):
    username = forms.CharField(
        label="Username",
        help_text="What they type to sign in, for example jo.bennett",
        max_length=150,
        error_messages={"required": "Enter a username"},
    )
    first_name = forms.CharField(label="First name", required=False, max_length=150)
    last_name = forms.CharField(label="Last name", required=False, max_length=150)
    email = forms.CharField(
        label="Email address",
        help_text="Their invitation and any password reset are sent here",
        max_length=254,
        error_messages={"required": "Enter the account's email address"},
    )
    roles = forms.MultipleChoiceField(
        label="Roles",
        help_text="Select all that apply.",
        choices=Role.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    administrator = forms.BooleanField(
        label="Administrator",
        required=False,
        help_text="Every page, the Django admin, and these accounts pages",
    )
    person = forms.ChoiceField(
        label="Person",
        help_text="Committee seats, recommendations and attendance belong to a person",
        required=False,
    )
    job_title = unmarked(
        forms.CharField(
            label="Job title",
            required=False,
            max_length=200,
            help_text="For a new officer.",
        )
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        linked = Person.objects.filter(user=user).first() if user is not None else None
        free = Person.objects.filter(user__isnull=True).order_by("name")
        people = ([linked] if linked else []) + list(free)
        self.fields["person"].choices = [
            ("", "No person"),
            ("new-councillor", "A new councillor, named as the account"),
            ("new-officer", "A new officer, named as the account"),
            *((str(p.pk), p.display_name) for p in people),
        ]
        self.committees = list(Committee.objects.order_by("name"))
        for committee in self.committees:
            self.fields[seat_field_name(committee)] = forms.ChoiceField(
                label=committee.name,
                required=False,
                choices=[(NOT_A_MEMBER, "Not a member"), *Membership.Role.choices],
            )
        if user is None:
            self.fields["invite"] = forms.BooleanField(
                label="Email the invitation to choose a password now",
                required=False,
                initial=True,
            )

    def clean(self):
        """`person_choice`: what the service is asked to do about the person."""
        data = super().clean()
        value = data.get("person") or ""
        if value in NEW_PERSON:
            data["person_choice"] = NewPerson(
                kind=NEW_PERSON[value], job_title=data.get("job_title", "")
            )
        elif value:
            data["person_choice"] = Person.objects.filter(pk=int(value)).first()
            if data["person_choice"] is None:
                self.add_error("person", "That person is no longer in the list: choose again")
        else:
            data["person_choice"] = None
        return data

    def seats(self) -> dict[Committee, str]:
        chosen = {c: self.cleaned_data.get(seat_field_name(c)) for c in self.committees}
        return {committee: role for committee, role in chosen.items() if role}


class AccountConfirmForm(GovukForm):
    """Nothing to fill in but the account the page was for, so that a form sent without
    it (or for another account) changes nothing."""

    for_account = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, initial={"for_account": user.username}, **kwargs)
        self.user = user

    def clean(self):
        if self.cleaned_data.get("for_account") != self.user.username:
            raise forms.ValidationError(
                "This form was not sent whole, or was for another account: nothing was "
                "changed. Try again."
            )
        return self.cleaned_data
