"""What a production deployment's settings must hold before it serves anyone.

`config.settings.production` refuses to load while `settings_problems()` finds anything. The
ESP webhooks are checked once Django is configured (`config.webhooks.webhook_problems`, called
by the home app), since only anymail's views know how each ESP authenticates.
"""

from email.utils import parseaddr
from urllib.parse import urlsplit

REQUIRED_VARIABLES = ("SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL", "EMAIL_URL")
MINIMUM_SECRET_KEY_LENGTH = 50
# Domains reserved for examples and tests (RFC 2606, RFC 6761): mail from them is a placeholder.
PLACEHOLDER_DOMAINS = ("example.org", "example.com", "example.net", "localhost")
PLACEHOLDER_TOP_LEVEL = (".example", ".test", ".invalid", ".localhost", ".local")


def missing_variables(environ):
    """Return the names of the required environment variables that are unset or empty."""
    return [name for name in REQUIRED_VARIABLES if not environ.get(name, "").strip()]


def is_placeholder_address(address):
    """Whether `address` (possibly "Name <addr>") is an example or local address, or no address."""
    _name, addr = parseaddr(address or "")
    domain = addr.rpartition("@")[2].lower().rstrip(".")
    if not domain or "@" not in addr:
        return True
    return domain in PLACEHOLDER_DOMAINS or domain.endswith(
        tuple(f".{placeholder}" for placeholder in PLACEHOLDER_DOMAINS) + PLACEHOLDER_TOP_LEVEL
    )


def settings_problems(*, environ, secret_key, base_url, from_addresses):
    """Return what keeps these settings from serving the public, one sentence each."""
    problems = [f"Set the {name} environment variable." for name in missing_variables(environ)]
    if secret_key and len(secret_key) < MINIMUM_SECRET_KEY_LENGTH:
        problems.append(f"SECRET_KEY must be at least {MINIMUM_SECRET_KEY_LENGTH} random characters.")
    if urlsplit(base_url).scheme != "https" or not urlsplit(base_url).hostname:
        problems.append(
            f"BASE_URL must be the site's public https:// address (it is {base_url!r}): "
            "it is written into every email and feed."
        )
    for name, address in from_addresses.items():
        if address is not None and is_placeholder_address(address):
            problems.append(f"{name} must be a real address of the network's own domain (it is {address!r}).")
    return problems
