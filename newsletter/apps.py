from django.apps import AppConfig


class NewsletterConfig(AppConfig):
    name = "newsletter"
    verbose_name = "Newsletter"

    def ready(self):
        # Celery's autodiscovery imports newsletter.tasks only; the audience's tasks live
        # beside their service functions and register here. The inbound handler listens
        # for unsubscribe requests mailed to NEWSLETTER_UNSUBSCRIBE_MAILBOX; the sending
        # engine's receivers take bounces, complaints and unsubscribes reported by ESPs.
        from newsletter.audience import inbound, tasks  # noqa: F401
        from newsletter.sending import feedback  # noqa: F401
