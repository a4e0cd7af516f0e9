from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebhooksConfig(AppConfig):
    """Signed webhooks: the endpoints admins register, the event types the apps above register in
    `webhook_event_types`, and the outbox of deliveries (core.outbox, like the reminders').

    It sits just above accounts (an endpoint's creator, its encrypted secret, its history) and
    below channels_registry, so that every domain app can raise an event in its own transaction.
    """

    name = "webhooks"
    verbose_name = _("Webhooks")

    def ready(self) -> None:
        from accounts.encryption import EncryptedField, encrypted_fields

        encrypted_fields.register(
            EncryptedField("webhooks.WebhookEndpoint", "secret", "webhook signing secret(s)")
        )
