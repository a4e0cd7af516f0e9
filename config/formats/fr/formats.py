"""French dates, one way everywhere: « 30 nov. 2026 », « 30 nov. 2026 à 14:05 ». Django's own
French formats give the rest."""

DATE_FORMAT = SHORT_DATE_FORMAT = "j N Y"
DATETIME_FORMAT = SHORT_DATETIME_FORMAT = r"j N Y \à H:i"
MONTH_DAY_FORMAT = "j N"
YEAR_MONTH_FORMAT = "F Y"
