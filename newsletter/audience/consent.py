"""What a person agreed to, and the wording the site's own forms show."""

from dataclasses import dataclass

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from newsletter.models import Subscriber

# Change the version whenever the wording changes: each record keeps the text it showed,
# and the version tells which records were given under which text.
FORM_WORDING_VERSION = "2026-1"
FORM_WORDING = _(
    "I agree to receive the newsletters I ticked by email. I can unsubscribe at any time "
    "through the link in every email or on my preferences page."
)


@dataclass(frozen=True)
class Consent:
    """A consent as given: the exact wording shown, its version and language, when and how."""

    wording: str
    version: str
    language: str
    source: str = Subscriber.Source.FORM
    source_detail: str = ""
    ip_address: str | None = None


def form_consent(*, source=Subscriber.Source.FORM, source_detail="", ip_address=None):
    """Return the consent given by ticking the site's own box, in the active language."""
    return Consent(
        wording=str(FORM_WORDING),
        version=FORM_WORDING_VERSION,
        language=get_language(),
        source=source,
        source_detail=source_detail[:255],
        ip_address=ip_address,
    )
