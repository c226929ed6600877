from .audience import ConsentRecord, MailingList, Subscriber, Subscription, Suppression
from .engagement import Click, ClickFold, ClickHistoryConsent, Link, LinkClicks
from .issues import NewsletterArchivePage, NewsletterIssuePage
from .sending import Delivery, FeedbackEvent, RenderedMessage, Send

__all__ = [
    "Click",
    "ClickFold",
    "ClickHistoryConsent",
    "Link",
    "LinkClicks",
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
