"""English dates, one way everywhere: "30 Nov 2026", "30 Nov 2026, 14:05" (a day, then the month
in letters: never 11/30 against 30/11). Django's own English formats give the rest."""

DATE_FORMAT = SHORT_DATE_FORMAT = "j M Y"
DATETIME_FORMAT = SHORT_DATETIME_FORMAT = "j M Y, H:i"
MONTH_DAY_FORMAT = "j M"
YEAR_MONTH_FORMAT = "M Y"
