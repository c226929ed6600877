"""Read the frontend cache (CDN or reverse proxy) that Wagtail purges on publish from the environment."""


def frontend_cache_from_env(environ):
    """Return WAGTAILFRONTENDCACHE for every cache the environment names (none: {}).

    FRONTEND_CACHE_PURGE_URL: Varnish, or any proxy taking HTTP PURGE (deploy/varnish/default.vcl).
    CLOUDFLARE_API_TOKEN with CLOUDFLARE_ZONE_ID: Cloudflare (a token allowed "Cache Purge").
    CLOUDFRONT_DISTRIBUTION_ID: CloudFront; boto3 finds its credentials as usual (AWS_* variables,
    an instance role).
    """
    backends = {}
    if environ.get("FRONTEND_CACHE_PURGE_URL"):
        backends["varnish"] = {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": environ["FRONTEND_CACHE_PURGE_URL"],
        }
    if environ.get("CLOUDFLARE_API_TOKEN") and environ.get("CLOUDFLARE_ZONE_ID"):
        backends["cloudflare"] = {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
            "BEARER_TOKEN": environ["CLOUDFLARE_API_TOKEN"],
            "ZONEID": environ["CLOUDFLARE_ZONE_ID"],
        }
    if environ.get("CLOUDFRONT_DISTRIBUTION_ID"):
        backends["cloudfront"] = {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudfrontBackend",
            "DISTRIBUTION_ID": environ["CLOUDFRONT_DISTRIBUTION_ID"],
        }
    return backends
