"""Who may be mailed: the one place where the audience's rules are kept.

Forms, imports, campaigns, webhooks and the admin call these functions and never change a
subscriber's status or a suppression themselves.
"""

from newsletter.audience.consent import Consent, form_consent
from newsletter.audience.lifecycle import (
    NotActive,
    TooManyConfirmations,
    change_preferences,
    confirm,
    erase,
    originals_of,
    read_confirmation,
    subscribe,
    suppress,
    unsubscribe,
)
from newsletter.audience.personal_data import export_data, export_json

__all__ = [
    "Consent",
    "NotActive",
    "TooManyConfirmations",
    "change_preferences",
    "confirm",
    "erase",
    "export_data",
    "export_json",
    "form_consent",
    "originals_of",
    "read_confirmation",
    "subscribe",
    "suppress",
    "unsubscribe",
]
