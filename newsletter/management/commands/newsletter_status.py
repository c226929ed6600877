import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from newsletter.engagement.report import send_report
from newsletter.models import Send
from newsletter.sending import control, rates, sweeping
from newsletter.sending.progress import STATUS_ORDER, progress

# Seconds between refreshes with --watch.
WATCH_INTERVAL = 2


class Command(BaseCommand):
    help = "Show newsletter sends, or one send's progress; pause, resume or cancel it."

    def add_arguments(self, parser):
        parser.add_argument("send", nargs="?", type=int, help="A send's id (default: list the recent sends).")
        action = parser.add_mutually_exclusive_group()
        action.add_argument("--pause", action="store_true")
        action.add_argument("--resume", action="store_true")
        action.add_argument("--cancel", action="store_true")
        action.add_argument("--sweep", action="store_true", help="Run the sweeper now (docs/sending.md).")
        parser.add_argument("--watch", action="store_true", help="Refresh until the send ends.")
        parser.add_argument(
            "--report", action="store_true", help="Show the send's report: every table, as the admin has it."
        )

    def handle(self, *args, send, pause, resume, cancel, sweep, watch, report=False, **options):
        if sweep:
            self.stdout.write(str(sweeping.sweep()))
            return
        if send is None:
            return self.list_sends()
        instance = Send.objects.filter(pk=send).first()
        if instance is None:
            raise CommandError(_("No send %(id)s.") % {"id": send})
        if report:
            return self.report(instance)
        try:
            if pause:
                control.pause(instance, _("Paused from the command line."))
            elif resume:
                control.resume(instance)
            elif cancel:
                control.cancel(instance)
        except control.CannotChange as error:
            raise CommandError(
                _("This cannot be done to a send that is “%(status)s”.") % {"status": error}
            ) from error
        while True:
            self.show(instance)
            if not watch or not instance.is_active:
                return
            time.sleep(WATCH_INTERVAL)

    def list_sends(self):
        for send in Send.objects.select_related("issue")[:20]:
            self.stdout.write(
                f"{send.pk:>6}  {send.get_status_display():<12} {send.recipients:>8}  {send.issue.title}"
            )

    def show(self, send):
        state = progress(send)
        self.stdout.write(
            _("Send %(id)s, %(issue)s: %(status)s, %(done)s of %(total)s done (%(percent)s %%)")
            % {
                "id": send.pk,
                "issue": send.issue.title,
                "status": send.get_status_display(),
                "done": state.done,
                "total": state.total,
                "percent": state.percent,
            }
        )
        if send.pause_reason:
            self.stdout.write(_("Paused: %(reason)s") % {"reason": send.pause_reason})
        self.stdout.write(
            _("Rate: %(rate).1f messages per second; time left: %(eta)s")
            % {"rate": state.rate, "eta": state.eta or "—"}
        )
        self.stdout.write("          " + " ".join(f"{status:>10}" for status in STATUS_ORDER))
        for language, counts in state.languages.items():
            self.stdout.write(f"{language:<10}" + " ".join(f"{counts.get(s, 0):>10}" for s in STATUS_ORDER))
        for reply, count in state.errors:
            self.stdout.write(f"  {count:>6} × {reply}")
        self.stdout.write(
            _("Delivered, hard bounces, soft bounces, complaints (limits: %(bounces)s, %(complaints)s):")
            % {
                "bounces": rates.percent(settings.NEWSLETTER_HARD_BOUNCE_RATE_LIMIT),
                "complaints": rates.percent(settings.NEWSLETTER_COMPLAINT_RATE_LIMIT),
            }
        )
        for language, value in [*state.rates_by_language.items(), (_("all"), state.rates)]:
            self.stdout.write(
                f"{language:<10}{value.delivered:>10} {value.hard_bounces:>6} "
                f"({rates.percent(value.hard_bounce_rate):>7}) {value.soft_bounces:>6} "
                f"{value.complaints:>6} ({rates.percent(value.complaint_rate):>7})"
            )

    def report(self, send):
        for table in send_report(send):
            if table.key == "timeline":
                table.rows = [row for row in table.rows if row[1] or row[2]]
            self.stdout.write(f"\n{table.title}")
            rows = [
                [str(column) for column in table.columns],
                *[[str(value) for value in row] for row in table.rows],
            ]
            widths = [max(len(row[index]) for row in rows) for index in range(len(table.columns))]
            for row in rows:
                self.stdout.write(
                    "  ".join(value.ljust(width) for value, width in zip(row, widths, strict=True))
                )
