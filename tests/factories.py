"""factory_boy factories for the models the tests build."""

from __future__ import annotations

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group

from accounts.choices import PartnerKind, PersonKind
from accounts.models import Partner, Person, Team, User

PASSWORD = "correct horse battery staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    full_name = factory.Faker("name")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.set(Group.objects.filter(name__in=extracted))

    @factory.post_generation
    def verified_email(self, create, extracted, **kwargs):
        if create:
            EmailAddress.objects.create(user=self, email=self.email, primary=True, verified=True)


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Team {n}")


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner

    name = factory.Sequence(lambda n: f"Agency {n}")
    kind = PartnerKind.AGENCY


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.Sequence(lambda n: f"person{n}@example.org")
    kind = PersonKind.EMPLOYEE
    team = factory.SubFactory(TeamFactory)


def give_totp(user: User) -> str:
    """A TOTP authenticator, as if the user had set one up; returns its secret."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


class ChannelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "channels_registry.Channel"

    platform = factory.LazyFunction(lambda: _platform("facebook"))
    name = factory.Sequence(lambda n: f"Acme page {n}")
    handle = factory.Sequence(lambda n: f"acme{n}")
    url = factory.LazyAttribute(
        lambda c: f"https://www.facebook.com/{c.handle}" if c.platform.slug == "facebook" else ""
    )
    status = "active"
    team = factory.SubFactory(TeamFactory, name="Marketing")
    business_owner = factory.SubFactory(PersonFactory)
    backup_owner = factory.SubFactory(PersonFactory)
    two_factor_status = "on"
    two_factor_method = "app"
    two_factor_holder = factory.SelfAttribute("business_owner")
    recovery_email = "social@example.org"
    login_model = "individual"


def _platform(slug: str):
    from channels_registry.models import Platform

    return Platform.objects.get(slug=slug)


def role(platform_slug: str = "facebook", level: str = "admin"):
    from channels_registry.models import PlatformRole

    return (
        PlatformRole.objects.filter(platform__slug=platform_slug, privilege_level=level)
        .order_by("order")
        .first()
    )


class GrantFactory(factory.django.DjangoModelFactory):
    """An active grant; the channel's platform decides the role."""

    class Meta:
        model = "governance.AccessGrant"

    channel = factory.SubFactory(ChannelFactory)
    person = factory.SubFactory(PersonFactory)
    role = factory.LazyAttribute(
        lambda g: role(g.channel.platform.slug, "publish") or role(g.channel.platform.slug, "admin")
    )
    justification = "Publishes the weekly posts"
    access_method = "personal"
