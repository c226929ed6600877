# Macedonian: CLDR's mk writes long dates without a period after the day, e.g. "30 јуни 2023".
# Django's own formats fill in the rest.
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
MONTH_DAY_FORMAT = "j F"
