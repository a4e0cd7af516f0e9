"""The shared notion of an active, read-only, managing user: every app's rules rest on it."""

import pytest

from accounts import roles
from accounts.rules import (
    is_managing,
    is_read_only,
    may_write,
    read_only_users,
    sees_everything,
    takes_part,
    users_taking_part,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LEAD, MEMBER, AUDITOR = roles.GOVERNANCE_LEAD, roles.TEAM_MEMBER, roles.AUDITOR

# roles, staff, active -> managing, read-only, sees everything, may write, takes part
CASES = {
    "lead": (([LEAD], False, True), (True, False, True, True, True)),
    # A lead who also reads: the lead role wins for every write.
    "lead and auditor": (([LEAD, AUDITOR], False, True), (True, False, True, True, True)),
    "admin and auditor": (([AUDITOR], True, True), (True, False, True, True, True)),
    "auditor": (([AUDITOR], False, True), (False, True, True, False, False)),
    # An auditor who is also a team member still only reads.
    "auditor and member": (([AUDITOR, MEMBER], False, True), (False, True, True, False, False)),
    "member": (([MEMBER], False, True), (False, False, False, True, True)),
    "no role": (([], False, True), (False, False, False, True, False)),
    "deactivated lead": (([LEAD], False, False), (False, False, False, False, False)),
}


@pytest.mark.parametrize("case", CASES)
def test_each_combination_of_roles_is_judged_once(case):
    (groups, staff, active), expected = CASES[case]
    user = UserFactory(roles=groups, is_staff=staff, is_active=active)
    answers = tuple(
        rule(user) for rule in (is_managing, is_read_only, sees_everything, may_write, takes_part)
    )
    assert answers == expected
    # The querysets say the same as the predicates, for choosing among many users at once.
    assert read_only_users().filter(pk=user.pk).exists() == expected[1]
    assert users_taking_part().filter(pk=user.pk).exists() == expected[4]
