from django.apps import AppConfig


class NewsletterConfig(AppConfig):
    name = "newsletter"
    verbose_name = "Newsletter"

    def ready(self):
        # Every process registers the tasks that newsletter.sending.dispatch starts by name (the
        # audience's register with newsletter.audience, which starts them). The inbound handler
        # listens for unsubscribe requests mailed to NEWSLETTER_UNSUBSCRIBE_MAILBOX; the sending
        # engine's receivers take bounces, complaints and unsubscribes reported by ESPs.
        from newsletter import tasks  # noqa: F401
        from newsletter.audience import inbound  # noqa: F401
        from newsletter.sending import feedback  # noqa: F401
