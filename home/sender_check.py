"""What mailbox providers look up about our From domain, looked up the same way and explained.

`check_sender()` asks the DNS (dnspython) for the From domain's SPF, DKIM (the configured
selector), DMARC and MX records and for the PTR of the mail server's address, and returns one
Finding per record: whether it is right, what is wrong in plain words, and the record to publish.
`manage.py check_sender` prints it; the admin's "Sending health" page shows it.
"""

import ipaddress
from dataclasses import dataclass
from email.utils import parseaddr

import dns.exception
import dns.nameserver
import dns.resolver
import dns.reversename

from django.conf import settings
from django.utils.translation import gettext as _

from home import dkim

OK, WARNING, PROBLEM = "ok", "warning", "problem"
# Seconds a look-up may take: a page that waits on the DNS must still answer.
LOOKUP_SECONDS = 3


@dataclass(frozen=True)
class Finding:
    check: str
    domain: str
    status: str
    message: str
    record: str = ""

    @property
    def ok(self):
        return self.status == OK


class Lookup:
    """DNS look-ups through SENDER_CHECK_NAMESERVERS (or the system's resolver), errors as None."""

    def __init__(self, nameservers=None):
        nameservers = settings.SENDER_CHECK_NAMESERVERS if nameservers is None else nameservers
        try:
            self.resolver = dns.resolver.Resolver(configure=not nameservers)
        except dns.resolver.NoResolverConfiguration:
            self.resolver = dns.resolver.Resolver(configure=False)
        if nameservers:
            self.resolver.nameservers = [_nameserver(server) for server in nameservers]
        self.resolver.lifetime = LOOKUP_SECONDS

    def answers(self, name, rdtype):
        """Return the records of `name`, [] if there are none, None if the DNS did not answer."""
        try:
            return list(self.resolver.resolve(name, rdtype))
        except (dns.resolver.NXDOMAIN, dns.resolver.NoAnswer):
            return []
        except (dns.exception.DNSException, dns.resolver.NoResolverConfiguration):
            return None

    def texts(self, name):
        answers = self.answers(name, "TXT")
        if answers is None:
            return None
        return [b"".join(record.strings).decode(errors="replace") for record in answers]


def _nameserver(server):
    """A nameserver from "host" or "host:port" (an IPv6 address with a port: "[::1]:53")."""
    host, _colon, port = (
        server.rpartition(":") if server.count(":") == 1 or "]:" in server else (server, "", "")
    )
    return dns.nameserver.Do53Nameserver(host.strip("[]"), int(port or 53))


def sender_domains():
    """The domains that mail is sent From: DEFAULT_FROM_EMAIL's and NEWSLETTER_FROM_EMAIL's."""
    addresses = [settings.DEFAULT_FROM_EMAIL, settings.NEWSLETTER_FROM_EMAIL]
    domains = [parseaddr(address)[1].rpartition("@")[2].lower() for address in addresses if address]
    return list(dict.fromkeys(domain for domain in domains if domain))


def check_sender(domains=None, *, lookup=None):
    """Return the Findings for each From domain (default: sender_domains())."""
    lookup = lookup or Lookup()
    findings = []
    for domain in domains or sender_domains():
        findings += [
            spf(domain, lookup),
            dkim_record(domain, lookup),
            dmarc(domain, lookup),
            mx(domain, lookup),
        ]
    findings.append(ptr(lookup))
    return findings


def _no_answer(check, domain):
    return Finding(check, domain, WARNING, _("The DNS did not answer; try again later."))


