"""`{% govuk_field %}` and `{% govuk_error_summary %}` render GOV.UK components."""

import pytest
from django import forms
from django.template import TemplateSyntaxError

from scrutiny.site.forms import GovukDateField
from tests.site.conftest import css, parse, render

CHOICES = [("open", "Open"), ("closed", "Closed")]


class EveryWidgetForm(forms.Form):
    title = forms.CharField(label="Title", help_text="Keep it short")
    email = forms.EmailField(label="Email address", help_text="We reply to this address")
    website = forms.URLField(
        label="Website", help_text="Starts with https://", assume_scheme="https"
    )
    count = forms.IntegerField(label="Number of recommendations", help_text="A whole number")
    secret = forms.CharField(label="Password", widget=forms.PasswordInput, help_text="8 or more")
    summary = forms.CharField(label="Summary", widget=forms.Textarea, help_text="Plain words")
    committee = forms.ChoiceField(label="Committee", choices=CHOICES, help_text="Pick one")
    status = forms.ChoiceField(
        label="Status", choices=CHOICES, widget=forms.RadioSelect, help_text="Select one"
    )
    topics = forms.MultipleChoiceField(
        label="Topics",
        choices=CHOICES,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply",
    )
    agree = forms.BooleanField(label="I agree", help_text="You must agree")
    attachment = forms.FileField(label="Report", help_text="PDF or Word")
    met_on = forms.DateField(label="Meeting date", help_text="The day it met")


# name -> (component CSS class on the control, error modifier class or None)
INPUT_KINDS = {
    "title": ("govuk-input", "govuk-input--error"),
    "email": ("govuk-input", "govuk-input--error"),
    "website": ("govuk-input", "govuk-input--error"),
    "count": ("govuk-input", "govuk-input--error"),
    "secret": ("govuk-input", "govuk-input--error"),
    "summary": ("govuk-textarea", "govuk-textarea--error"),
    "committee": ("govuk-select", "govuk-select--error"),
    "attachment": ("govuk-file-upload", "govuk-file-upload--error"),
    "met_on": ("govuk-input", "govuk-input--error"),
    "agree": ("govuk-checkboxes__input", None),
}
FIELDSET_KINDS = {"status": "govuk-radios", "topics": "govuk-checkboxes"}


@pytest.fixture
def invalid_form():
    form = EveryWidgetForm(data={"committee": "nope", "status": "nope"}, files={})
    assert not form.is_valid()
    assert set(form.errors) == set(EveryWidgetForm.base_fields)
    return form


def classes(element) -> set[str]:
    return set((element.get("class") or "").split())


def check_hint_and_error(group, form, name):
    field_id = f"id_{name}"
    (hint,) = css(group, f"#{field_id}-hint")
    assert "govuk-hint" in classes(hint)
    assert hint.text_content().strip() == form.fields[name].help_text
    (error,) = css(group, f"#{field_id}-error")
    assert error.tag == "p"
    assert "govuk-error-message" in classes(error)
    (hidden,) = css(error, "span.govuk-visually-hidden")
    assert hidden.text_content() == "Error:"
    assert error.text_content().strip() == f"Error: {form.errors[name][0]}"
    assert "govuk-form-group--error" in classes(group)


@pytest.mark.parametrize("name", list(INPUT_KINDS))
def test_single_control_fields(render_field, invalid_form, name):
    component, error_class = INPUT_KINDS[name]
    tree = render_field(invalid_form, name)
    (group,) = css(tree, "div.govuk-form-group")
    field_id = f"id_{name}"
    (control,) = css(group, f"#{field_id}")
    assert component in classes(control)
    if error_class:
        assert error_class in classes(control)
    (label,) = css(group, f"label[for={field_id}]")
    assert label.text_content().strip() == invalid_form.fields[name].label
    check_hint_and_error(group, invalid_form, name)
    assert control.get("aria-describedby") == f"{field_id}-hint {field_id}-error"


