"""Check the DNS records that decide whether mailbox providers trust the site's mail."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from home.sender_check import OK, PROBLEM, WARNING, Lookup, check_sender

MARKS = {OK: "ok", WARNING: "??", PROBLEM: "!!"}


class Command(BaseCommand):
    help = (
        "Look up SPF, DKIM, DMARC and MX of the From domains and the PTR of the mail server, say "
        "what is missing and the record to publish. Exits with status 1 when something is wrong."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "domains", nargs="*", help="Domains to check (default: those of the From addresses)."
        )
        parser.add_argument(
            "--nameserver",
            action="append",
            dest="nameservers",
            help="Ask this DNS server (host or host:port), not SENDER_CHECK_NAMESERVERS or the system's.",
        )

    def handle(self, *args, domains, nameservers, **options):
        findings = check_sender(domains or None, lookup=Lookup(nameservers))
        for finding in findings:
            where = f" ({finding.domain})" if finding.domain else ""
            line = f"[{MARKS[finding.status]}] {finding.check}{where}: {finding.message}"
            style = {OK: self.style.SUCCESS, WARNING: self.style.WARNING}.get(
                finding.status, self.style.ERROR
            )
            self.stdout.write(style(line))
            if finding.record:
                for record in finding.record.splitlines():
                    self.stdout.write(f"      {record}")
        problems = sum(finding.status == PROBLEM for finding in findings)
        if problems:
            raise CommandError(
                ngettext(
                    "%(count)s thing to fix before mailbox providers trust this mail.",
                    "%(count)s things to fix before mailbox providers trust this mail.",
                    problems,
                )
                % {"count": problems}
            )
        self.stdout.write(_("Nothing to fix."))
