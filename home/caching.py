"""Pages for anonymous readers come from a cache, and every change to what they show empties it.

Two caches keep pages: wagtail-cache in Redis on our side, and a CDN or reverse proxy (Varnish,
Cloudflare, CloudFront) in front when WAGTAILFRONTENDCACHE names one. Both are emptied by the same
events (home.wagtail_hooks and the signals below call `content_changed`):

- our cache is emptied whole: a page's teaser, a country's name or a campaign's count can show on
  any page in any language, and refilling Redis costs one render per page read again;
- the frontend cache is told to purge exactly the addresses that show the change, in every language
  (`affected_urls`), since a CDN refills from us over the network.

Only views wrapped in `cacheable` are cached: Wagtail's pages, the sitemaps and the feeds. A
response that sets a cookie, or says private or no-cache (a route acting on a token, a form shown
again with its CSRF token), is neither kept nor offered to shared caches, nor is any response to a
signed-in editor or a preview.
"""

from functools import wraps

from wagtailcache.cache import cache_page, clear_cache

from django.conf import settings
from django.core.cache.backends.redis import RedisCache
from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.http import http_date, split_header_value

from wagtail import hooks
from wagtail.contrib.frontend_cache.utils import PurgeBatch
from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.documents.models import AbstractDocument
from wagtail.images.models import AbstractImage
from wagtail.models import Locale, Page, ReferenceIndex, Site, TranslatableMixin, get_page_models
from wagtail.signals import page_published, page_unpublished, post_page_move, pre_page_move
from wagtail.snippets.models import get_snippet_models

from home.languages import content_language_codes
from home.shared_parts import forget_shared_parts


class PageCache(RedisCache):
    """Django's Redis cache whose `clear` deletes only its own keys, not the whole database.

    The page cache shares a Redis database with the default cache, which holds the form limits
    and Wagtail's site cache: emptying the pages must not reset those.
    """

    def clear(self):
        client = self._cache.get_client(write=True)
        pattern = self.make_key("*", version=None).replace(":None:", ":*:")
        batch = []
        for key in client.scan_iter(match=pattern, count=1000):
            batch.append(key)
            if len(batch) == 1000:
                client.unlink(*batch)
                batch = []
        if batch:
            client.unlink(*batch)
        return True


def cacheable(view):
    """Serve `view` to anonymous readers from the page cache, with headers that let a CDN keep it."""
    cached_view = cache_page(view)

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = cached_view(request, *args, **kwargs)
        if _shareable(request, response):
            _mark_public(request, response)
        else:
            patch_cache_control(response, private=True, no_store=True)
        return response

    return wrapper


@hooks.register("is_response_cacheable")
def _sets_no_cookie(response, is_cacheable):
    """Keep no response that sets a cookie, whatever the request carried.

    wagtail-cache keeps one when the request had cookies of its own (a message shown once, then
    cleared): every reader would get it.
    """
    if response.cookies:
        return False
    return is_cacheable


def _shareable(request, response):
    """Whether the response is the same for every anonymous reader (wagtail-cache's own rules)."""
    control = response.get("Cache-Control", "")
    return (
        request.method in ("GET", "HEAD")
        and not getattr(request, "is_preview", False)
        and not request.user.is_authenticated
        and response.status_code in (200, 301, 302, 304, 404)
        and not response.streaming
        and not response.cookies
        and "private" not in control
        and "no-cache" not in control
        and "no-store" not in control
    )


def _mark_public(request, response):
    """Give a response that every anonymous reader shares the headers a shared cache needs."""
    # A browser checks back each time (a 304 from us or the CDN); shared caches keep the page
    # until a purge, with a ceiling for pages no purge reaches.
    for directive in ("max-age", "s-maxage", "public"):
        _drop_directive(response, directive)
    patch_cache_control(
        response,
        public=True,
        max_age=0,
        s_maxage=settings.PAGE_CACHE_SHARED_SECONDS,
        stale_while_revalidate=settings.PAGE_CACHE_STALE_SECONDS,
    )
    if response.has_header("Expires"):
        del response["Expires"]
    # Kept with the cached copy: the page was rendered after the last change to anything it shows,
    # since every change empties the cache. Django's ConditionalGetMiddleware adds the ETag and
    # answers If-None-Match and If-Modified-Since with a 304.
    response.headers.setdefault("Last-Modified", http_date())
    request._page_is_public = True


def _drop_directive(response, directive):
    if not response.has_header("Cache-Control"):
        return
    kept = [
        part.strip()
        for part in split_header_value(response["Cache-Control"])
        if part.strip() and part.split("=", 1)[0].strip().lower() != directive
    ]
    if kept:
        response["Cache-Control"] = ", ".join(kept)
    else:
        del response["Cache-Control"]