@pytest.mark.parametrize("name", list(FIELDSET_KINDS))
def test_radios_and_checkboxes_use_a_fieldset(render_field, invalid_form, name):
    module = FIELDSET_KINDS[name]
    tree = render_field(invalid_form, name)
    (group,) = css(tree, "div.govuk-form-group")
    (fieldset,) = css(group, "fieldset.govuk-fieldset")
    (legend,) = css(fieldset, "legend.govuk-fieldset__legend")
    assert legend.text_content().strip() == invalid_form.fields[name].label
    check_hint_and_error(group, invalid_form, name)
    assert fieldset.get("aria-describedby") == f"id_{name}-hint id_{name}-error"
    (container,) = css(fieldset, f"div.{module}")
    assert container.get("data-module") == module
    items = css(container, f"div.{module}__item")
    assert len(items) == len(CHOICES)
    for index, (item, (value, text)) in enumerate(zip(items, CHOICES, strict=True)):
        (box,) = css(item, f"input.{module}__input")
        assert box.get("id") == f"id_{name}_{index}"
        assert box.get("name") == name
        assert box.get("value") == value
        assert box.get("type") == ("radio" if module == "govuk-radios" else "checkbox")
        (label,) = css(item, f"label.{module}__label[for=id_{name}_{index}]")
        assert label.text_content().strip() == text


def test_valid_field_has_no_error_markup_and_describes_by_hint_only(render_field):
    form = EveryWidgetForm(data={"title": "Budget"})
    form.is_valid()
    tree = render_field(form, "title")
    (control,) = css(tree, "#id_title")
    assert control.get("value") == "Budget"
    assert control.get("aria-describedby") == "id_title-hint"
    assert "govuk-input--error" not in classes(control)
    assert not css(tree, ".govuk-error-message, .govuk-form-group--error")


def test_field_without_hint_or_error_has_no_aria_describedby(render_field):
    class F(forms.Form):
        name = forms.CharField()

    tree = render_field(F(), "name")
    (control,) = css(tree, "#id_name")
    assert control.get("aria-describedby") is None
    assert css(tree, "label[for=id_name]")[0].text_content().strip() == "Name"
    assert not css(tree, ".govuk-hint")


def test_suppressed_hint_leaves_no_dangling_reference(render_field):
    tree = render_field(EveryWidgetForm(), "title", 'hint=""')
    (control,) = css(tree, "#id_title")
    assert control.get("aria-describedby") is None
    assert not css(tree, ".govuk-hint")


def test_aria_describedby_from_the_form_is_kept_first(render_field):
    class F(forms.Form):
        name = forms.CharField(
            help_text="Full name", widget=forms.TextInput(attrs={"aria-describedby": "intro"})
        )

    form = F(data={})
    (control,) = css(render_field(form, "name"), "#id_name")
    assert control.get("aria-describedby") == "intro id_name-hint id_name-error"


def test_checked_choices_are_kept(render_field):
    form = EveryWidgetForm(data={"status": "closed", "topics": ["open", "closed"]})
    form.is_valid()
    status = render_field(form, "status")
    assert [i.get("checked") is not None for i in css(status, "input")] == [False, True]
    topics = render_field(form, "topics")
    assert [i.get("checked") is not None for i in css(topics, "input")] == [True, True]


def test_number_input_is_a_text_box_with_a_numeric_keypad(render_field):
    form = EveryWidgetForm(initial={"count": 3})
    (control,) = css(render_field(form, "count"), "#id_count")
    assert control.get("type") == "text"
    assert control.get("inputmode") == "numeric"
    assert control.get("value") == "3"


def test_plain_date_input_gets_an_example_hint(render_field):
    class F(forms.Form):
        met_on = forms.DateField()

    tree = render_field(F(), "met_on")
    assert css(tree, "#id_met_on-hint")[0].text_content() == "For example, 27/3/2025"
    assert F(data={"met_on": "27/3/2025"}).is_valid()


def test_options_label_size_page_heading_classes_and_inline(render_field):
    form = EveryWidgetForm()
    tree = render_field(
        form, "title", 'label_size="l" page_heading=True classes="govuk-input--width-20"'
    )
    (h1,) = css(tree, "h1.govuk-label-wrapper")
    assert "govuk-label--l" in classes(css(h1, "label")[0])
    assert "govuk-input--width-20" in classes(css(tree, "#id_title")[0])

    tree = render_field(form, "status", 'label_size="m" inline=True hint=""')
    assert "govuk-fieldset__legend--m" in classes(css(tree, "legend")[0])
    assert css(tree, "div.govuk-radios.govuk-radios--inline")
    assert not css(tree, ".govuk-hint")
    assert css(tree, "fieldset")[0].get("aria-describedby") is None


def test_bad_label_size_is_a_template_error():
    form = EveryWidgetForm()
    with pytest.raises(TemplateSyntaxError):
        render('{% load govuk %}{% govuk_field f label_size="huge" %}', {"f": form["title"]})
    with pytest.raises(TemplateSyntaxError):
        render("{% load govuk %}{% govuk_field f %}", {"f": "not a field"})


