"""Long runs of spaces or repeated words must not make the readers backtrack for ages."""

import contextlib
import time

import pytest

from scrutiny.imports.actions import parse_actions
from scrutiny.imports.errors import ImportRefused
from scrutiny.imports.minutes_page import parse_minutes_page
from scrutiny.imports.resolutions import parse_motions, parse_resolutions

SPACES = " " * 20000


@pytest.mark.parametrize(
    "text",
    [
        f"ACTION: circulate it{SPACES}now",
        f"Moved by Councillor{SPACES}A{SPACES}seconded",
        f"RESOLVED{SPACES}that{SPACES}1){SPACES}x",
        "RESOLVED" + " (unanimously" * 5000,
        "The Head of Finance to contact" + " officers to meet" * 5000,
        "Officers would" + " Jane Smith, Head of Housing, would" * 3000 + " by 1 March",
        "The Director of ICT" + " within a fortnight" * 5000,
        "The Chair" + " ," * 10000 + " would meet within a week",
        f"Meeting: 01/01/2024 - Cabinet{SPACES}(Item 4){SPACES}x\n4 Title{SPACES}PDF 5{SPACES}KB x",
    ],
)
def test_pathological_lines_are_read_quickly(text):
    started = time.monotonic()
    parse_actions(text=text)
    parse_motions(text=text)
    parse_resolutions(text=text)
    with contextlib.suppress(ImportRefused):
        parse_minutes_page(content=text)
    assert time.monotonic() - started < 5
