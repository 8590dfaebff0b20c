"""A form's one-time key, so that sending the same form twice (a double click, the browser
sending it again after a slow answer) does one thing: the page gives each form a new
random key in a hidden field, and the service keeps what it did under that key
(``imports.job_queue.job_submitted``). A key that is not one of ours is no key."""

import re
import uuid

from django import forms

KEY = re.compile(r"[0-9a-f]{32}")


def new_key() -> str:
    return uuid.uuid4().hex


class SubmissionKeyField(forms.CharField):
    widget = forms.HiddenInput

    def __init__(self, **kwargs) -> None:
        super().__init__(required=False, **kwargs)

    def clean(self, value) -> str:
        value = super().clean(value)
        return value if KEY.fullmatch(value or "") else ""
