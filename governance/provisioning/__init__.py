"""SCIM 2.0 provisioning (RFC 7643/7644): the organisation's identity provider creates, changes
and deactivates Gouvernail's users and their groups at /scim/v2/, with a token an admin issued."""
