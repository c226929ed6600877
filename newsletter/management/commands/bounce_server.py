import threading

from aiosmtpd.controller import Controller

from django.core.management.base import BaseCommand

from newsletter.bounces.server import MAX_MESSAGE_BYTES, BounceHandler


class Command(BaseCommand):
    help = "Receive bounces and complaint reports over SMTP, for a bounce domain whose MX points here."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="0.0.0.0", help="Address to listen on (default: all).")  # noqa: S104
        parser.add_argument("--port", type=int, default=25)

    def handle(self, *args, host, port, **options):
        controller = Controller(
            BounceHandler(), hostname=host, port=port, data_size_limit=MAX_MESSAGE_BYTES, decode_data=False
        )
        controller.start()
        self.stdout.write(f"Receiving bounces on {host}:{port}; Ctrl-C stops.")
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            pass
        finally:
            controller.stop()
