"""Access review campaigns: snapshot, reviewers, decisions, locking, closing, recurrence."""

import datetime as dt

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accounts.models import ObjectChange
from governance import services
from governance.choices import ReviewOutcome
from governance.models import AccessGrant, AccessReview, ReviewItem, Task
from governance.reviews.forms import ReassignForm
from tests.factories import ChannelFactory, GrantFactory, PartnerFactory, PersonFactory, role
from tests.support.clock import at

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _campaign(lead, **scope):
    data = {"name": "Q4 review", "due_on": TODAY + dt.timedelta(days=14)}
    data.update(scope)
    return services.review_create(actor=lead, **data)


def _opened(lead, **scope):
    return services.review_open(actor=lead, review=_campaign(lead, **scope))


def test_only_leads_prepare_open_and_close(personas):
    for actor in (personas.owner, personas.auditor, personas.member):
        with pytest.raises(PermissionDenied):
            _campaign(actor)
    review = _campaign(personas.lead)
    with pytest.raises(PermissionDenied):
        services.review_open(actor=personas.owner, review=review)


def test_opening_snapshots_the_active_grants_in_scope(personas):
    kept = GrantFactory(expires_on=TODAY + dt.timedelta(days=60))
    revoked = GrantFactory()
    services.grant_revoke(actor=personas.lead, grant=revoked)
    review = _opened(personas.lead)
    later = GrantFactory()
    items = list(review.items.all())
    assert [i.grant for i in items] == [kept]
    item = items[0]
    assert (item.person, item.channel, item.role_name, item.expires_on) == (
        kept.person,
        kept.channel,
        kept.role.name,
        kept.expires_on,
    )
    assert item.granted_at == kept.granted_at
    assert not review.items.filter(grant=later).exists()
    # Changing the grant later does not change what was reviewed.
    services.grant_change_role(
        actor=personas.lead, grant=kept, role=role("facebook", "admin"), justification="x"
    )
    item.refresh_from_db()
    assert item.role_name == kept.role.name


def test_scope_filters(personas):
    linkedin = ChannelFactory(platform=role("linkedin").platform, url="")
    on_linkedin = GrantFactory(channel=linkedin, role=role("linkedin", "admin"))
    agency = PersonFactory(kind="agency_staff", team=None, partner=PartnerFactory())
    partner_grant = GrantFactory(person=agency, expires_on=TODAY + dt.timedelta(days=10))
    admin_grant = GrantFactory(role=role("facebook", "admin"))
    GrantFactory()

    def scoped(**scope):
        review = _opened(personas.lead, **scope)
        services.review_close(actor=personas.lead, review=review)  # one open campaign per grant
        return {item.grant for item in review.items.all()}

    assert scoped(scope_platform=linkedin.platform) == {on_linkedin}
    assert scoped(scope_partners_only=True) == {partner_grant}
    assert scoped(scope_privilege_level="admin") == {on_linkedin, admin_grant}


def test_reviewer_falls_back_and_nobody_reviews_their_own_access(personas):
    owned = ChannelFactory(
        business_owner=personas.owner.person, backup_owner=personas.member.person
    )
    someone = GrantFactory(channel=owned)
    owners_own = GrantFactory(channel=owned, person=personas.owner.person)
    orphan = GrantFactory(channel=ChannelFactory())
    review = _opened(personas.lead)
    reviewers = {i.grant_id: i.reviewer for i in review.items.all()}
    assert reviewers[someone.pk] == personas.owner
    assert reviewers[owners_own.pk] == personas.member, "the owner's own access goes to the backup"
    assert reviewers[orphan.pk] == personas.lead


def test_last_review_comes_from_the_previous_campaign(personas):
    grant = GrantFactory(channel=ChannelFactory(business_owner=personas.owner.person))
    first = _opened(personas.lead)
    item = first.items.get()
    services.review_item_decide(actor=personas.owner, item=item, decision="keep")
    services.review_close(actor=personas.lead, review=first)
    second = _opened(personas.lead)
    assert (
        second.items.get(grant=grant).last_reviewed_at
        == ReviewItem.objects.get(pk=item.pk).decided_at
    )


@pytest.fixture
def open_item(personas):
    grant = GrantFactory(channel=ChannelFactory(business_owner=personas.owner.person))
    review = _opened(personas.lead)
    return review.items.get(grant=grant)


def test_decisions_change_until_submitted_then_lock(personas, open_item):
    services.review_item_decide(
        actor=personas.owner, item=open_item, decision="revoke", comment="Left the team"
    )
    services.review_item_decide(
        actor=personas.owner, item=open_item, decision="keep", comment="Back on the team"
    )
    assert services.review_items_submit(actor=personas.owner) == 1
    with pytest.raises(ValidationError) as error:
        services.review_item_decide(actor=personas.owner, item=open_item, decision="revoke")
    assert "locked" in str(error.value)
    assert ReviewItem.objects.get(pk=open_item.pk).decision == "keep"
    assert ObjectChange.objects.for_object(open_item).count() == 3


