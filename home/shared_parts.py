"""What every page of one language shows the same, kept in the cache per site and language.

The site a request is for, the network's details, the main menu, the home pages' addresses, the
newsletter's public lists and its subscribe forms are read on every page but change only when an
editor changes content; so are the topics and countries in each language, which no site has its
own of. They are computed once, kept in the default cache (shared by every web
process) and forgotten by home.caching.content_changed, which the same events call as empty the
page cache: a page published, unpublished, moved or deleted, a snippet or setting saved. They are
forgotten at once, for the request that made the change, and again once the change is committed,
for a request that read them in between.
"""

import datetime
import functools

from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.http.request import split_domain_port
from django.utils import timezone
from django.utils.translation import get_language

from wagtail.models import PageViewRestriction, Site
from wagtail.models.sites import get_site_for_hostname

from home.languages import content_language_codes

# A ceiling for a change no event reaches (none is known): an hour of a stale menu at worst.
TIMEOUT = 60 * 60

# The sites by the host and port they answer, shared by every language, for so many hosts at most.
SITES_KEY = "shared-parts:sites"
MAX_HOSTS = 100

# Whether any page of any site is private, for every page served: until one is, a page's view
# restrictions need no query. Held a minute at most, whatever happens to reach the cache.
PRIVATE_PAGES_KEY = "shared-parts:private-pages"
PRIVATE_PAGES_TIMEOUT = 60


def _key(site_id, language_code):
    return f"shared-parts:{site_id}:{language_code}"


def _language_key(language_code):
    return f"shared-parts:any-site:{language_code}"


def shared_part(request, name, compute):
    """Return the part `name` of the request's site in the active language, from `compute()` on a miss.

    A part that depends on the time says until when it holds (`holds_until`) while it is computed,
    and is computed again once that moment has passed.
    """
    language = get_language()
    site = Site.find_for_request(request) if request is not None else None
    if site is None or language not in content_language_codes():
        return compute()
    loaded = request.__dict__.setdefault("_shared_parts", {})
    key = _key(site.pk, language)
    if key not in loaded:
        loaded[key] = cache.get(key) or {}
    parts = loaded[key]
    until = parts.get(f"{name}:until")
    if name not in parts or (until is not None and timezone.now() >= until):
        computing = request.__dict__.setdefault("_shared_parts_computing", [])
        computing.append(None)
        try:
            parts[name] = compute()
        finally:
            until = computing.pop()
        parts[f"{name}:until"] = until
        cache.set(key, parts, TIMEOUT)
    if until is not None:
        # A part that holds another holds no longer than it.
        holds_until(request, until)
    return parts[name]


def language_part(language_code, name, compute):
    """Return the part `name` of one language that every site shows the same (a vocabulary of
    snippets), from `compute()` on a miss. Forgotten with the others; needs no request."""
    if language_code not in content_language_codes():
        return compute()
    key = _language_key(language_code)
    parts = cache.get(key) or {}
    if name not in parts:
        parts[name] = compute()
        cache.set(key, parts, TIMEOUT)
    return parts[name]


def holds_until(request, moment):
    """Say that the part being computed for `request` holds until `moment` only (an event ends, a day)."""
    computing = request.__dict__.get("_shared_parts_computing") if request is not None else None
    if computing:
        computing[-1] = moment if computing[-1] is None else min(computing[-1], moment)


def next_midnight():
    """The start of tomorrow in the site's time zone: when what depends on the date changes."""
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(tomorrow, datetime.time()))


def site_for_request(request):
    """Wagtail's site for the request (Site.find_for_request's rule), kept by the host and port.

    Only a site found for an allowed host is kept, and only so many hosts (ALLOWED_HOSTS may be a
    wildcard): a request naming another host gets its site looked up, or its 400, as before.
    """
    try:
        request.get_host()
    except DisallowedHost:
        return None
    # Wagtail's own reading of the address.
    hostname = split_domain_port(request._get_raw_host())[0]
    address = f"{hostname}:{request.get_port()}"
    sites = cache.get(SITES_KEY) or {}
    if address not in sites:
        try:
            site = get_site_for_hostname(hostname, request.get_port())
        except Site.DoesNotExist:
            return None
        if len(sites) < MAX_HOSTS:
            cache.set(SITES_KEY, {**sites, address: site}, TIMEOUT)
        return site
    return sites[address]


def with_shared_site(view):
    """Give the requests of a view that shows pages their Wagtail site from the shared parts, not
    a query: Wagtail looks the site up once a request, from `request._wagtail_site` when it is
    set. Only such views ask: a health check or a counted click touches nothing."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        site = site_for_request(request)
        if site is not None:
            request._wagtail_site = site
        return view(request, *args, **kwargs)

    return wrapped


def any_private_page():
    """Whether any page has a view restriction (Wagtail's privacy: a password, signing in, a group).

    Forgotten with the shared parts, by the events that empty the page cache, a restriction
    saved or deleted among them; and held a minute at most, for a change no event reaches.
    """
    known = cache.get(PRIVATE_PAGES_KEY)
    if known is None:
        known = PageViewRestriction.objects.exists()
        cache.set(PRIVATE_PAGES_KEY, known, PRIVATE_PAGES_TIMEOUT)
    return known


def forget_shared_parts():
    """Forget every site's parts in every language, the parts of each language, the sites and
    whether any page is private: the next page computes them again."""
    site_ids = Site.objects.values_list("pk", flat=True)
    codes = content_language_codes()
    keys = [_key(site_id, code) for site_id in site_ids for code in codes]
    cache.delete_many([SITES_KEY, PRIVATE_PAGES_KEY, *keys, *map(_language_key, codes)])
