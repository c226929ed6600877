"""DKIM signatures (RFC 6376) with the site's key, on every message the site assembles itself.

The key comes from DKIM_SELECTOR, DKIM_DOMAIN and DKIM_PRIVATE_KEY (a file, or the PEM itself);
without a selector nothing is signed. Signatures are rsa-sha256 with relaxed/relaxed
canonicalisation, the choice of the large mailbox providers: a relay that rewraps header lines
or trims trailing spaces does not break them. dkimpy's canonicalisation is used as it is; its
RSA, pure Python, costs 12 ms a signature, so the private-key operation is OpenSSL's (through
`cryptography`), about 0.4 ms, with the key parsed once per process.
"""

import base64
import functools
import hashlib
import os
import re
import time
from dataclasses import dataclass
from email.utils import parseaddr
from pathlib import Path
from urllib.parse import urlsplit

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import Prehashed
from dkim import rfc822_parse, select_headers
from dkim.canonicalization import Relaxed

from django.conf import settings
from django.core import checks

# The header fields a signature covers, where the message has them, in this order. From is
# signed once more than it occurs, so that nobody can add a second one (RFC 6376 §8.15).
SIGNED_HEADERS = (
    "from",
    "to",
    "subject",
    "date",
    "message-id",
    "reply-to",
    "content-language",
    "list-id",
    "list-unsubscribe",
    "list-unsubscribe-post",
    "feedback-id",
    "precedence",
    "auto-submitted",
    "mime-version",
    "content-type",
)
OVERSIGNED_HEADERS = ("from",)
WHITESPACE = re.compile(rb"[\t ]+")
TRAILING_WHITESPACE = re.compile(rb"[\t ]+\r\n")
MINIMUM_KEY_BITS = 1024


class DkimKeyError(ValueError):
    """The configured private key cannot be read or used."""


def load_private_key(value):
    """Return the RSA private key that `value` holds: PEM text, or the path of a PEM file."""
    value = (value or "").strip()
    try:
        pem = value.encode() if value.startswith("-----BEGIN") else Path(value).read_bytes()
    except OSError as error:
        shown = repr(value) if "\n" not in value else "(several lines that are not a PEM key)"
        raise DkimKeyError(f"cannot read the DKIM private key file {shown}: {error.strerror}") from error
    try:
        key = serialization.load_pem_private_key(pem, password=None)
    except (ValueError, TypeError) as error:
        raise DkimKeyError("the DKIM private key is not an unencrypted PEM private key") from error
    if not isinstance(key, rsa.RSAPrivateKey):
        raise DkimKeyError("the DKIM private key must be an RSA key")
    if key.key_size < MINIMUM_KEY_BITS:
        raise DkimKeyError(f"the DKIM private key has {key.key_size} bits; mail providers want 1024 or more")
    return key


def key_problem(*, selector, private_key):
    """Return why the DKIM settings cannot sign (one sentence), or "" if they can or are unset."""
    if not selector:
        return ""
    if not private_key:
        return "DKIM_SELECTOR is set but DKIM_PRIVATE_KEY is not."
    try:
        load_private_key(private_key)
    except DkimKeyError as error:
        return f"DKIM_SELECTOR is set but {error}."
    return ""


def check_key(app_configs, **kwargs):
    """System check: a configured DKIM key must be readable (development too; production refuses to start)."""
    problem = key_problem(selector=settings.DKIM_SELECTOR, private_key=settings.DKIM_PRIVATE_KEY)
    return (
        [checks.Error(problem, hint="See docs/sender-authentication.md.", id="home.E001")] if problem else []
    )


def public_key_record(key):
    """Return the TXT record (RFC 6376 §3.6.1) that publishes the public half of `key`."""
    public = key.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return f"v=DKIM1; k=rsa; p={base64.b64encode(public).decode()}"


def generate_key(bits=2048):
    """Return a new RSA private key for DKIM."""
    return rsa.generate_private_key(public_exponent=65537, key_size=bits)


def write_private_key(key, path):
    """Write `key` as PEM to a new file at `path` that only its owner can read (raises FileExistsError)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as file:
        file.write(pem)


def record_name(selector, domain):
    """The DNS name of a selector's public key."""
    return f"{selector}._domainkey.{domain}"