def test_only_the_reviewer_or_a_lead_decides(personas, open_item):
    for actor in (personas.member, personas.auditor, personas.partner):
        with pytest.raises(PermissionDenied):
            services.review_item_decide(actor=actor, item=open_item, decision="keep")
    services.review_item_decide(actor=personas.lead, item=open_item, decision="keep")


def test_comment_required_to_keep_admin_or_partner_access(personas):
    channel = ChannelFactory(business_owner=personas.owner.person)
    admin = GrantFactory(channel=channel, role=role("facebook", "admin"))
    agency = PersonFactory(kind="agency_staff", team=None, partner=PartnerFactory())
    partner = GrantFactory(channel=channel, person=agency, expires_on=TODAY + dt.timedelta(days=9))
    review = _opened(personas.lead)
    for grant in (admin, partner):
        item = review.items.get(grant=grant)
        with pytest.raises(ValidationError) as error:
            services.review_item_decide(actor=personas.owner, item=item, decision="keep")
        assert "comment" in error.value.message_dict
        services.review_item_decide(actor=personas.owner, item=item, decision="revoke")
        services.review_item_decide(
            actor=personas.owner, item=item, decision="keep", comment="Runs the ads"
        )


def test_change_role_only_to_a_lower_role_of_the_platform(personas):
    grant = GrantFactory(
        channel=ChannelFactory(business_owner=personas.owner.person), role=role("facebook", "admin")
    )
    item = _opened(personas.lead).items.get()
    for bad in (role("facebook", "admin"), role("linkedin", "analyse"), None):
        with pytest.raises(ValidationError):
            services.review_item_decide(
                actor=personas.owner, item=item, decision="change_role", new_role=bad
            )
    services.review_item_decide(
        actor=personas.owner,
        item=item,
        decision="change_role",
        new_role=role("facebook", "analyse"),
    )
    assert grant.pk


def test_bulk_decide_is_all_or_nothing(personas):
    channel = ChannelFactory(business_owner=personas.owner.person)
    GrantFactory.create_batch(2, channel=channel)
    GrantFactory(channel=channel, role=role("facebook", "admin"))
    review = _opened(personas.lead)
    items = list(review.items.all())
    with pytest.raises(ValidationError):
        services.review_items_bulk_decide(actor=personas.owner, items=items, decision="keep")
    assert not review.items.exclude(decision="").exists()
    assert (
        services.review_items_bulk_decide(
            actor=personas.owner, items=items, decision="keep", comment="All still needed"
        )
        == 3
    )


@pytest.fixture
def bulk(personas):
    """The owner reviews three publishers on their channel; the member reviews one on theirs."""
    mine = ChannelFactory(business_owner=personas.owner.person)
    theirs = ChannelFactory(business_owner=personas.member.person)
    GrantFactory.create_batch(3, channel=mine)
    GrantFactory(channel=theirs)
    review = _opened(personas.lead)
    owner_items = list(review.items.filter(reviewer=personas.owner).order_by("pk"))
    return owner_items, review.items.get(reviewer=personas.member)


def _untouched(items, changes_before: int) -> None:
    for item in items:
        item.refresh_from_db()
        assert (item.decision, item.decided_at) == ("", None), item
    assert ObjectChange.objects.count() == changes_before


def test_bulk_decide_writes_each_decision_with_its_history_in_one_go(personas, bulk):
    items, _ = bulk
    when = at(TODAY)
    before = ObjectChange.objects.count()
    count = services.review_items_bulk_decide(
        actor=personas.owner, items=items, decision="revoke", comment="Left", now=when
    )
    assert count == 3
    for item in items:
        item.refresh_from_db()
        assert (item.decision, item.comment, item.decided_at, item.decided_by) == (
            "revoke",
            "Left",
            when,
            personas.owner,
        )
        assert item.submitted_at is None  # decided, not yet submitted
        change = ObjectChange.objects.for_object(item).get()
        assert change.changes["decision"] == [None, "revoke"]
    assert ObjectChange.objects.count() == before + 3