def spf(domain, lookup):
    texts = lookup.texts(domain)
    if texts is None:
        return _no_answer("SPF", domain)
    records = [text for text in texts if text.lower().startswith("v=spf1")]
    suggested = f'{domain}.  IN  TXT  "v=spf1 mx{_relay_mechanism()} ~all"'
    if not records:
        return Finding(
            "SPF",
            domain,
            PROBLEM,
            _(
                "%(domain)s publishes no SPF record, so receivers cannot tell which servers may send its "
                "mail. Publish one that names your mail server:"
            )
            % {"domain": domain},
            suggested,
        )
    if len(records) > 1:
        return Finding(
            "SPF",
            domain,
            PROBLEM,
            _("%(domain)s publishes %(count)s SPF records; receivers ignore them all. Merge them into one.")
            % {"domain": domain, "count": len(records)},
            "\n".join(records),
        )
    record = records[0]
    if record.split()[-1].lower() in {"+all", "all"}:
        return Finding(
            "SPF",
            domain,
            PROBLEM,
            _("The SPF record of %(domain)s ends in “+all”: it lets any server in the world send as you.")
            % {"domain": domain},
            suggested,
        )
    return Finding("SPF", domain, OK, _("SPF record found: %(record)s") % {"record": record})


def dkim_record(domain, lookup):
    key = dkim.signing_key()
    if key is None:
        return Finding(
            "DKIM",
            domain,
            PROBLEM,
            _(
                "No DKIM key is configured, so nothing is signed: Gmail and Yahoo junk or refuse unsigned "
                "bulk mail. Run `manage.py dkim_key <selector>`, publish the record it prints and set "
                "DKIM_SELECTOR and DKIM_PRIVATE_KEY."
            ),
        )
    expected = dkim.public_key_record(key.private_key)
    name = dkim.record_name(key.selector, key.domain)
    publish = f"{name}.  IN  TXT  {dkim.zone_text(expected)}"
    if not _aligned(key.domain, domain):
        return Finding(
            "DKIM",
            domain,
            PROBLEM,
            _(
                "Mail is signed for %(signing)s, which does not match the From domain %(domain)s: DMARC "
                "needs them to share a domain. Set DKIM_DOMAIN."
            )
            % {"signing": key.domain, "domain": domain},
        )
    texts = lookup.texts(name)
    if texts is None:
        return _no_answer("DKIM", domain)
    published = [_tags(text) for text in texts if "p=" in text]
    if not published:
        return Finding(
            "DKIM",
            domain,
            PROBLEM,
            _("%(name)s has no DKIM record, so receivers cannot verify the signatures. Publish:")
            % {"name": name},
            publish,
        )
    if _tags(expected)["p"] not in {tags.get("p", "") for tags in published}:
        return Finding(
            "DKIM",
            domain,
            PROBLEM,
            _(
                "The DKIM record at %(name)s holds another key than the one configured: every signature "
                "fails. Publish the configured key's record, or configure the key it publishes:"
            )
            % {"name": name},
            publish,
        )
    return Finding(
        "DKIM",
        domain,
        OK,
        _("DKIM record found for selector %(selector)s and it matches the key.") % {"selector": key.selector},
    )


def dmarc(domain, lookup):
    # A subdomain without its own policy falls under its parent's (RFC 7489 §6.6.3).
    labels = domain.split(".")
    candidates = [".".join(labels[index:]) for index in range(len(labels) - 1)]
    for candidate in candidates:
        texts = lookup.texts(f"_dmarc.{candidate}")
        if texts is None:
            return _no_answer("DMARC", domain)
        records = [text for text in texts if text.replace(" ", "").lower().startswith("v=dmarc1")]
        if records:
            policy = _tags(records[0]).get("p", "").lower()
            if policy not in {"none", "quarantine", "reject"}:
                return Finding(
                    "DMARC",
                    domain,
                    PROBLEM,
                    _("The DMARC record of %(domain)s has no valid policy (p=none, quarantine or reject).")
                    % {"domain": candidate},
                    records[0],
                )
            if policy == "none":
                return Finding(
                    "DMARC",
                    domain,
                    OK,
                    _(
                        "DMARC record found with policy “none”: enough for Gmail and Yahoo. Once the "
                        "reports show all your mail passing, move to “quarantine”."
                    ),
                )
            return Finding(
                "DMARC", domain, OK, _("DMARC record found with policy “%(policy)s”.") % {"policy": policy}
            )
    return Finding(
        "DMARC",
        domain,
        PROBLEM,
        _(
            "%(domain)s publishes no DMARC policy; Gmail and Yahoo require one from bulk senders. "
            "Start with policy “none” and reports to a mailbox you read:"
        )
        % {"domain": domain},
        f'_dmarc.{domain}.  IN  TXT  "v=DMARC1; p=none; rua=mailto:dmarc-reports@{domain}"',
    )


