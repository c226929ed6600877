from .articles import CURRENCIES, Grant, NewsPage, ProjectPage
from .events import EventPage, time_zone_choices, whole_days
from .listings import ArticleIndexPage, ListingPage
from .publications import PublicationDocument, PublicationLibraryPage, PublicationPage

__all__ = [
    "CURRENCIES",
    "ArticleIndexPage",
    "EventPage",
    "Grant",
    "ListingPage",
    "NewsPage",
    "ProjectPage",
    "PublicationDocument",
    "PublicationLibraryPage",
    "PublicationPage",
    # Named by news/migrations/0001_initial.py.
    "time_zone_choices",
    "whole_days",
]