def test_everything_user_supplied_is_escaped():
    class F(forms.Form):
        name = forms.CharField(label="<i>Name</i>", help_text="<b>bold</b>")
        pick = forms.ChoiceField(choices=[("<x>", "<script>alert(1)</script>")])

        def clean_name(self):
            raise forms.ValidationError("Bad <em>%(v)s</em>", params={"v": self.data["name"]})

    form = F(data={"name": '"><script>alert(2)</script>', "pick": "nope"})
    form.is_valid()
    html = render(
        "{% load govuk %}{% govuk_error_summary f %}{% govuk_field f.name %}"
        "{% govuk_field f.pick %}",
        {"f": form},
    )
    assert "<script>" not in html
    assert "<b>bold</b>" not in html
    assert "<i>Name</i>" not in html
    assert "<em>" not in html
    assert "&lt;b&gt;bold&lt;/b&gt;" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_hidden_field_renders_just_the_input(render_field):
    class F(forms.Form):
        token = forms.CharField(widget=forms.HiddenInput, initial="abc")

    tree = render_field(F(), "token")
    (control,) = css(tree, "input")
    assert control.get("type") == "hidden"
    assert not css(tree, "label, .govuk-form-group")


def test_clearable_file_input_offers_to_remove_the_current_file(render_field):
    class Stored:
        name = "reports/2025/budget.pdf"
        url = "/media/reports/2025/budget.pdf"

        def __str__(self):
            return self.name

    class F(forms.Form):
        report = forms.FileField(required=False)

    tree = render_field(F(initial={"report": Stored()}), "report")
    assert "Current file: budget.pdf" in " ".join(tree.text_content().split())
    (upload,) = css(tree, "input.govuk-file-upload")
    assert upload.get("type") == "file"
    (remove,) = css(tree, "input.govuk-checkboxes__input")
    assert remove.get("name") == "report-clear"
    assert css(tree, f"label[for={remove.get('id')}]")[0].text_content() == (
        "Remove the current file"
    )
    # Django's own "Currently:/Change:" markup is not used.
    assert "Currently" not in tree.text_content()


def test_error_summary_links_each_error_to_its_field():
    class WithDate(EveryWidgetForm):
        due = GovukDateField()

    form = WithDate(data={"due_day": "1", "due_year": "2025"})
    form.is_valid()
    tree = parse(render("{% load govuk %}{% govuk_error_summary f %}", {"f": form}))
    (summary,) = css(tree, "div.govuk-error-summary")
    assert summary.get("data-module") == "govuk-error-summary"
    (alert,) = css(summary, "div[role=alert]")
    assert css(alert, "h2.govuk-error-summary__title")[0].text_content() == ("There is a problem")
    links = {a.get("href"): a.text_content() for a in css(alert, "ul li a")}
    assert links["#id_title"] == "This field is required."
    assert links["#id_summary"] == "This field is required."
    assert "#id_status_0" in links  # the first radio
    assert "#id_topics_0" in links  # the first checkbox
    assert links["#id_due_month"] == "Due must include a month"  # the part in error
    # In the form's order.
    hrefs = [a.get("href") for a in css(alert, "ul li a")]
    assert hrefs[0] == "#id_title"
    assert hrefs[-1] == "#id_due_month"
    # Every link target exists once the fields are rendered.
    fields_html = render(
        "{% load govuk %}{% for f in form %}{% govuk_field f %}{% endfor %}", {"form": form}
    )
    rendered = parse(fields_html)
    for href in hrefs:
        assert css(rendered, href), href


def test_error_summary_includes_non_field_errors_without_a_link():
    class F(forms.Form):
        name = forms.CharField(required=False)

        def clean(self):
            raise forms.ValidationError("Those details do not match")

    form = F(data={})
    form.is_valid()
    tree = parse(render("{% load govuk %}{% govuk_error_summary f %}", {"f": form}))
    (item,) = css(tree, ".govuk-error-summary__list li")
    assert item.text_content().strip() == "Those details do not match"
    assert not css(item, "a")


@pytest.mark.parametrize("data", [None, {"title": "x"}])
def test_error_summary_is_empty_without_errors(data):
    class F(forms.Form):
        title = forms.CharField()

    form = F(data=data)
    assert render("{% load govuk %}{% govuk_error_summary f %}", {"f": form}).strip() == ""
