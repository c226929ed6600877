from .directory import MembersDirectoryPage
from .images import CustomImage, Rendition
from .pages import ArticlePage, ArticleRelatedPage, BasePage, HomePage, HomePageFeaturedItem, StandardPage
from .settings import LocalizedDetails, NetworkSettings, localized_details
from .taxonomy import Country, Organisation, Topic
from .users import User

__all__ = [
    "ArticlePage",
    "ArticleRelatedPage",
    "BasePage",
    "Country",
    "CustomImage",
    "HomePage",
    "HomePageFeaturedItem",
    "LocalizedDetails",
    "MembersDirectoryPage",
    "NetworkSettings",
    "Organisation",
    "Rendition",
    "StandardPage",
    "Topic",
    "User",
    "localized_details",
]
