"""The Access tab of the channel page, offered to the registry through its tab registry."""

from django.utils.translation import gettext_lazy as _

from channels_registry.tabs import ChannelTab
from governance.access.selectors import channel_access
from governance.rules import may_manage_access, may_request


def _context(request, channel) -> dict:
    return {
        **channel_access(channel, with_revoked=request.GET.get("revoked") == "1"),
        "may_manage_access": may_manage_access(request.user, channel),
        "may_request": may_request(request.user),
    }


ACCESS_TAB = ChannelTab("access", _("Access"), 10, "governance/tabs/access.html", _context)