@pytest.mark.parametrize("refused", ["theirs", "decided", "locked", "closed", "gone"])
def test_bulk_decide_refuses_everything_when_one_item_is_refused(personas, bulk, refused):
    items, theirs = bulk
    odd = items[-1]
    if refused == "theirs":  # another reviewer's item, outside what the owner may decide
        odd = theirs
    elif refused == "decided":
        services.review_item_decide(actor=personas.owner, item=odd, decision="keep", comment="x")
    elif refused == "locked":
        services.review_item_decide(actor=personas.owner, item=odd, decision="keep", comment="x")
        services.review_items_submit(actor=personas.owner)
    elif refused == "closed":
        services.review_close(actor=personas.lead, review=odd.review)
    elif refused == "gone":
        odd = ReviewItem(pk=10**9)
    chosen = [*items[:-1], odd]
    before = ObjectChange.objects.count()
    with pytest.raises(ValidationError) as error:
        services.review_items_bulk_decide(actor=personas.owner, items=chosen, decision="revoke")
    said = " ".join(error.value.messages)
    expected = {
        "theirs": "You are not the reviewer of this item.",
        "decided": "Already decided; change it in its own row.",
        "locked": "This decision was submitted and is locked.",
        "closed": "This campaign is not open.",
        "gone": "No such item.",
    }[refused]
    assert expected in said
    if refused != "gone":
        assert str(odd) in said  # the refused item is named
    if refused != "closed":  # closing gave every item the default outcome
        _untouched(items[:-1], before)


def test_a_lead_decides_in_bulk_what_an_auditor_may_not(personas, bulk):
    items, theirs = bulk
    with pytest.raises(ValidationError) as error:
        services.review_items_bulk_decide(actor=personas.auditor, items=items, decision="revoke")
    assert "Auditors read; they do not decide." in " ".join(error.value.messages)
    assert not ReviewItem.objects.exclude(decision="").exists()
    assert (
        services.review_items_bulk_decide(
            actor=personas.lead, items=[*items, theirs], decision="revoke"
        )
        == 4
    )


def test_bulk_decide_changes_no_role(personas, bulk):
    items, _ = bulk
    with pytest.raises(ValidationError):
        services.review_items_bulk_decide(actor=personas.owner, items=items, decision="change_role")
    with pytest.raises(ValidationError):
        services.review_items_bulk_decide(actor=personas.owner, items=[], decision="keep")


def test_reassignment_keeps_the_deadline_and_needs_a_reason(personas, open_item):
    with pytest.raises(ValidationError):
        services.review_item_reassign(
            actor=personas.owner, item=open_item, reviewer=personas.member, reason=""
        )
    with pytest.raises(ValidationError):  # the reviewed person cannot review their own access
        services.review_item_reassign(
            actor=personas.owner,
            item=open_item,
            reviewer=open_item.person.user or personas.outsider,
            reason="x",
        )
    due = open_item.review.due_on
    item = services.review_item_reassign(
        actor=personas.owner, item=open_item, reviewer=personas.member, reason="On leave"
    )
    assert (
        item.reviewer == personas.member
        and AccessReview.objects.get(pk=item.review_id).due_on == due
    )
    assert ObjectChange.objects.for_object(item).get().message == "On leave"


@pytest.mark.parametrize("outcome", [ReviewOutcome.REVOKE, ReviewOutcome.KEEP_AND_FLAG])
def test_closing_applies_the_outcome_and_creates_tasks(personas, outcome):
    channel = ChannelFactory(business_owner=personas.owner.person)
    kept, revoked, changed, forgotten = GrantFactory.create_batch(
        4, channel=channel, role=role("facebook", "moderate")
    )
    review = _opened(personas.lead, default_outcome=outcome)
    item = {i.grant_id: i for i in review.items.all()}
    services.review_item_decide(actor=personas.owner, item=item[kept.pk], decision="keep")
    services.review_item_decide(actor=personas.owner, item=item[revoked.pk], decision="revoke")
    services.review_item_decide(
        actor=personas.owner,
        item=item[changed.pk],
        decision="change_role",
        new_role=role("facebook", "analyse"),
    )
    services.review_close(actor=None, review=review)
    review.refresh_from_db()
    assert review.status == "closed" and review.closed_by is None and review.closed_at
    left = ReviewItem.objects.get(pk=item[forgotten.pk].pk)
    assert left.decided_by_default
    assert left.decision == ("revoke" if outcome == ReviewOutcome.REVOKE else "keep")
    assert left.flagged == (outcome == ReviewOutcome.KEEP_AND_FLAG)
    tasks = {t.grant_id: t for t in Task.objects.filter(review_item__review=review)}
    expected = {revoked.pk: "revoke", changed.pk: "change_role"}
    if outcome == ReviewOutcome.REVOKE:
        expected[forgotten.pk] = "revoke"
    assert {g: t.kind for g, t in tasks.items()} == expected
    assert all(t.assignee == personas.owner for t in tasks.values())
    assert not ReviewItem.objects.filter(review=review, submitted_at__isnull=True).exists()

    # Confirming the tasks revokes with the reason "review" and changes the role.
    services.offboarding_task_confirm(
        actor=personas.owner, task=tasks[revoked.pk], evidence="Removed in Meta"
    )
    services.offboarding_task_confirm(
        actor=personas.owner, task=tasks[changed.pk], evidence="Changed in Meta"
    )
    revoked.refresh_from_db()
    assert revoked.status == "revoked" and revoked.revocation_reason == "review"
    assert AccessGrant.objects.get(replaces=changed).role == role("facebook", "analyse")


