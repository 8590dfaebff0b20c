"""The publishing rules (docs/rules.md), for each kind of user."""

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.utils import timezone

from scrutiny.committees.models import (
    Action,
    AgendaItem,
    Attendance,
    Declaration,
    Document,
    Membership,
    Motion,
    Resolution,
)
from scrutiny.committees.services import agenda_item_set_visibility
from scrutiny.publishing import rules

ALL_USERS = [
    "anonymous",
    "outsider",
    "member",
    "clerk",
    "scrutiny officer",
    "superuser",
    "staff without a role",
    "owner",
]
SEES_EVERYTHING = {"clerk", "scrutiny officer", "superuser"}
SEES_COMMITTEE_BUSINESS = SEES_EVERYTHING | {"member"}


@pytest.mark.parametrize("name", ALL_USERS)
def test_public_item_and_its_published_document_are_visible_to_everyone(world, user_of, name):
    user = user_of(name)
    assert rules.item_is_visible(user, world.objects["public item"])
    assert rules.document_is_visible(user, world.objects["public document"])


@pytest.mark.parametrize("name", ALL_USERS)
def test_exempt_item_content_is_for_staff_with_a_role_and_the_committee(world, user_of, name):
    user = user_of(name)
    expected = name in SEES_COMMITTEE_BUSINESS
    assert rules.item_is_visible(user, world.objects["exempt item"]) is expected
    assert rules.item_is_visible(user, world.objects["confidential item"]) is expected
    assert rules.document_is_visible(user, world.objects["exempt document"]) is expected
    assert rules.item_minutes_are_visible(user, world.objects["exempt item"]) is expected


@pytest.mark.parametrize("name", ALL_USERS)
def test_exempt_item_is_still_listed_with_its_title(world, user_of, name):
    item = world.objects["exempt item"]
    assert rules.item_is_listed(user_of(name), item)
    assert rules.item_title_is_visible(user_of(name), item)


def test_exempt_notice_names_the_schedule_12a_paragraph(world):
    notice = rules.exempt_notice(world.objects["exempt item"])
    assert notice.startswith("This item is exempt under paragraph 3 of Schedule 12A")


def test_exempt_notice_for_an_imported_item_says_the_paragraph_is_to_be_confirmed():
    item = AgendaItem(visibility="exempt", exempt_paragraphs=[])
    notice = rules.exempt_notice(item)
    assert "paragraph  of" not in notice
    assert notice.endswith("(the paragraph is to be confirmed).")


def test_exempt_notice_lists_several_paragraphs():
    item = AgendaItem(visibility="exempt", exempt_paragraphs=[1, 2, 3])
    assert "paragraphs 1, 2 and 3 of Schedule 12A" in rules.exempt_notice(item)


@pytest.mark.parametrize("name", ALL_USERS)
def test_confidential_item_title_is_hidden_from_the_public(world, user_of, name):
    visible = rules.item_title_is_visible(user_of(name), world.objects["confidential item"])
    assert visible is (name in SEES_COMMITTEE_BUSINESS)


@pytest.mark.parametrize("name", ALL_USERS)
def test_public_document_on_an_exempt_item_follows_the_item(world, user_of, name):
    document = world.objects["public document on exempt item"]
    assert rules.document_is_visible(user_of(name), document) is (name in SEES_COMMITTEE_BUSINESS)


@pytest.mark.parametrize("name", ALL_USERS)
def test_confidential_document_on_a_public_item_follows_the_document(world, user_of, name):
    document = world.objects["confidential document"]
    assert rules.document_is_visible(user_of(name), document) is (name in SEES_COMMITTEE_BUSINESS)


@pytest.mark.parametrize("name", ALL_USERS)
@pytest.mark.parametrize("which", ["draft document", "future document"])
def test_unpublished_documents_are_for_staff_with_a_role_only(world, user_of, name, which):
    document = world.objects[which]
    assert rules.document_is_visible(user_of(name), document) is (name in SEES_EVERYTHING)


@pytest.mark.parametrize("name", ALL_USERS)
def test_agenda_not_yet_published_is_for_staff_with_a_role_only(world, user_of, name):
    user = user_of(name)
    item = world.objects["unpublished item"]
    expected = name in SEES_EVERYTHING
    assert rules.agenda_is_visible(user, item.meeting) is expected
    assert rules.item_is_listed(user, item) is expected
    assert rules.item_is_visible(user, item) is expected
    assert rules.document_is_visible(user, world.objects["unpublished agenda document"]) is (
        expected
    )


def test_agenda_due_to_publish_in_the_future_is_not_published(world):
    meeting = world.objects["unpublished meeting"]
    meeting.agenda_published_at = timezone.now() + dt.timedelta(hours=1)
    assert not rules.agenda_is_published(meeting)
    meeting.agenda_published_at = timezone.now() - dt.timedelta(seconds=1)
    assert rules.agenda_is_published(meeting)


@pytest.mark.parametrize("status", ["none", "draft"])
def test_minutes_are_not_published_before_approval(status):
    from scrutiny.committees.models import Meeting

    assert not rules.minutes_are_published(Meeting(minutes_status=status))


@pytest.mark.parametrize("status", ["approved", "signed"])
def test_minutes_are_published_once_approved(status):
    from scrutiny.committees.models import Meeting

    assert rules.minutes_are_published(Meeting(minutes_status=status))


