# Arabic: what Django ships lacks a date-time format and digit grouping, and puts a comma
# between month and year; these follow CLDR's ar with Latin digits. Django's own formats
# fill in the rest.
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y، g:i A"
NUMBER_GROUPING = 3
