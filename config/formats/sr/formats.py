# Serbian, Cyrillic script: as the Latin (config/formats/sr_Latn), a day's month in the genitive.
from config.formats.sr_Latn.formats import DATE_FORMAT, DATETIME_FORMAT, MONTH_DAY_FORMAT

__all__ = ["DATE_FORMAT", "DATETIME_FORMAT", "MONTH_DAY_FORMAT"]
