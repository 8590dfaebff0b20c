"""Render Django forms as GOV.UK Design System components, one line per field.

    {% load govuk %}
    {% govuk_error_summary form %}
    <form method="post" novalidate>
      {% csrf_token %}
      {% govuk_field form.title %}
      {% govuk_field form.summary label_size="m" %}
      {% govuk_field form.status inline=True %}
      {% govuk_field form.meeting_date %}
      <button class="govuk-button" data-module="govuk-button">Save</button>
    </form>

`govuk_field` picks the component from the field's widget. Optional keywords:

    label         text to use instead of the field's label
    hint          text to use instead of the field's help_text ("" for none)
    label_size    "s", "m", "l" or "xl": the label's (or legend's) size
    page_heading  True to make the label (or legend) the page's <h1>
    classes       extra classes for the control, e.g. "govuk-input--width-10"
    inline        True to lay radios out side by side
    small         True for the smaller radios or checkboxes

Everything is rendered by templates in site/templates/site/govuk/ with Django's
autoescaping on: labels, hints, choices and error messages are escaped.
"""

from __future__ import annotations

import copy
from typing import Any

from django import forms, template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from scrutiny.site.forms import DATE_PARTS, GovukDateWidget, error_parts

register = template.Library()

TEXT_INPUT_WIDGETS = (
    forms.TextInput,
    forms.EmailInput,
    forms.URLInput,
    forms.NumberInput,
    forms.PasswordInput,
)
SIZES = {"s", "m", "l", "xl"}
PLAIN_DATE_HINT = "For example, 27/3/2025"


def widget_kind(widget: forms.Widget) -> str:
    """The name of the GOV.UK component (and template) for a widget."""
    # Order matters: several of these widgets subclass others.
    if widget.is_hidden:
        return "hidden"
    if isinstance(widget, GovukDateWidget):
        return "date_input"
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.FileInput):
        return "file_upload"
    if isinstance(widget, forms.DateInput):
        return "plain_date"
    if isinstance(widget, TEXT_INPUT_WIDGETS):
        return "input"
    return "other"


def _ids(bound_field: forms.BoundField) -> tuple[str, str, str]:
    base = bound_field.auto_id or bound_field.html_name
    return base, f"{base}-hint", f"{base}-error"


def _join_classes(*classes: str | None) -> str:
    """Join space-separated tokens (classes, ids), skipping empty ones."""
    return " ".join(c for c in classes if c)


def _subwidget_items(bound_field: forms.BoundField) -> list[dict[str, Any]]:
    """One dict per radio or checkbox, flattening any option groups."""
    items = []
    for subwidget in bound_field.subwidgets:
        data = subwidget.data
        attrs = data.get("attrs", {})
        items.append(
            {
                "id": attrs.get("id") or "",
                "name": data["name"],
                "type": data.get("type", "radio"),
                "value": "" if data["value"] is None else str(data["value"]),
                "label": data["label"],
                "checked": bool(data.get("selected")),
                "disabled": bool(attrs.get("disabled")) or bound_field.field.disabled,
            }
        )
    return items


def field_anchor(bound_field: forms.BoundField) -> str:
    """The id of the element an error summary link should move focus to."""
    widget = bound_field.field.widget
    base = bound_field.auto_id
    if not base:
        return ""
    if isinstance(widget, GovukDateWidget):
        parts = error_parts(bound_field) or DATE_PARTS
        return f"{base}_{parts[0]}"
    if isinstance(widget, forms.RadioSelect):  # includes CheckboxSelectMultiple
        items = _subwidget_items(bound_field)
        return items[0]["id"] if items and items[0]["id"] else base
    return base


