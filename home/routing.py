"""Wagtail's page routing, with the pages along the address found in one query.

Wagtail routes a request from the site's home page in the reader's language down the tree, one
level at a time: a query for the child with the next slug and another for its specific row, so a
page three levels deep costs seven queries before it renders. The pages along an address are
those whose url_path is one of the address's prefixes under that home page, found here together.
Each page on the way still routes the request when its own route would take it (a routable page
answering a sub-address such as an event's calendar file), and the last page routes it as Wagtail
does: drafts and unknown addresses are a 404 as before; view restrictions, aliases and redirects
are left to Wagtail's serve view and its hooks, unchanged.
"""

from django.http import Http404
from django.utils import translation

from wagtail import views as wagtail_views
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Page, Site

from home.page_loading import specific_page, where_in


def serve(request, path):
    """Wagtail's serve view, given the route this module finds (Wagtail routes when it cannot)."""
    if not hasattr(request, "_wagtail_route_for_request"):
        try:
            route = _route(request, path)
        except Http404:
            request._wagtail_route_for_request = None
        else:
            if route is not None:
                request._wagtail_route_for_request = route
    return wagtail_views.serve(request, path)


def _route(request, path):
    """Return Wagtail's route result for `path`, or None to leave the routing to Wagtail."""
    site = Site.find_for_request(request)
    root_url_path = _home_url_path(site)
    if root_url_path is None:
        return None
    slugs = [slug for slug in path.split("/") if slug]
    prefixes = [root_url_path + _subpath(slugs[:depth]) for depth in range(len(slugs) + 1)]
    found = {page.url_path: page for page in where_in(Page, "url_path", prefixes)}
    chain = []
    for prefix in prefixes:
        page = found.get(prefix)
        if page is None or (chain and not _is_child(page, chain[-1])):
            break
        chain.append(page)
    if not chain or not _home_is_shown(chain[0], site):
        return None
    for depth, page in enumerate(chain):
        remaining = slugs[depth:]
        if depth == len(chain) - 1 or _routes_itself(page, remaining):
            specific = specific_page(page)
            if depth:
                specific._cached_parent_obj = chain[depth - 1]
            return specific.route(request, remaining)
    return None


def _home_url_path(site):
    """The url_path of the site's home page in the reader's language, as `root_page.localized` picks it."""
    if site is None:
        return None
    try:
        language = get_supported_content_language_variant(translation.get_language())
    except LookupError:
        return None
    for root in Site.get_site_root_paths():
        if root.site_id == site.pk and root.language_code == language:
            return root.root_path
    return site.root_page.url_path


def _home_is_shown(home, site):
    """Whether Wagtail would route from `home`: it falls back to the site's own home page for a draft."""
    return home.live or home.pk == site.root_page_id


def _subpath(slugs):
    return "".join(f"{slug}/" for slug in slugs)


def _is_child(page, parent):
    return page.depth == parent.depth + 1 and page.path.startswith(parent.path)


def _routes_itself(page, remaining):
    """Whether `page` answers `remaining` itself instead of handing it to the child with the next slug."""
    page_class = page.specific_class
    if page_class is None or page_class.route is Page.route:
        return False
    if issubclass(page_class, RoutablePageMixin) and page_class.route is RoutablePageMixin.route:
        if not page.live:
            return False
        try:
            page_class.get_resolver().resolve("/" + _subpath(remaining))
        except Http404:
            return False
        return True
    return True