@pytest.mark.parametrize("name", ALL_USERS)
def test_draft_minutes_record_is_for_staff_with_a_role_only(world, user_of, name):
    user = user_of(name)
    meeting = world.objects["draft minutes meeting"]
    expected = name in SEES_EVERYTHING
    assert rules.minutes_record_is_visible(user, meeting) is expected
    item = world.objects["draft minutes item"]
    assert rules.item_is_visible(user, item)  # the agenda itself is out
    assert rules.item_minutes_are_visible(user, item) is expected
    for model, fetch in (
        (Motion, rules.visible_motions),
        (Resolution, rules.visible_resolutions),
        (Action, rules.visible_actions),
        (Declaration, rules.visible_declarations),
    ):
        assert fetch(user, model.objects.filter(item=item)).exists() is expected, model
    assert rules.visible_attendance(user, Attendance.objects.filter(meeting=meeting)).exists() is (
        expected
    )


@pytest.mark.parametrize("name", ALL_USERS)
def test_exempt_minutes_records_follow_the_item(world, user_of, name):
    user = user_of(name)
    item = world.objects["exempt item"]
    expected = name in SEES_COMMITTEE_BUSINESS
    for fetch in (
        rules.visible_motions,
        rules.visible_resolutions,
        rules.visible_actions,
        rules.visible_declarations,
    ):
        assert fetch(user).filter(item=item).exists() is expected


@pytest.fixture
def public_action(world):
    # Recorded with the minutes, before they were signed (the service now refuses it).
    action = Action.on_item(world.objects["public item"], text="Circulate it")
    action.save()
    return action


@pytest.mark.parametrize("name", ALL_USERS)
def test_an_action_is_visible_exactly_when_its_items_minutes_are(
    world, public_action, user_of, name
):
    """Actions read publication from the meeting they store, and their item's visibility
    as it is now: the same answer as the item's minutes."""
    user = user_of(name)
    visible = set(rules.visible_actions(user).values_list("pk", flat=True))
    assert public_action.pk in visible
    for action in Action.objects.select_related("item__meeting"):
        assert rules.item_minutes_are_visible(user, action.item) is (action.pk in visible), action


def test_an_action_goes_private_with_its_item(world, public_action):
    item = public_action.item
    assert rules.visible_actions(AnonymousUser()).filter(item=item).exists()
    agenda_item_set_visibility(
        actor=None,
        item=item,
        visibility="exempt",
        exempt_paragraphs=[3],
        public_interest_reason="Commercially sensitive terms.",
    )
    assert not rules.visible_actions(AnonymousUser()).filter(item=item).exists()


@pytest.mark.parametrize("name", ALL_USERS)
def test_queryset_and_instance_rules_agree_on_every_record(world, user_of, name):
    user = user_of(name)
    visible_docs = set(rules.visible_documents(user).values_list("pk", flat=True))
    for document in Document.objects.select_related("item__meeting"):
        assert rules.document_is_visible(user, document) is (document.pk in visible_docs), document
    visible = set(rules.visible_items(user).values_list("pk", flat=True))
    listed = set(rules.listed_items(user).values_list("pk", flat=True))
    for item in AgendaItem.objects.select_related("meeting"):
        assert rules.item_is_visible(user, item) is (item.pk in visible), item
        assert rules.item_is_listed(user, item) is (item.pk in listed), item


def test_fetching_a_document_the_user_may_not_see_is_not_found(world, user_of):
    for which in ("exempt document", "draft document", "confidential document"):
        with pytest.raises(Http404):
            rules.get_visible_document_or_404(AnonymousUser(), world.objects[which].pk)
    document = world.objects["exempt document"]
    assert rules.get_visible_document_or_404(user_of("member"), document.pk) == document
    with pytest.raises(Http404):
        rules.get_visible_document_or_404(user_of("outsider"), document.pk)


def test_an_item_the_user_may_not_see_is_not_among_their_items(world, user_of):
    item = world.objects["exempt item"]
    assert not rules.visible_items(AnonymousUser()).filter(pk=item.pk).exists()
    assert rules.visible_items(user_of("member")).get(pk=item.pk) == item


def test_a_membership_that_has_ended_gives_no_access(world, user_of):
    member = user_of("member")
    Membership.objects.filter(person__user=member).update(
        ended_on=timezone.localdate() - dt.timedelta(days=1)
    )
    assert not rules.item_is_visible(member, world.objects["exempt item"])


def test_a_membership_not_yet_started_gives_no_access(world, user_of):
    member = user_of("member")
    Membership.objects.filter(person__user=member).update(
        started_on=timezone.localdate() + dt.timedelta(days=1)
    )
    assert not rules.item_is_visible(member, world.objects["exempt item"])


def test_a_deactivated_account_sees_only_the_public_record(world, user_of):
    clerk = user_of("clerk")
    clerk.is_active = False
    assert not rules.item_is_visible(clerk, world.objects["exempt item"])


def test_access_is_worked_out_once_per_user_object(world, user_of, django_assert_num_queries):
    member = user_of("member")
    item = AgendaItem.objects.select_related("meeting").get(pk=world.objects["exempt item"].pk)
    document = Document.objects.select_related("item__meeting").get(
        pk=world.objects["exempt document"].pk
    )
    with django_assert_num_queries(2):
        rules.access_for(member)
    with django_assert_num_queries(0):
        assert rules.item_is_visible(member, item)
        assert rules.document_is_visible(member, document)
