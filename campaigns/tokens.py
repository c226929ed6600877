"""The signed link that confirms a signature: it names the signature and the request it confirms."""

import datetime

from django.core import signing

from newsletter.tokens import CONFIRM, MAX_AGE, InvalidToken

SALT = "campaigns.confirm-signature"


def confirmation_token(signature):
    """Return the token of a signature's current request; signing again makes earlier ones void."""
    return signing.dumps(
        {"g": signature.pk, "at": signature.signed_at.isoformat()}, salt=SALT, compress=False
    )


def read_confirmation_token(token):
    """Return (signature id, time of the request); raise InvalidToken when tampered with or expired."""
    try:
        payload = signing.loads(token, salt=SALT, max_age=MAX_AGE[CONFIRM])
        return int(payload["g"]), datetime.datetime.fromisoformat(payload["at"])
    except (signing.BadSignature, KeyError, TypeError, ValueError) as error:
        raise InvalidToken(str(error)) from error
