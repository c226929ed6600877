# Varnish in front of the site's web hosts: keeps what the site marks public, purged on publish.
#
# The site says what a shared cache may keep (home/caching.py): pages, sitemaps and feeds for
# anonymous readers carry "Cache-Control: public, max-age=0, s-maxage=..., stale-while-revalidate=...";
# anything else is passed through. Wagtail sends "PURGE <path>" for each address a change shows on
# (FRONTEND_CACHE_PURGE_URL=http://<this varnish>), which bans that path with any query string
# (a listing's ?page=2, a sitemap's ?p=2). Tested by tests/home/test_varnish.py.
vcl 4.1;

backend default {
    .host = "127.0.0.1";
    .port = "8000";
}

# Who may purge: the web and worker hosts. Widen to the hosts' private network.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(405, "Not allowed"));
        }
        # Paths are Wagtail slugs, letters, digits, "-" and "/": safe inside a regular expression.
        ban("obj.http.x-host == " + req.http.host + " && obj.http.x-url ~ ^" + regsub(req.url, "\?.*$", "") + "(\?|$)");
        return (synth(200, "Purged"));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # The admin, forms and the addresses that set cookies are the site's alone.
    if (req.url ~ "^/(admin|documents|form-tokens|healthz|readyz|anymail|campaigns|newsletter)(/|$)"
        || req.url ~ "^/[^/]+/newsletter/subscribe/") {
        return (pass);
    }
    # A signed-in editor always gets a fresh page.
    if (req.http.Cookie ~ "(^|;\s*)sessionid=") {
        return (pass);
    }
    # Analytics and consent cookies must not split the cache: no public page reads a cookie.
    unset req.http.Cookie;
    return (hash);
}

sub vcl_backend_response {
    # Kept with the object so that a purge can ban it by address.
    set beresp.http.x-url = bereq.url;
    set beresp.http.x-host = bereq.http.host;
    # Only what the site marks public is kept; a response setting a cookie never is.
    if (beresp.http.Set-Cookie || beresp.http.Cache-Control !~ "public") {
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        return (deliver);
    }
    return (deliver);
}

sub vcl_deliver {
    unset resp.http.x-url;
    unset resp.http.x-host;
    if (obj.hits > 0) {
        set resp.http.X-Cache = "hit";
    } else {
        set resp.http.X-Cache = "miss";
    }
}
