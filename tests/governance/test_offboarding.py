"""Off-boarding: exactly the right tasks, completion, the leaver's account and sessions."""

import datetime as dt

import pytest
from allauth.usersessions.models import UserSession
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.choices import PersonStatus
from accounts.models import ObjectChange
from governance import services
from governance.models import AccessRequest, Task
from tests.factories import PASSWORD, ChannelFactory, GrantFactory, PersonFactory, UserFactory, role
from tests.support.clock import at
from tests.support.csrf import BrowserClient
from tests.support.queries import pinned_queries

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
LAST_DAY = TODAY + dt.timedelta(days=7)


@pytest.fixture
def leaver(personas):
    return PersonFactory(email="leaver@example.org")


def _kinds(offboarding) -> set[tuple[str, str]]:
    return {(t.kind, t.channel.name) for t in offboarding.tasks.select_related("channel")}


def test_tasks_cover_grants_shared_passwords_ownership_and_devices(
    personas, leaver, django_capture_on_commit_callbacks
):
    owner = personas.owner.person
    held = ChannelFactory(name="Held", business_owner=owner)
    GrantFactory(channel=held, person=leaver)
    shared = ChannelFactory(name="Shared", business_owner=owner, login_model="shared")
    GrantFactory(channel=shared, person=leaver)
    via_shared_login = ChannelFactory(name="Via shared login", business_owner=owner)
    GrantFactory(channel=via_shared_login, person=leaver, access_method="shared")
    ChannelFactory(
        name="Owned", business_owner=leaver, backup_owner=owner, two_factor_holder=leaver
    )
    ChannelFactory(
        name="Backed up", business_owner=owner, backup_owner=leaver, recovery_phone_holder=leaver
    )
    ChannelFactory(name="Unrelated", business_owner=owner)
    ChannelFactory(name="Archived", business_owner=leaver, status="archived")
    pending = services.request_create(
        actor=personas.member,
        channel=ChannelFactory(name="Asked"),
        person=leaver,
        role=role(),
        reason="x",
    )

    with django_capture_on_commit_callbacks(execute=True):
        offboarding = services.offboarding_start(
            actor=personas.lead, person=leaver, last_day=LAST_DAY
        )

    assert _kinds(offboarding) == {
        ("revoke", "Held"),
        ("revoke", "Shared"),
        ("revoke", "Via shared login"),
        ("rotate_password", "Shared"),
        ("rotate_password", "Via shared login"),
        ("reassign_owner", "Owned"),
        ("reassign_two_factor", "Owned"),
        ("reassign_backup", "Backed up"),
        ("reassign_recovery_phone", "Backed up"),
    }
    tasks = list(offboarding.tasks.select_related("assignee"))
    assert all(t.due_on == LAST_DAY for t in tasks)
    assert {t.assignee for t in tasks} == {personas.owner}, "the owner acts; never the leaver"
    leaver.refresh_from_db()
    assert leaver.status == PersonStatus.LEAVING and leaver.end_date == LAST_DAY
    assert AccessRequest.objects.get(pk=pending.pk).status == "cancelled"
    assert [m.to for m in mail.outbox] == [[personas.owner.email]]


def test_assignee_falls_back_to_backup_then_a_lead(personas, leaver):
    no_users = ChannelFactory(name="Nobody with a login")
    GrantFactory(channel=no_users, person=leaver)
    backup = ChannelFactory(
        name="Backup acts", business_owner=leaver, backup_owner=personas.member.person
    )
    offboarding = services.offboarding_start(actor=personas.lead, person=leaver, last_day=LAST_DAY)
    assignees = {t.channel_id: t.assignee for t in offboarding.tasks.all()}
    assert assignees[no_users.pk] == personas.lead
    assert assignees[backup.pk] == personas.member


def test_starting_twice_is_refused(personas, leaver):
    services.offboarding_start(actor=personas.lead, person=leaver, last_day=LAST_DAY)
    with pytest.raises(ValidationError) as error:
        services.offboarding_start(actor=personas.lead, person=leaver, last_day=LAST_DAY)
    assert "already has an off-boarding" in str(error.value)