class PublicPageHeadersMiddleware:
    """Drop `Vary: Cookie` from pages every anonymous reader shares.

    Reading `request.user` (to know the reader is anonymous) makes Django's session middleware
    add `Vary: Cookie`, which would make a shared cache keep one copy per cookie: per visitor,
    since analytics set cookies. A signed-in reader is never given a shared page (Varnish and the
    documented CDN rules pass requests carrying the session cookie).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, "_page_is_public", False) and response.has_header("Vary"):
            kept = [item for item in split_header_value(response["Vary"]) if item.lower() != "cookie"]
            if kept:
                response["Vary"] = ", ".join(kept)
            else:
                del response["Vary"]
        return response


def affected_urls(pages, request=None):
    """Return the addresses that show `pages`, in every language.

    Each page's translations, the pages above them (listings, home pages, which show teasers),
    the feeds and the sitemaps.
    """
    batch = PurgeBatch()
    keys = {page.translation_key for page in pages}
    paths = {page.path for page in pages}
    translations = list(Page.objects.filter(translation_key__in=keys).only("path", "translation_key"))
    shown = {page.path for page in translations} | paths
    ancestor_paths = {
        path[:depth]
        for path in shown
        for depth in range(Page.steplen * 2, len(path), Page.steplen)  # below the root
    }
    affected = Page.objects.filter(path__in=shown | ancestor_paths).specific(defer=True)
    batch.add_pages(affected)
    for page in pages:
        # A page just deleted or moved away is still known by the address it had.
        if getattr(page, "_address_before_change", None):
            batch.add_url(page._address_before_change)
    batch.add_urls(site_wide_urls())
    return sorted(batch.urls)


def site_wide_urls():
    """Return the feeds of every language and the sitemaps, which list every page."""
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return []
    urls = [site.root_url + reverse("sitemap")]
    for code in content_language_codes():
        with translation.override(code):
            urls.append(site.root_url + reverse("feed"))
        urls.append(site.root_url + reverse("sitemap_section", kwargs={"section": code}))
    return urls


def pages_showing(obj):
    """Return the pages that show `obj` (a snippet in any of its languages, an image, a page)."""
    objects = obj.get_translations(inclusive=True) if isinstance(obj, TranslatableMixin) else [obj]
    pages = []
    for each in objects:
        references = ReferenceIndex.get_references_to(each).group_by_source_object()
        pages += [source for source, _references in references if isinstance(source, Page)]
    # Wagtail's reference index leaves many-to-many fields out (wagtail#9629): a page's countries,
    # topics and organisations are found here.
    for page_model in get_page_models():
        for field in page_model._meta.local_many_to_many:
            if field.related_model is type(obj):
                pages += page_model.objects.filter(**{f"{field.name}__in": list(objects)}).distinct()
    return pages


def content_changed(pages=()):
    """Empty the page cache and purge what shows `pages` from the frontend cache, once committed.

    The parts every page shares (home.shared_parts) are forgotten too.
    """
    pages = list(pages)
    # Addresses are worked out now, while a deleted page still has its place in the tree.
    urls = []
    if getattr(settings, "WAGTAILFRONTENDCACHE", None):
        showing = [source for page in pages for source in pages_showing(page)]
        urls = affected_urls(pages + showing)

    # At once, for the rest of this request (and a test that reads the page again), and once committed.
    forget_shared_parts()

    def empty():
        clear_cache()
        forget_shared_parts()
        if urls:
            PurgeBatch(urls).purge()

    transaction.on_commit(empty)


def _page_published_or_unpublished(sender, instance, **kwargs):
    content_changed([instance])


def _page_about_to_move(sender, instance, **kwargs):
    instance._address_before_change = instance.get_full_url()


def _page_moved(sender, instance, **kwargs):
    content_changed([instance])


def _page_about_to_be_deleted(sender, instance, **kwargs):
    if isinstance(instance, Page) and instance.live:
        instance._address_before_change = instance.get_full_url()
        content_changed([instance])


def _shown_on_pages(sender):
    """Whether rows of `sender` are shown on public pages: snippets, site settings, images, languages."""
    return sender in get_snippet_models() or issubclass(
        sender, (BaseGenericSetting, BaseSiteSetting, AbstractImage, AbstractDocument, Site, Locale)
    )


def _snippet_changed(sender, instance, update_fields=None, **kwargs):
    if not _shown_on_pages(sender):
        return
    # Wagtail records an image's size and hash lazily, while a page renders: nothing shown changes.
    if update_fields and set(update_fields) <= {"file_size", "file_hash"}:
        return
    content_changed(pages_showing(instance))


def connect_signals():
    """Empty the caches whenever what a public page shows changes (called from HomeConfig.ready)."""
    page_published.connect(_page_published_or_unpublished)
    page_unpublished.connect(_page_published_or_unpublished)
    pre_page_move.connect(_page_about_to_move)
    post_page_move.connect(_page_moved)
    pre_delete.connect(_page_about_to_be_deleted)
    post_save.connect(_snippet_changed)
    post_delete.connect(_snippet_changed)