def test_the_deadline_sweep_closes_due_campaigns_once(personas, open_item):
    review = open_item.review
    assert services.reviews_close_due(now=at(review.due_on)) == 0
    # Long after the deadline: the sweep's time is used throughout, remediation dates included.
    later = at(review.due_on + dt.timedelta(days=400), 7)
    services.review_item_decide(
        actor=personas.owner, item=open_item, decision="revoke", comment="Left the team"
    )
    assert services.reviews_close_due(now=later) == 1
    assert services.reviews_close_due(now=later) == 0
    review.refresh_from_db()
    assert review.closed_at == later
    task = Task.objects.get(review_item=open_item)
    assert task.due_on == later.date() + dt.timedelta(days=settings.REVIEW_REMEDIATION_DAYS)


def test_recurrence_opens_the_next_campaign_once(personas):
    GrantFactory()
    review = _opened(personas.lead, repeat_every_months=3)
    assert services.reviews_open_recurring(now=at(TODAY)) == 0, "not before its period"
    # Three months and a bit have passed since it opened.
    AccessReview.objects.filter(pk=review.pk).update(opened_at=at(TODAY - dt.timedelta(days=95)))
    services.review_close(actor=None, review=review)  # its deadline passed long ago
    assert services.reviews_open_recurring(now=at(TODAY)) == 1
    assert services.reviews_open_recurring(now=at(TODAY)) == 0, (
        "the task ran twice; one campaign only"
    )
    successor = AccessReview.objects.get(previous=review)
    assert successor.status == "open" and successor.items.count() == 1
    assert successor.repeat_every_months == 3
    assert successor.due_on == TODAY + (review.due_on - (TODAY - dt.timedelta(days=95)))


def test_a_grant_is_in_one_open_campaign_at_a_time(personas):
    grant = GrantFactory()
    first = _opened(personas.lead)
    second = _opened(personas.lead)
    assert first.items.filter(grant=grant).exists()
    assert not second.items.exists()
    services.review_close(actor=personas.lead, review=first)
    assert _opened(personas.lead).items.filter(grant=grant).exists()


def test_auditors_never_decide_even_as_reviewers(personas):
    auditor_person = PersonFactory(user=personas.auditor, email=personas.auditor.email)
    GrantFactory(channel=ChannelFactory(business_owner=auditor_person))
    item = _opened(personas.lead).items.get()
    # An auditor who owns a channel is skipped: the item goes to someone who may decide it.
    assert item.reviewer == personas.lead
    # One who became an auditor after the campaign opened holds the item, and may not decide.
    ReviewItem.objects.filter(pk=item.pk).update(reviewer=personas.auditor)
    item.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.review_item_decide(actor=personas.auditor, item=item, decision="keep")


def test_the_next_in_line_is_never_the_reviewed_person(personas):
    """Campaign opening skips the owner and the backup who are the subject of the item, and a
    lead who is; reassigning refuses the subject, and the form does not offer them."""
    channel = ChannelFactory(
        business_owner=personas.owner.person, backup_owner=personas.member.person
    )
    owners = GrantFactory(channel=channel, person=personas.owner.person)
    backups = GrantFactory(channel=channel, person=personas.member.person)
    orphan = ChannelFactory()
    leads = GrantFactory(channel=orphan, person=personas.lead.person)
    review = _opened(personas.lead)
    reviewers = {i.grant_id: i.reviewer for i in review.items.all()}
    assert reviewers[owners.pk] == personas.member
    assert reviewers[backups.pk] == personas.owner
    assert reviewers[leads.pk] not in (None, personas.lead), (
        "a lead's own: another lead, or an admin"
    )
    item = review.items.get(grant=backups)
    with pytest.raises(ValidationError):
        services.review_item_reassign(
            actor=personas.owner, item=item, reviewer=personas.member, reason="On leave"
        )
    offered = ReassignForm(item=item).fields["reviewer"].queryset
    assert personas.member not in offered and personas.owner in offered
    assert personas.auditor not in offered, "an auditor is offered no item to decide"


def test_closing_hands_remediation_to_the_next_in_line_not_the_subject(personas):
    channel = ChannelFactory(
        business_owner=personas.owner.person, backup_owner=personas.member.person
    )
    owners = GrantFactory(channel=channel, person=personas.owner.person, role=role("facebook"))
    review = _opened(personas.lead, default_outcome=ReviewOutcome.REVOKE)
    services.review_close(actor=personas.lead, review=review)
    task = Task.objects.get(grant=owners)
    assert task.assignee == personas.member
