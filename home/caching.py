"""Pages for anonymous readers come from a cache, and every change to what they show empties it.

Two caches keep pages: wagtail-cache's backend in Redis on our side, and a CDN or reverse proxy
(Varnish, Cloudflare, CloudFront) in front when WAGTAILFRONTENDCACHE names one. Both are emptied
by the same events (home.wagtail_hooks and the signals below call `content_changed`):

- our cache is emptied whole: a page's teaser, a country's name or a campaign's count can show on
  any page in any language, and refilling Redis costs one render per page read again;
- the frontend cache is told to purge exactly the addresses that show the change, in every language
  (`affected_urls`), since a CDN refills from us over the network.

Only views wrapped in `cacheable` are kept: Wagtail's pages, the sitemaps and the feeds.
`PageCacheMiddleware` answers a reader from the cache before the session, the language, the URL
resolver or the view run, in one Redis read. A response that sets a cookie, or says private or
no-cache (a route acting on a token, a form shown again with its CSRF token), is neither kept nor
offered to shared caches, nor is any response to a signed-in editor or a preview.
"""

import functools
import hashlib
import logging
import re
from urllib.parse import parse_qsl, urlencode

from wagtailcache.cache import clear_cache
from wagtailcache.settings import wagtailcache_settings

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete
from django.http import HttpResponse
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_cache_control, set_response_etag
from django.utils.http import http_date, split_header_value

from wagtail.contrib.frontend_cache.utils import PurgeBatch
from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.documents.models import AbstractDocument
from wagtail.images.models import AbstractImage
from wagtail.models import (
    Locale,
    Page,
    PageViewRestriction,
    ReferenceIndex,
    Site,
    TranslatableMixin,
    get_page_models,
)
from wagtail.signals import page_published, page_unpublished, post_page_move, pre_page_move
from wagtail.snippets.models import get_snippet_models

from config.redis_cache import RedisCache
from home.languages import content_language_codes
from home.shared_parts import forget_shared_parts

logger = logging.getLogger(__name__)

HIT, MISS, SKIP = "hit", "miss", "skip"
# Statuses a page keeps: a missing page is asked for again and again too.
KEPT_STATUSES = (200, 301, 302, 404)


class PageCache(RedisCache):
    """The project's Redis cache whose `clear` deletes only its own keys, not the whole database.

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
    """Mark what `view` shows every anonymous reader as shared: kept in the page cache, and with
    headers that let a CDN keep it; anything else it answers is private to its reader."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if _shareable(request, response):
            _mark_public(response)
        else:
            patch_cache_control(response, private=True, no_store=True)
            response._page_is_public = False
        return response

    return wrapper


def _shareable(request, response):
    """Whether the response is the same for every anonymous reader."""
    control = response.get("Cache-Control", "")
    return (
        request.method in ("GET", "HEAD")
        and not getattr(request, "is_preview", False)
        and not request.user.is_authenticated
        and response.status_code in KEPT_STATUSES
        and not response.streaming
        and not response.cookies
        and "private" not in control
        and "no-cache" not in control
        and "no-store" not in control
    )


def _mark_public(response):
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
    # since every change empties the cache. Django's ConditionalGetMiddleware answers
    # If-None-Match and If-Modified-Since with a 304.
    response.headers.setdefault("Last-Modified", http_date())
    response._page_is_public = True


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


def _drop_vary_cookie(response):
    """Drop `Vary: Cookie`, which Django's session middleware adds once `request.user` is read.

    A shared cache would otherwise keep one copy per cookie: per visitor, since analytics set
    cookies. A signed-in reader is never given a shared page (Varnish and the documented CDN rules
    pass requests carrying the session cookie).
    """
    if not response.has_header("Vary"):
        return
    kept = [item for item in split_header_value(response["Vary"]) if item.lower() != "cookie"]
    if kept:
        response["Vary"] = ", ".join(kept)
    else:
        del response["Vary"]


