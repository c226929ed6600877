from .images import CustomImage, Rendition
from .pages import ArticlePage, ArticleRelatedPage, BasePage, HomePage, HomePageFeaturedItem
from .settings import NetworkSettings
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
    "NetworkSettings",
    "Organisation",
    "Rendition",
    "Topic",
    "User",
]
