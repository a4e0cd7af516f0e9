"""Recording history rows. Every service calls these inside its own transaction.

Because every write records its history here, this is also where a write says, once its
transaction commits, that what was read before may be stale: `history_version()` changes, and
caches of reads derived from governed data (the header's task count) key on it.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone

from accounts.actor import Actor, actor_row
from accounts.choices import ChangeAction
from accounts.models import ObjectChange
from core.bulk import insert_rows

_encoder = DjangoJSONEncoder()


VERSION_KEY = "history:version"


def history_version() -> str:
    """Changes after every commit that recorded a change; a cache key that includes it is fresh."""
    return cache.get(VERSION_KEY) or "0"


def _changed() -> None:
    """Move the version once the transaction commits (a rolled-back write changed nothing).

    A service may record many rows: the callbacks of one commit share a batch, and only the first
    of them writes to the cache.
    """
    connection = transaction.get_connection()
    batch = getattr(connection, "_history_batch", None)
    if batch is None or batch["done"]:
        batch = connection._history_batch = {"done": False}

    def move() -> None:
        if not batch["done"]:
            batch["done"] = True
            cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)

    # robust: the data is committed whatever the cache says; a stale count expires on its own.
    transaction.on_commit(move, robust=True)


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, (list, tuple, set, frozenset)):
        return sorted(str(item) for item in value)
    if isinstance(value, dict):  # a JSON field's document
        return {str(key): _plain(item) for key, item in value.items()}
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return _encoder.default(value)


def snapshot(obj: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The values of `fields`, readable by a person and storable as JSON."""
    values: dict[str, Any] = {}
    for name in fields:
        field = obj._meta.get_field(name)
        if field.many_to_many:
            values[name] = _plain(list(getattr(obj, name).all())) if obj.pk else []
        elif field.is_relation:
            values[name] = _plain(getattr(obj, name))
        else:
            values[name] = _plain(getattr(obj, field.attname))
    return values


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """{field: [old, new]} for each field whose value changed."""
    return {
        name: [before.get(name), value]
        for name, value in after.items()
        if before.get(name) != value
    }


def history_record(
    *,
    actor: Actor,
    obj: models.Model,
    action: str,
    changes: dict[str, Any] | None = None,
    message: str = "",
) -> ObjectChange:
    """Write one history row; `actor` None means the system (a scheduled task)."""
    _changed()
    user, label = actor_row(actor)
    return ObjectChange.objects.create(
        actor=user,
        actor_label=label,
        action=action,
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
        object_id=str(obj.pk),
        object_repr=str(obj)[:200],
        changes=changes or {},
        message=message[:255],
    )


def history_bulk_record(
    *, actor: Actor, objects: Sequence[models.Model], action: str, changes: dict, message: str = ""
) -> None:
    """Write one history row per object in a single query."""
    if not objects:
        return
    _changed()
    content_type = ContentType.objects.get_for_model(objects[0], for_concrete_model=False)
    user, label = actor_row(actor)
    ObjectChange.objects.bulk_create(
        ObjectChange(
            actor=user,
            actor_label=label,
            action=action,
            content_type=content_type,
            object_id=str(obj.pk),
            object_repr=str(obj)[:200],
            changes=changes,
            message=message[:255],
        )
        for obj in objects
    )


def record_create(
    *, actor: Actor, obj: models.Model, fields: Iterable[str], message: str = ""
) -> ObjectChange:
    after = snapshot(obj, fields)
    return history_record(
        actor=actor,
        obj=obj,
        action=ChangeAction.CREATE,
        changes={name: [None, value] for name, value in after.items()},
        message=message,
    )


def history_bulk_record_changes(
    *,
    actor: Actor,
    entries: list[tuple[models.Model, dict]],
    action: str,
    message: str = "",
) -> None:
    """One history row per (object, changes) pair, all written by one statement (a COPY on
    PostgreSQL: no model instance per row, as thousands of findings or review items need)."""
    if not entries:
        return
    _changed()
    content_type = ContentType.objects.get_for_model(entries[0][0], for_concrete_model=False)
    user, label = actor_row(actor)
    now, message = timezone.now(), message[:255]
    insert_rows(
        ObjectChange,
        HISTORY_FIELDS,
        [
            (
                now,
                user.pk if user else None,
                label,
                action,
                content_type.pk,
                str(obj.pk),
                str(obj)[:200],
                changes,
                message,
            )
            for obj, changes in entries
        ],
    )


HISTORY_FIELDS = (
    "changed_at",
    "actor_id",
    "actor_label",
    "action",
    "content_type_id",
    "object_id",
    "object_repr",
    "changes",
    "message",
)


def assign_fields(instance: models.Model, fields: Iterable[str], data: dict[str, Any]) -> None:
    """Set `data` on `instance`, refusing any field a service does not own."""
    unknown = set(data) - set(fields)
    if unknown:
        raise TypeError(f"Unknown fields for {type(instance).__name__}: {sorted(unknown)}")
    for name, value in data.items():
        setattr(instance, name, value)


def save_with_history(
    *, actor: Actor, instance: models.Model, fields: tuple[str, ...], data: dict[str, Any]
):
    """Create or update `instance` with `data`, validated, with its history row.

    Call it inside the service's transaction, with an instance freshly read from the database
    (an admin form may already have changed the one it holds).
    """
    creating = instance.pk is None
    before = {} if creating else snapshot(instance, fields)
    assign_fields(instance, fields, data)
    instance.full_clean()
    instance.save()
    if creating:
        record_create(actor=actor, obj=instance, fields=fields)
    else:
        changes = diff(before, snapshot(instance, fields))
        if changes:
            history_record(actor=actor, obj=instance, action=ChangeAction.UPDATE, changes=changes)
    return instance
