"""The phrases every format of the sample report must contain."""

from scrutiny.reports import wording

from .factories import EXTENDED, SUMMARY, sample_report

TITLE = (
    "Review of Members ICT & Support and ICT Service Delivery: Second Interim Report "
    "(Post-Scrutiny Monitoring Update)"
)
EXTENDED_TEXTS = tuple(text for text, *_ in EXTENDED)
RESOLUTIONS = wording.data_resolutions(sample_report())
PHRASES = (TITLE, SUMMARY, *EXTENDED_TEXTS, *RESOLUTIONS)


def squash(text: str) -> str:
    """Collapse the line breaks a layout puts into running text."""
    return " ".join(text.split())