def _control_html(
    bound_field: forms.BoundField,
    kind: str,
    *,
    control_classes: str,
    described_by: str,
    hint: str,
) -> str:
    """The widget's own HTML (for the kinds Django's widgets render well enough)."""
    widget = bound_field.field.widget
    attrs: dict[str, Any] = {}
    if css_class := _join_classes(control_classes, widget.attrs.get("class", "")):
        attrs["class"] = css_class
    if described_by:
        attrs["aria-describedby"] = described_by
    # Django points aria-describedby at its own help text element when it is not
    # given one; we render the hint ourselves (or not at all), so tell it so.
    bound_field = copy.copy(bound_field)
    bound_field.help_text = hint
    render_widget = widget
    if kind == "input" and isinstance(widget, forms.NumberInput):
        # GOV.UK advises against type="number"; ask for the numeric keypad instead.
        render_widget = copy.copy(widget)
        render_widget.input_type = "text"
        render_widget.attrs = {
            k: v for k, v in widget.attrs.items() if k not in {"min", "max", "step"}
        }
        step = str(widget.attrs.get("step", "1"))
        attrs.setdefault("inputmode", "numeric" if step in {"1", "None"} else "decimal")
        attrs["spellcheck"] = "false"
    elif kind == "input" and isinstance(widget, forms.EmailInput | forms.PasswordInput):
        attrs["spellcheck"] = "false"
        attrs.setdefault("autocapitalize", "none")
    elif kind == "file_upload" and isinstance(widget, forms.ClearableFileInput):
        # Only the <input type="file">: the current file and the "remove" box
        # are drawn by the template as GOV.UK components.
        render_widget = forms.FileInput(attrs=widget.attrs)
    return bound_field.as_widget(widget=render_widget, attrs=attrs)


@register.simple_tag
def govuk_field(
    bound_field: forms.BoundField,
    *,
    label: str | None = None,
    hint: str | None = None,
    label_size: str = "",
    page_heading: bool = False,
    classes: str = "",
    inline: bool = False,
    small: bool = False,
    revealed: bool = False,
) -> SafeString:
    """Render one bound field as the GOV.UK component that fits its widget.

    A field the form reveals under another's choice (the form's `reveals`: {"visibility":
    {"exempt": ("exempt_paragraphs", ...)}}) is drawn inside that choice's conditional
    area by the other field, so on its own it renders nothing (`revealed` is that call).
    """
    if not isinstance(bound_field, forms.BoundField):
        raise template.TemplateSyntaxError(
            "govuk_field needs a form field, for example {% govuk_field form.title %}; "
            f"got {bound_field!r}"
        )
    if label_size and label_size not in SIZES:
        raise template.TemplateSyntaxError(
            f"govuk_field label_size must be one of {sorted(SIZES)}, not {label_size!r}"
        )
    widget = bound_field.field.widget
    kind = widget_kind(widget)
    if kind == "hidden":
        return SafeString(str(bound_field))
    if not revealed and revealed_under(bound_field):
        return SafeString("")

    field_id, hint_id, error_id = _ids(bound_field)
    errors = [str(e) for e in bound_field.errors]
    hint_text = bound_field.help_text if hint is None else hint
    if kind == "plain_date" and not hint_text:
        hint_text = PLAIN_DATE_HINT
    described_by = _join_classes(
        widget.attrs.get("aria-describedby"),  # anything the form itself asked for
        hint_id if hint_text else "",
        error_id if errors else "",
    )
    context: dict[str, Any] = {
        "field": bound_field,
        "kind": kind,
        "id": field_id,
        "name": bound_field.html_name,
        "label": bound_field.label if label is None else label,
        "label_size": label_size,
        "page_heading": page_heading,
        "hint": hint_text,
        "hint_id": hint_id,
        "errors": errors,
        "error_id": error_id,
        "described_by": described_by,
    }

    if kind in {"input", "plain_date", "textarea", "select", "file_upload", "other"}:
        base_class = {
            "input": "govuk-input",
            "plain_date": "govuk-input govuk-input--width-10",
            "textarea": "govuk-textarea",
            "select": "govuk-select",
            "file_upload": "govuk-file-upload",
            "other": "",
        }[kind]
        error_class = {
            "input": "govuk-input--error",
            "plain_date": "govuk-input--error",
            "textarea": "govuk-textarea--error",
            "select": "govuk-select--error",
            "file_upload": "govuk-file-upload--error",
            "other": "",
        }[kind]
        context["control"] = _control_html(
            bound_field,
            kind if kind != "plain_date" else "input",
            control_classes=_join_classes(base_class, error_class if errors else "", classes),
            described_by=described_by,
            hint=hint_text,
        )
        if kind == "file_upload":
            context.update(_file_context(bound_field))
        template_name = "site/govuk/file_upload.html" if kind == "file_upload" else None
        template_name = template_name or "site/govuk/input.html"
    elif kind == "checkbox":
        context["control"] = _control_html(
            bound_field,
            kind,
            control_classes=_join_classes("govuk-checkboxes__input", classes),
            described_by=described_by,
            hint=hint_text,
        )
        context["small"] = small
        template_name = "site/govuk/checkbox.html"
    elif kind in {"radios", "checkboxes"}:
        context.update(
            {
                "items": _with_reveals(bound_field, _subwidget_items(bound_field)),
                "inline": inline,
                "small": small,
                "classes": classes,
                "module": "govuk-radios" if kind == "radios" else "govuk-checkboxes",
            }
        )
        template_name = "site/govuk/choices.html"
    else:  # date_input
        parts_in_error = error_parts(bound_field) if errors else ()
        value = bound_field.value()
        if not isinstance(value, list | tuple):
            value = widget.decompress(value)
        values = dict(zip(DATE_PARTS, value, strict=False))
        context["date_items"] = [
            {
                "part": part,
                "id": f"{field_id}_{part}",
                "name": f"{bound_field.html_name}_{part}",
                "label": part.capitalize(),
                "value": "" if values.get(part) is None else values[part],
                "width": 4 if part == "year" else 2,
                "error": part in parts_in_error,
                "autocomplete": _date_autocomplete(widget, part),
            }
            for part in DATE_PARTS
        ]
        context["classes"] = classes
        context["disabled"] = bound_field.field.disabled
        template_name = "site/govuk/date_input.html"
    return SafeString(render_to_string(template_name, context))


