from .audience import ConsentRecord, MailingList, Subscriber, Subscription, Suppression
from .issues import NewsletterArchivePage, NewsletterIssuePage
from .sending import Delivery, FeedbackEvent, RenderedMessage, Send

__all__ = [
    "ConsentRecord",
    "Delivery",
    "FeedbackEvent",
    "MailingList",
    "NewsletterArchivePage",
    "NewsletterIssuePage",
    "RenderedMessage",
    "Send",
    "Subscriber",
    "Subscription",
    "Suppression",
]
