# Serbian, Latin script: a day's month is in the genitive ("6. decembra 2026."), as CLDR writes
# it; `E` takes Django's "alt. month" names (config/locale/sr_Latn). Django's formats fill in the rest.
DATE_FORMAT = "j. E Y."
DATETIME_FORMAT = "j. E Y. H:i"
MONTH_DAY_FORMAT = "j. E"