def mx(domain, lookup):
    answers = lookup.answers(domain, "MX")
    if answers is None:
        return _no_answer("MX", domain)
    hosts = sorted(
        record.exchange.to_text().rstrip(".") for record in answers if record.exchange.to_text() != "."
    )
    if not hosts:
        return Finding(
            "MX",
            domain,
            WARNING,
            _(
                "%(domain)s has no MX record: replies and bounces to its addresses cannot arrive, and "
                "some receivers refuse mail from a domain that cannot receive any. Publish your mail server:"
            )
            % {"domain": domain},
            f"{domain}.  IN  MX  10 mail.{domain}.",
        )
    return Finding(
        "MX",
        domain,
        OK,
        _("Mail for %(domain)s goes to %(hosts)s.") % {"domain": domain, "hosts": ", ".join(hosts)},
    )


def ptr(lookup):
    """The reverse name of the SMTP server that newsletters leave through, confirmed forwards."""
    host = _relay_host()
    if host is None or host in {"localhost", "127.0.0.1", "::1"}:
        return Finding(
            "PTR",
            host or "",
            WARNING,
            _(
                "Mail does not leave through an SMTP server this site names, so its address is not known "
                "here: ask whoever runs the sending server (or the ESP) that its address has a reverse "
                "name (PTR) whose own address is the same."
            ),
        )
    addresses = _addresses(host, lookup)
    if not addresses:
        return Finding(
            "PTR", host, PROBLEM, _("The mail server %(host)s has no address in the DNS.") % {"host": host}
        )
    for address in addresses:
        names = lookup.answers(dns.reversename.from_address(address), "PTR") or []
        names = [record.target.to_text().rstrip(".") for record in names]
        if not names:
            return Finding(
                "PTR",
                host,
                PROBLEM,
                _(
                    "The mail server's address %(address)s has no reverse name (PTR): many receivers refuse "
                    "such mail. Ask its provider to set one, for example:"
                )
                % {"address": address},
                f"{dns.reversename.from_address(address).to_text()}  IN  PTR  {host}.",
            )
        if not any(address in _addresses(name, lookup) for name in names):
            return Finding(
                "PTR",
                host,
                PROBLEM,
                _(
                    "The reverse name of %(address)s is %(names)s, whose address is not %(address)s: "
                    "receivers treat that like no reverse name."
                )
                % {"address": address, "names": ", ".join(names)},
            )
    return Finding(
        "PTR",
        host,
        OK,
        _("The mail server %(host)s has a reverse name that points back to it.") % {"host": host},
    )


def _addresses(host, lookup):
    try:
        return [str(ipaddress.ip_address(host))]
    except ValueError:
        pass
    return [record.to_text() for rdtype in ("A", "AAAA") for record in (lookup.answers(host, rdtype) or [])]


def _relay_host():
    """The SMTP server newsletters leave through, or None when they go to an ESP or the outbox."""
    mailer = settings.MAILERS.get(settings.NEWSLETTER_MAILER, {})
    if mailer.get("BACKEND") != "django.core.mail.backends.smtp.EmailBackend":
        return None
    return mailer.get("OPTIONS", {}).get("host")


def _relay_mechanism():
    host = _relay_host()
    if host is None or host in {"localhost", "127.0.0.1", "::1"}:
        return ""
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return f" a:{host}"
    return f" ip{address.version}:{address}"


def _aligned(signing_domain, from_domain):
    """Relaxed DMARC alignment, approximated: one domain is the other or a subdomain of it."""
    return (
        signing_domain == from_domain
        or from_domain.endswith("." + signing_domain)
        or signing_domain.endswith("." + from_domain)
    )


def _tags(record):
    tags = {}
    for part in record.split(";"):
        name, _equals, value = part.strip().partition("=")
        tags[name.strip().lower()] = "".join(value.split())
    return tags