def test_confirming_every_task_completes_the_offboarding(personas, leaver):
    owner = personas.owner.person
    held = ChannelFactory(business_owner=owner, login_model="shared")
    grant = GrantFactory(channel=held, person=leaver)
    owned = ChannelFactory(business_owner=leaver, backup_owner=owner)
    offboarding = services.offboarding_start(actor=personas.lead, person=leaver, last_day=LAST_DAY)
    successor = PersonFactory()
    for task in offboarding.tasks.order_by("pk"):
        with pytest.raises(ValidationError):
            services.offboarding_task_confirm(actor=personas.owner, task=task, evidence="")
        if task.kind.startswith("reassign"):
            with pytest.raises(ValidationError) as error:
                services.offboarding_task_confirm(
                    actor=personas.owner, task=task, evidence="Handed over"
                )
            assert "still names" in str(error.value)
            services.offboarding_task_confirm(
                actor=personas.owner, task=task, evidence="Handed over", new_person=successor
            )
        else:
            services.offboarding_task_confirm(
                actor=personas.owner, task=task, evidence="Done in Meta Business"
            )
    offboarding.refresh_from_db()
    grant.refresh_from_db()
    owned.refresh_from_db()
    held.refresh_from_db()
    leaver.refresh_from_db()
    assert offboarding.status == "completed"
    assert grant.status == "revoked" and grant.revocation_reason == "offboarding"
    assert owned.business_owner == successor
    assert held.password_rotated_on == TODAY
    assert leaver.status == PersonStatus.LEFT


def test_only_the_assignee_or_a_lead_confirms_and_never_the_leaver(personas):
    leaver = personas.member.person
    GrantFactory(channel=ChannelFactory(business_owner=personas.owner.person), person=leaver)
    offboarding = services.offboarding_start(actor=personas.lead, person=leaver, last_day=LAST_DAY)
    task = offboarding.tasks.get()
    for actor in (personas.partner, personas.auditor):
        with pytest.raises(PermissionDenied):
            services.offboarding_task_confirm(actor=actor, task=task, evidence="x")
    assert Task.objects.get(pk=task.pk).status == "open"


def test_last_day_deactivates_the_account_and_ends_its_sessions(personas):
    leaver_user = UserFactory(email="leaving@example.org")
    leaver = PersonFactory(user=leaver_user, email=leaver_user.email)
    browser = BrowserClient()
    browser.post(reverse("account_login"), {"login": leaver_user.email, "password": PASSWORD})
    assert browser.get(reverse("home")).status_code == 200
    assert UserSession.objects.filter(user=leaver_user).exists()

    offboarding = services.offboarding_start(
        actor=personas.lead, person=leaver, last_day=TODAY + dt.timedelta(days=2)
    )
    leaver_user.refresh_from_db()
    assert leaver_user.is_active, "not before the last day"
    assert services.offboarding_deactivate_due(now=at(TODAY)) == 0
    last_day = at(TODAY + dt.timedelta(days=2), 7)
    assert services.offboarding_deactivate_due(now=last_day) == 1
    leaver_user.refresh_from_db()
    offboarding.refresh_from_db()
    # The sweep's time throughout, down to the deactivation it records.
    assert not leaver_user.is_active and offboarding.account_deactivated_at == last_day
    assert not UserSession.objects.filter(user=leaver_user).exists()
    assert browser.get(reverse("home")).status_code == 302


def test_a_last_day_today_deactivates_at_once(personas):
    user = UserFactory(email="today@example.org")
    person = PersonFactory(user=user, email=user.email)
    services.offboarding_start(actor=personas.lead, person=person, last_day=TODAY)
    user.refresh_from_db()
    assert not user.is_active


def test_offboarding_30_and_300_grants_take_pinned_queries(personas, leaver):
    channels = ChannelFactory.create_batch(30, business_owner=personas.owner.person)
    for channel in channels:
        GrantFactory(channel=channel, person=leaver)
    with pinned_queries("offboarding/start-30-grants"):
        services.offboarding_start(actor=personas.lead, person=leaver, last_day=LAST_DAY)
    big = PersonFactory()
    for channel in ChannelFactory.create_batch(300, business_owner=personas.owner.person):
        GrantFactory(channel=channel, person=big)
    # Bulk writes: a few more batches for 300 rows (more on SQLite, which caps the variables
    # of a statement), so each size has its own count.
    with pinned_queries("offboarding/start-300-grants"):
        offboarding = services.offboarding_start(actor=personas.lead, person=big, last_day=LAST_DAY)
    assert offboarding.tasks.count() == 300


