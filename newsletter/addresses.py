"""Email addresses (and the names that go with them) as the newsletter stores and compares them."""

import hashlib
import unicodedata

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models.functions import SHA256
from django.utils.translation import gettext as _


def normalize_email(value):
    """Return the canonical form of an address: trimmed, lower case, domain in ASCII (IDNA).

    Raises ValidationError for anything that is not one address.
    """
    address = (value or "").strip()
    local, at, domain = address.rpartition("@")
    if not at or not local or not domain or any(c.isspace() for c in address):
        raise ValidationError(_("Enter a valid email address."), code="invalid")
    try:
        domain = domain.rstrip(".").encode("idna").decode("ascii")
    except UnicodeError as error:
        raise ValidationError(_("Enter a valid email address."), code="invalid") from error
    address = f"{local}@{domain}".lower()
    validate_email(address)
    return address


def email_hash(address):
    """Return the SHA-256 of a normalised address in hex: how suppressed addresses are remembered."""
    return hashlib.sha256(normalize_email(address).encode()).hexdigest()


class AddressHash(SHA256):
    """email_hash() of a stored (normalised) address, computed by the database.

    PostgreSQL's own sha256() serves, so no extension (pgcrypto) is needed.
    """

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler,
            connection,
            template="ENCODE(SHA256(CONVERT_TO(%(expressions)s, 'UTF8')), 'hex')",
            **extra_context,
        )


def clean_name(value, max_length=255):
    """Return a display name safe to store: no control characters or line breaks, trimmed."""
    text = "".join(" " if unicodedata.category(char).startswith("C") else char for char in value or "")
    return " ".join(text.split())[:max_length]
