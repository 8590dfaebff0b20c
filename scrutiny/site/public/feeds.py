"""Atom and RSS feeds (Django's syndication framework): new publications (agendas,
minutes, papers), a committee's decisions and a review's progress. Always the public's
view, read through `publishing.feeds`."""

from __future__ import annotations

import datetime

from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed

from scrutiny.core.page_cache import public_page
from scrutiny.publishing import feeds
from scrutiny.publishing.committees import get_committee_or_404
from scrutiny.publishing.reviews import get_review_or_404


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


class PublicationsFeed(Feed):
    feed_type = Atom1Feed
    title = "New agendas, minutes and reports"
    subtitle = description = "Agendas, approved minutes and papers as they are published."

    def link(self):
        return reverse("site:open_data")

    def items(self):
        return feeds.new_publications()

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return f"{item.meeting.committee.name}, meeting of {item.meeting.date:%-d %B %Y}."

    def item_link(self, item):
        if item.document_id is not None:
            return reverse("site:document_download", args=[item.document_id])
        return reverse("site:meeting_detail", args=[item.meeting.pk])

    def item_guid(self, item):
        return f"{self.item_link(item)}#{item.key}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.published_at


class PublicationsRss(PublicationsFeed):
    feed_type = Rss201rev2Feed


class DecisionsFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request, slug):
        return get_committee_or_404(slug)

    def title(self, committee):
        return f"Decisions of the {committee.name}"

    def subtitle(self, committee):
        return f"Resolutions of the {committee.name}, once its minutes are approved."

    description = subtitle

    def link(self, committee):
        return reverse("site:committee_detail", args=[committee.slug])

    def items(self, committee):
        return feeds.committee_decisions(committee=committee)

    def item_title(self, resolution):
        return feeds.decision_title(resolution)

    def item_description(self, resolution):
        return feeds.decision_text(resolution)

    def item_link(self, resolution):
        meeting = resolution.item.meeting
        return reverse("site:meeting_detail", args=[meeting.pk]) + f"#item-{resolution.item_id}"

    def item_guid(self, resolution):
        return f"{self.item_link(resolution)}-resolution-{resolution.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, resolution):
        return resolution.item.meeting.minutes_published_at or resolution.item.meeting.starts_at

    item_updateddate = item_pubdate


class DecisionsRss(DecisionsFeed):
    feed_type = Rss201rev2Feed


class ReviewProgressFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request, slug):
        return get_review_or_404(slug)

    def title(self, review):
        return f"Progress on {review.title}"

    def subtitle(self, review):
        return "Services' progress updates on the review's recommendations."

    description = subtitle

    def link(self, review):
        return reverse("site:review_detail", args=[review.slug])

    def items(self, review):
        return feeds.review_progress(review=review)

    def item_title(self, update):
        return (
            f"Recommendation {update.recommendation.number}: "
            f"{update.proposed_status.label} ({update.as_of:%-d %B %Y})"
        )

    def item_description(self, update):
        return update.narrative

    def item_author_name(self, update):
        return update.author.display_name

    def item_link(self, update):
        recommendation = update.recommendation
        return reverse(
            "site:recommendation_detail", args=[recommendation.review.slug, recommendation.number]
        )

    def item_guid(self, update):
        return f"{self.item_link(update)}#update-{update.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, update):
        return _day_start(update.as_of)

    def item_updateddate(self, update):
        return update.created_at


class ReviewProgressRss(ReviewProgressFeed):
    feed_type = Rss201rev2Feed


def _served(feed: Feed):
    """A feed as a view, in the public page cache like the pages."""

    def view(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        return feed(request, *args, **kwargs)

    view.__name__ = view.__qualname__ = type(feed).__name__
    return public_page(params=())(view)


publications_atom = _served(PublicationsFeed())
publications_rss = _served(PublicationsRss())
decisions_atom = _served(DecisionsFeed())
decisions_rss = _served(DecisionsRss())
review_progress_atom = _served(ReviewProgressFeed())
review_progress_rss = _served(ReviewProgressRss())