def zone_text(value):
    """A TXT value in zone-file syntax: quoted strings of at most 255 characters (RFC 1035)."""
    return " ".join(f'"{value[start : start + 255]}"' for start in range(0, len(value), 255))


def signing_domain():
    """The d= of signatures: DKIM_DOMAIN, or the domain of DEFAULT_FROM_EMAIL."""
    return settings.DKIM_DOMAIN or address_domain(settings.DEFAULT_FROM_EMAIL)


def address_domain(address):
    """The domain of an address such as "Name <news@example.org>", else the host of BASE_URL."""
    return (
        parseaddr(address or "")[1].rpartition("@")[2].lower()
        or urlsplit(settings.BASE_URL).hostname
        or "localhost"
    )


def signing_key():
    """Return the configured DkimKey, parsed once per process, or None when nothing is to be signed."""
    if not settings.DKIM_SELECTOR:
        return None
    return _key(settings.DKIM_SELECTOR, signing_domain(), settings.DKIM_PRIVATE_KEY)


@functools.lru_cache(maxsize=4)
def _key(selector, domain, private_key):
    return DkimKey(selector, domain, load_private_key(private_key))


def canonical_header(name, value):
    """Return a header field in relaxed canonical form (RFC 6376 §3.4.2), CRLF-terminated."""
    return name.lower() + b":" + WHITESPACE.sub(b" ", value.replace(b"\r\n", b"")).strip() + b"\r\n"


def canonical_body_piece(piece):
    """Return a piece of a body in relaxed canonical form (RFC 6376 §3.4.4), without trimming its end.

    Pieces joined with values that hold no white space (links) canonicalise like the whole,
    so the constant pieces of a message template are canonicalised once.
    """
    return TRAILING_WHITESPACE.sub(b"\r\n", WHITESPACE.sub(b" ", piece))


def body_hash(body):
    """Return the SHA-256 of a body in relaxed canonical form."""
    return hashlib.sha256(Relaxed.canonicalize_body(body)).digest()


@dataclass(frozen=True)
class DkimKey:
    selector: str
    domain: str
    private_key: rsa.RSAPrivateKey

    def signed_names(self, present):
        """Return the h= list for a message whose header fields are named `present` (lowercase)."""
        present = set(present)
        return [name for name in SIGNED_HEADERS if name in present] + [*OVERSIGNED_HEADERS]

    def signature(self, canonical_headers, names, body_digest, timestamp):
        """Return the DKIM-Signature header field (CRLF-terminated) over headers already canonical.

        `canonical_headers` are the fields `names` lists, in that order, as canonical_header
        makes them (a name listed again where the message has no more such field adds nothing).
        """
        tags = [
            "v=1",
            "a=rsa-sha256",
            "c=relaxed/relaxed",
            f"d={self.domain}",
            f"s={self.selector}",
            f"t={timestamp}",
            f"h={':'.join(names)}",
            f"bh={base64.b64encode(body_digest).decode()}",
        ]
        # The header field's own canonical form, b= empty, ends the hashed data (§3.7).
        hashed = canonical_headers + b"dkim-signature:" + "; ".join([*tags, "b="]).encode()
        digest = hashlib.sha256(hashed).digest()
        signature = self.private_key.sign(digest, padding.PKCS1v15(), Prehashed(hashes.SHA256()))
        # Folded between tags (relaxed canonicalisation unfolds them back); b= whole on its line.
        tags.append(f"b={base64.b64encode(signature).decode()}")
        return b"DKIM-Signature: " + ";\r\n\t".join(tags).encode() + b"\r\n"

    def sign(self, message, timestamp=None):
        """Return the DKIM-Signature header field of `message` (bytes, CRLF or LF line ends)."""
        headers, body = rfc822_parse(message)
        names = self.signed_names(name.lower().decode() for name, _value in headers)
        selected = select_headers(headers, [name.encode() for name in names])
        canonical = b"".join(canonical_header(name, value) for name, value in selected)
        return self.signature(canonical, names, body_hash(body), timestamp or int(time.time()))
