"""Achieved late ("completed behind schedule"), the one rule, in its two forms side by side:
`achieved_late` for a recommendation in hand and `achieved_late_q` for the database to
count many. A recommendation is achieved late when the status it is counted at counts as
achieved and the service completed it after its original target date (never the current
one: an extension does not make late work on time). Kept free of the models so the models
can use it too; tests/reviews/test_lateness.py proves the two forms agree."""

from __future__ import annotations

import datetime

from django.db.models import F, Q


def achieved_late(
    *,
    counts_as_achieved: bool,
    completed_on: datetime.date | None,
    original_target_date: datetime.date | None,
) -> bool:
    return bool(
        counts_as_achieved
        and completed_on is not None
        and original_target_date is not None
        and completed_on > original_target_date
    )


def achieved_late_q(status: str = "status") -> Q:
    """`achieved_late` as a condition on Recommendation rows, counted at the status the
    relation `status` names ("status" for the agreed one, "proposed_status" for the
    service's)."""
    return Q(
        **{f"{status}__counts_as_achieved": True},
        completed_on__isnull=False,
        original_target_date__isnull=False,
        completed_on__gt=F("original_target_date"),
    )