def test_the_leavers_own_reviews_and_tasks_go_to_the_next_in_line(personas):
    from governance.models import ReviewItem

    channel = ChannelFactory(
        business_owner=personas.owner.person, backup_owner=personas.member.person
    )
    GrantFactory(channel=channel)
    review = services.review_create(
        actor=personas.lead, name="Q", due_on=TODAY + dt.timedelta(days=10)
    )
    services.review_open(actor=personas.lead, review=review)
    other_leaver = PersonFactory()
    GrantFactory(channel=channel, person=other_leaver)
    task = services.offboarding_start(
        actor=personas.lead, person=other_leaver, last_day=LAST_DAY
    ).tasks.get()
    assert task.assignee == personas.owner
    services.offboarding_start(actor=personas.lead, person=personas.owner.person, last_day=LAST_DAY)
    task.refresh_from_db()
    assert task.assignee == personas.member
    assert ReviewItem.objects.get(review=review).reviewer == personas.member
    assert ObjectChange.objects.for_object(task).filter(message="Assignee leaving").exists()


def test_a_handed_over_item_or_task_never_goes_to_the_person_it_is_about(personas):
    """The demo's case: the owner leaves; the backup owner (the member) holds access to the
    channel. The item and the remediation task about the member go past her to a lead."""
    from governance.models import ReviewItem

    channel = ChannelFactory(
        business_owner=personas.owner.person, backup_owner=personas.member.person
    )
    members = GrantFactory(channel=channel, person=personas.member.person, role=role("facebook"))
    someone = GrantFactory(channel=channel)

    def campaign(name):
        review = services.review_create(
            actor=personas.lead, name=name, due_on=TODAY + dt.timedelta(days=10)
        )
        return services.review_open(actor=personas.lead, review=review)

    # An earlier campaign decided to revoke her access: the owner must remove it.
    earlier = campaign("Earlier")
    services.review_item_decide(
        actor=personas.owner,
        item=earlier.items.get(grant=members),
        decision="revoke",
        comment="No longer posts",
    )
    services.review_close(actor=personas.lead, review=earlier)
    task = Task.objects.get(grant=members)
    assert task.assignee == personas.owner and task.subject == personas.member.person
    # The current campaign: the owner reviews both accesses.
    current = campaign("Current")
    about_her = ReviewItem.objects.get(review=current, grant=members)
    about_someone = ReviewItem.objects.get(review=current, grant=someone)
    assert about_her.reviewer == about_someone.reviewer == personas.owner

    services.offboarding_start(actor=personas.lead, person=personas.owner.person, last_day=LAST_DAY)

    about_her.refresh_from_db()
    about_someone.refresh_from_db()
    task.refresh_from_db()
    assert about_someone.reviewer == personas.member, "the backup owner is next in line"
    assert about_her.reviewer == personas.lead, "never the person the item is about"
    assert task.assignee == personas.lead, "never the person the task is about"
    # The rule the hand-over follows is the deciding one: she could not have acted on either.
    with pytest.raises(PermissionDenied):
        services.review_item_decide(actor=personas.member, item=about_her, decision="keep")
    with pytest.raises(PermissionDenied):
        services.offboarding_task_confirm(actor=personas.member, task=task, evidence="Done")


def test_offboarding_the_demo_owner_leaves_nobody_an_item_about_themselves(personas):
    """The demo as the issue found it: off-board Olivier Owner; nobody then holds a review item
    or an open task about their own access, and each can be decided by whoever holds it."""
    from accounts.demo import build_organisation
    from accounts.models import Person
    from governance.models import ReviewItem
    from governance.rules import may_confirm_task, may_decide_item

    org = build_organisation("demo", password="unused-pass-1")
    lead = org.accounts["lead@demo.gouvernail.test"]
    olivier = Person.objects.get(email="owner@demo.gouvernail.test")
    assert ReviewItem.objects.filter(reviewer=olivier.user, review__status="open").exists()

    services.offboarding_start(actor=lead, person=olivier, last_day=LAST_DAY)

    items = ReviewItem.objects.filter(review__status="open", decision="").select_related(
        "person", "reviewer"
    )
    tasks = Task.objects.filter(status="open").select_related(
        "assignee", "offboarding__person", "review_item__person", "grant__person"
    )
    assert items.exists() and tasks.exists()
    for item in items:
        assert item.reviewer_id != item.person.user_id, item
        assert item.reviewer is None or may_decide_item(item.reviewer, item), item
    for task in tasks:
        assert task.assignee_id != task.subject.user_id, task
        assert task.assignee is None or may_confirm_task(task.assignee, task), task
