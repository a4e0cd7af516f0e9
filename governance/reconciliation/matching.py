"""Who each holder a platform shows is: a person of the directory by e-mail, else by a match a
lead confirmed once (on the platform's user id, or on the name when the platform gives no id).
Three queries for a whole batch of observations, whatever its size."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q
from django.db.models.functions import Lower

from accounts.models import Person
from channels_registry.models import PlatformRole
from governance.reconciliation.choices import MatchedBy
from governance.reconciliation.connectors import SeenHolder
from governance.reconciliation.models import HolderMatch


def normal_name(name: str) -> str:
    return " ".join(name.split()).lower()


class Matcher:
    """The directory's e-mails, the platforms' roles and the remembered matches for the holders
    of a batch of readings (of channels on any platforms), read once; `holder()` then builds
    each ObservedHolder without a query."""

    def __init__(self, seen: Iterable[tuple[int, SeenHolder]]) -> None:
        seen = list(seen)
        platforms = {platform_id for platform_id, _ in seen}
        emails = {h.email.strip().lower() for _, h in seen if h.email.strip()}
        ids = {h.external_id for _, h in seen if h.external_id}
        self.by_email = dict(
            Person.objects.annotate(lower_email=Lower("email"))
            .filter(lower_email__in=emails)
            .values_list("lower_email", "pk")
        )
        # A name is looked up only for a holder with no platform id whom no e-mail matched.
        names = {
            normal_name(h.name)
            for _, h in seen
            if not h.external_id and h.email.strip().lower() not in self.by_email
        }
        remembered = HolderMatch.objects.filter(platform_id__in=platforms).filter(
            Q(external_id__in=ids) | Q(external_id="", name__in=names)
        )
        self.by_id = {
            (m.platform_id, m.external_id): m.person_id for m in remembered if m.external_id
        }
        self.by_name = {
            (m.platform_id, m.name): m.person_id for m in remembered if not m.external_id
        }
        self.roles = {
            (platform_id, name.lower()): pk
            for pk, platform_id, name in PlatformRole.objects.filter(
                platform_id__in=platforms
            ).values_list("pk", "platform_id", "name")
        }

    def person(self, platform_id: int, seen: SeenHolder) -> tuple[int | None, str]:
        """The matched person's id and how it was matched, or (None, "")."""
        email = seen.email.strip().lower()
        if email and email in self.by_email:
            return self.by_email[email], MatchedBy.EMAIL
        if seen.external_id and (platform_id, seen.external_id) in self.by_id:
            return self.by_id[platform_id, seen.external_id], MatchedBy.PLATFORM_ID
        name = (platform_id, normal_name(seen.name))
        if not seen.external_id and name in self.by_name:
            return self.by_name[name], MatchedBy.NAME
        return None, ""

    def holder_row(self, platform_id: int, observation_id: int, seen: SeenHolder) -> tuple:
        """The ObservedHolder of `seen` as a row of HOLDER_FIELDS (a batch inserts thousands:
        no model instance each)."""
        person_id, matched_by = self.person(platform_id, seen)
        return (
            observation_id,
            seen.name.strip()[:200],
            seen.external_id.strip()[:200],
            seen.email.strip()[:254],
            seen.role.strip()[:120],
            self.roles.get((platform_id, seen.role.strip().lower())),
            person_id,
            str(matched_by),
            seen.two_factor,
            seen.last_active_at,
            seen.invited_at,
        )


HOLDER_FIELDS = (
    "observation_id",
    "name",
    "external_id",
    "email",
    "role_name",
    "role_id",
    "person_id",
    "matched_by",
    "two_factor",
    "last_active_at",
    "invited_at",
)
