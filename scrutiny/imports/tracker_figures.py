"""Check the figures minutes state against the summary the tracker computes.

Minutes of a monitoring report state the position ("9 out of these 13 recommendations
had been achieved (2 completed behind schedule) … The remaining 4 … had been
extended"). Our summary is computed from the recommendations, never typed
(docs/rules.md), so an import does not store the stated figures: it compares them with the
tracker's and names every difference, which tells the council either that the tracker is
missing something or that the minutes were wrong.
"""

from dataclasses import dataclass
from typing import Any

from scrutiny.imports.matching import plain
from scrutiny.imports.records import ImportedIssue, StatedFigures
from scrutiny.reviews.models import Review
from scrutiny.reviews.selectors import review_progress_summary

FIGURES = (
    ("total", "{n} recommendations in total"),
    ("achieved", "{n} achieved"),
    ("achieved_late", "{n} completed behind schedule"),
    ("extended", "{n} extended"),
)

LABELS = {
    "total": "In total",
    "achieved": "Achieved",
    "achieved_late": "Completed behind schedule",
    "extended": "Extended",
}


@dataclass(frozen=True)
class FiguresComparison:
    review: Review
    stated: StatedFigures
    computed: dict[str, int]
    differences: tuple[str, ...]

    @property
    def figures_match(self) -> bool:
        return not self.differences

    def rows(self) -> list[tuple[str, int | None, int]]:
        """(label, stated, computed) for a table: "Achieved", 9, 9."""
        return [
            (label, getattr(self.stated, name), self.computed[name])
            for name, label in LABELS.items()
        ]

    def as_dict(self) -> dict[str, Any]:
        """The ``tracker`` object of the dry-run JSON."""
        return {
            "review": self.review.title,
            "review_slug": self.review.slug,
            **self.computed,
            "figures_match": self.figures_match,
            "differences": list(self.differences),
        }


def review_for_issue(issue: ImportedIssue) -> Review | None:
    """The review the issue page is about: linked to an issue of that title, else the
    review whose title the issue's title contains (the longest, when several do)."""
    title = plain(issue.title)
    if not title:
        return None
    linked = [r for r in Review.objects.filter(issue__isnull=False).select_related("issue")]
    for review in linked:
        if plain(review.issue.title) == title:
            return review
    candidates = [r for r in Review.objects.all() if plain(r.title) and plain(r.title) in title]
    return max(candidates, key=lambda r: len(r.title), default=None)


def compare_stated_figures(issue: ImportedIssue) -> FiguresComparison | None:
    """The comparison, or None when the minutes state no figures or we hold no review."""
    stated = issue.stated_figures
    if stated is None:
        return None
    review = review_for_issue(issue)
    if review is None:
        return None
    summary = review_progress_summary(review=review)
    computed = {
        "total": summary.total,
        "achieved": summary.achieved,
        "achieved_late": summary.achieved_late,
        "extended": summary.count("extended"),
    }
    differences = tuple(
        f"stated {template.format(n=getattr(stated, name))}, the tracker computes {computed[name]}"
        for name, template in FIGURES
        if getattr(stated, name) is not None and getattr(stated, name) != computed[name]
    )
    return FiguresComparison(
        review=review, stated=stated, computed=computed, differences=differences
    )
