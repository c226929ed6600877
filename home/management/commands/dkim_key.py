"""Make a DKIM key pair for a selector: the private key into a file, the DNS record on screen."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from home import dkim


class Command(BaseCommand):
    help = (
        "Generate a DKIM key pair for SELECTOR: write the private key to a file only its owner can "
        "read and print the TXT record to publish. Rotate by making a key under a new selector, "
        "publishing it, then switching DKIM_SELECTOR and DKIM_PRIVATE_KEY to it."
    )

    def add_arguments(self, parser):
        parser.add_argument("selector", help="The selector, e.g. the month: news202612.")
        parser.add_argument("--domain", help="The signing domain (default: DKIM_DOMAIN or the From domain).")
        parser.add_argument(
            "--output", help="The private key file (default: VAR_DIR/dkim/<selector>.pem); never overwritten."
        )
        parser.add_argument("--bits", type=int, default=2048, choices=[1024, 2048, 3072, 4096])

    def handle(self, *args, selector, domain, output, bits, **options):
        if not selector.replace("-", "").replace("_", "").isalnum() or not selector.isascii():
            raise CommandError(_("A selector is letters, digits and hyphens, such as news202612."))
        domain = domain or dkim.signing_domain()
        path = Path(output or Path(settings.VAR_DIR) / "dkim" / f"{selector}.pem")
        key = dkim.generate_key(bits)
        try:
            dkim.write_private_key(key, path)
        except FileExistsError as error:
            raise CommandError(
                _("%(path)s exists already: choose a new selector, or remove the old key first.")
                % {"path": path}
            ) from error
        name = dkim.record_name(selector, domain)
        record = dkim.public_key_record(key)
        self.stdout.write(_("Private key written to %(path)s (readable by its owner only).") % {"path": path})
        self.stdout.write("")
        self.stdout.write(_("1. Publish this TXT record in the DNS of %(domain)s:") % {"domain": domain})
        self.stdout.write(f"   {name}.  IN  TXT  {dkim.zone_text(record)}")
        self.stdout.write(
            _("   (the value, for a DNS panel that takes it whole: %(record)s)") % {"record": record}
        )
        self.stdout.write(_("2. Once `manage.py check_sender` finds it, set:"))
        self.stdout.write(f"   DKIM_SELECTOR={selector}")
        self.stdout.write(f"   DKIM_PRIVATE_KEY={path.resolve()}")
        if domain != dkim.signing_domain():
            self.stdout.write(f"   DKIM_DOMAIN={domain}")
        self.stdout.write(
            _("3. Keep the previous selector's record published for a week, then remove it and its key.")
        )
