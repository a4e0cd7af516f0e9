"""What every viewset of the API shares."""

from __future__ import annotations

from django.db.models import Model, QuerySet


class VisibleToUser:
    """A viewset over what its user may see: `visible(user)` is the pages' own selector. The
    schema's generation, which has no user, gets an empty queryset of `model`."""

    model: type[Model]

    def visible(self, user) -> QuerySet:  # pragma: no cover - overridden
        raise NotImplementedError

    def get_queryset(self) -> QuerySet:
        if getattr(self, "swagger_fake_view", False):
            return self.model.objects.none()
        return self.visible(self.request.user)  # type: ignore[attr-defined]