class PageCacheMiddleware:
    """Answer anonymous readers from the page cache; keep the shared pages `cacheable` views render.

    It sits above the session, language and CSRF middleware, so that a kept page costs one Redis
    read: what they add to a shared page (its Content-Language, X-Frame-Options, its security
    policy) is kept with it, and the ETag too, worked out once. A request is answered from the
    cache only when nothing about its reader can change the page: a GET or HEAD carrying no
    session (an editor, a preview).
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = wagtailcache_settings.WAGTAIL_CACHE_HEADER

    def __call__(self, request):
        shares = settings.WAGTAIL_CACHE and _may_be_kept(request.path_info) and _reader_is_anonymous(request)
        key = _page_key(request) if shares else None
        if key:
            kept = _read(key)
            if kept is not None:
                return self._mark(_response_from(kept), HIT)

        response = self.get_response(request)
        # Set by `cacheable` on what its view answered; a middleware's own answer (a redirect
        # instead of a 404, say) is neither.
        public = getattr(response, "_page_is_public", None)
        if public:
            _drop_vary_cookie(response)
        if public is None or not settings.WAGTAIL_CACHE:
            return response
        if public and key and request.method == "GET":
            set_response_etag(response)
            if _write(key, response):
                return self._mark(response, MISS)
        return self._mark(response, SKIP)

    def _mark(self, response, status):
        if self.header:
            response[self.header] = status
        return response


def _reader_is_anonymous(request):
    return request.method in ("GET", "HEAD") and settings.SESSION_COOKIE_NAME not in request.COOKIES


def _may_be_kept(path):
    """Whether `path` is where a `cacheable` view may answer: under a language's prefix (pages,
    feeds), or a sitemap. Other addresses (a counted click, a health check, the admin) are never
    looked up, and a view there is not kept."""
    return _kept_paths().match(path) is not None


@functools.cache
def _kept_paths():
    languages = "|".join(re.escape(code) for code, _name in settings.LANGUAGES)
    return re.compile(rf"/(?:(?:{languages})/|sitemap[^/]*\.xml$)")


def _page_key(request):
    """The page's key: its scheme, host, path and query, less the query's tracking parameters."""
    query = request.META.get("QUERY_STRING", "")
    if query:
        query = urlencode(
            [(name, value) for name, value in parse_qsl(query, keep_blank_values=True) if not _ignored(name)]
        )
    address = f"{request.scheme}://{request.get_host()}{request.path}?{query}"
    return "page:" + hashlib.md5(address.encode(), usedforsecurity=False).hexdigest()


def _ignored(parameter):
    """Whether a query parameter is a campaign's or an analytics tool's (wagtail-cache's list)."""
    return any(re.match(pattern, parameter) for pattern in wagtailcache_settings.WAGTAIL_CACHE_IGNORE_QS)


def _page_cache():
    return caches[wagtailcache_settings.WAGTAIL_CACHE_BACKEND]


def _read(key):
    try:
        return _page_cache().get(key)
    except Exception:
        # The page is rendered instead: an unreachable cache slows the site down, never stops it.
        logger.exception("Could not read a page from the page cache.")
        return None


def _write(key, response):
    kept = (response.status_code, list(response.items()), response.content)
    try:
        _page_cache().set(key, kept)
    except Exception:
        logger.exception("Could not keep a page in the page cache.")
        return False
    return True


def _response_from(kept):
    status, headers, content = kept
    return HttpResponse(content, status=status, headers=dict(headers))


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


def _privacy_changed(sender, instance, **kwargs):
    """A section made private or public again: its pages and every listing of them change."""
    content_changed(Page.objects.descendant_of(instance.page, inclusive=True).live())


def connect_signals():
    """Empty the caches whenever what a public page shows changes (called from HomeConfig.ready)."""
    page_published.connect(_page_published_or_unpublished)
    page_unpublished.connect(_page_published_or_unpublished)
    pre_page_move.connect(_page_about_to_move)
    post_page_move.connect(_page_moved)
    pre_delete.connect(_page_about_to_be_deleted)
    post_save.connect(_snippet_changed)
    post_delete.connect(_snippet_changed)
    post_save.connect(_privacy_changed, sender=PageViewRestriction)
    post_delete.connect(_privacy_changed, sender=PageViewRestriction)
