"""The summary counted by the database (`progress_summaries`) says what `summarise` says of
the loaded recommendations, for every review of a generated archive, in both positions."""

import pytest

from scrutiny.demo.archive import generate_archive
from scrutiny.reviews.models import Recommendation, Review, Status
from scrutiny.reviews.selectors import progress_summaries, summarise

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("position", ["agreed", "reported"])
def test_counted_summaries_match_the_summary_of_the_recommendations(position):
    generate_archive(scale=0.02, seed=11)
    vocabulary = list(Status.objects.all())
    ids = list(Review.objects.values_list("pk", flat=True))
    recs: dict[int, list[Recommendation]] = {pk: [] for pk in ids}
    for rec in Recommendation.objects.select_related("status", "proposed_status"):
        recs[rec.review_id].append(rec)
    counted = progress_summaries(ids, position=position)
    expected = {pk: summarise(recs[pk], vocabulary=vocabulary, position=position) for pk in ids}
    assert counted == expected
    assert any(s.achieved_late for s in counted.values())
    assert any(s.closed for s in counted.values())
    if position == "reported":
        agreed = progress_summaries(ids, position="agreed")
        assert any(agreed[pk] != counted[pk] for pk in ids)  # proposals make a difference
