"""The reference data the migrations seed, in English as they store it, marked for the French
catalogue: each is shown through `gettext` (`Criterion.display_name`,
`Criterion.display_description`), so a seeded name reads in the reader's language and a name an
admin typed reads as typed. tests/config/test_french_catalogue.py checks that every name the
migrations seed is here and translated."""

from django.utils.translation import gettext_noop as _

NAMES = (
    _("Branding consistency"),
    _("Posting cadence"),
    _("Content quality and reuse"),
    _("Engagement"),
    _("Responsiveness"),
    _("Community management"),
    _("Security posture"),
    _("Fit with objectives"),
    _("Accessibility of content"),
)
DESCRIPTIONS = (
    _("Names, images, bios and tone match the brand on every channel."),
    _("Posts come regularly, at the rhythm the platform's audience expects."),
    _("Content is useful, well made, and adapted when reused."),
    _("People react, comment and share in proportion to the audience."),
    _("Questions and complaints get an answer within 24 hours."),
    _("Moderation follows the guidelines; the community is looked after."),
    _("Two-factor, shared mailbox recovery, no shared passwords, a backup owner."),
    _("The channel serves one of the organisation's objectives."),
    _("Alt text, captions, readable contrast, plain language."),
)
