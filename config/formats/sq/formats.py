# Albanian: what Django ships lacks a date-time format, uses a 12-hour clock and no digit
# grouping; these follow CLDR's sq (day without leading zero, 24-hour clock, grouping by a
# no-break space). Django's own formats fill in the rest.
DATE_FORMAT = "j F Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATE_FORMAT = "d.m.Y"
SHORT_DATETIME_FORMAT = "d.m.Y, H:i"
FIRST_DAY_OF_WEEK = 1  # Monday
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\xa0"
NUMBER_GROUPING = 3