def _reveals(form: forms.BaseForm) -> dict[str, dict[str, tuple[str, ...]]]:
    return getattr(form, "reveals", None) or {}


def revealed_under(bound_field: forms.BoundField) -> str:
    """The name of the field under whose choice this one is revealed, or ""."""
    for name, choices in _reveals(bound_field.form).items():
        if any(bound_field.name in names for names in choices.values()):
            return name if name in bound_field.form.fields else ""
    return ""


def _with_reveals(bound_field: forms.BoundField, items: list[dict]) -> list[dict]:
    """Each radio or checkbox that reveals fields gets their HTML, drawn in a conditional
    area after it: shown while it is chosen, and always without JavaScript (GOV.UK
    Frontend hides it only once its script runs)."""
    choices = _reveals(bound_field.form).get(bound_field.name, {})
    form = bound_field.form
    for item in items:
        names = [n for n in choices.get(item["value"], ()) if n in form.fields]
        if not names or not item["id"]:
            continue
        item["conditional_id"] = f"conditional-{item['id']}"
        item["conditional_html"] = SafeString(
            "".join(govuk_field(form[name], revealed=True) for name in names)
        )
    return items


def _date_autocomplete(widget: forms.Widget, part: str) -> str:
    """`autocomplete="bday"` on the widget becomes bday-day, bday-month, bday-year."""
    base = widget.attrs.get("autocomplete", "")
    return f"{base}-{part}" if base else ""


def _file_context(bound_field: forms.BoundField) -> dict[str, Any]:
    widget = bound_field.field.widget
    current = bound_field.initial
    current_name = str(getattr(current, "name", "") or "") if current else ""
    can_clear = (
        isinstance(widget, forms.ClearableFileInput)
        and bool(current_name)
        and not bound_field.field.required
        and not bound_field.field.disabled
    )
    return {
        "current_file": current_name.rsplit("/", 1)[-1],
        "can_clear": can_clear,
        "clear_name": widget.clear_checkbox_name(bound_field.html_name) if can_clear else "",
        "clear_id": widget.clear_checkbox_id(widget.clear_checkbox_name(bound_field.html_name))
        if can_clear
        else "",
    }


@register.simple_tag
def govuk_error_summary(form: forms.BaseForm, title: str = "There is a problem") -> SafeString:
    """The Error summary component for a form; nothing at all when it has no errors.

    Each error links to its field: the input, the first radio or checkbox, or the
    first part of a date that is wrong.
    """
    if not form.is_bound or not form.errors:
        return SafeString("")
    items = [{"text": str(error), "href": ""} for error in form.non_field_errors()]
    for bound_field in form:
        if not bound_field.errors:
            continue
        anchor = "" if bound_field.is_hidden else field_anchor(bound_field)
        for error in bound_field.errors:
            items.append({"text": str(error), "href": f"#{anchor}" if anchor else ""})
    return SafeString(
        render_to_string("site/govuk/error_summary.html", {"title": title, "items": items})
    )
