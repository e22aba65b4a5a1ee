# Trill! Mag behind Varnish 7: anonymous pages served from memory, purged
# exactly when content changes. README.md, "A shared HTTP cache in front
# (Varnish)", says where it sits (between nginx and gunicorn) and how to run it.
#
# What is kept: only responses the app marks `Cache-Control: public` that set
# no cookie, for requests that carry nothing personal. The app names what each
# kept page depends on in `X-Cache-Tags`; after each change it sends a BAN with
# the stale keys (trillmag/frontcache.py, FRONT_CACHE_URLS), and every object
# tagged with any of them is dropped at once.
#
# Copy to /etc/varnish/trillmag.vcl and change the lines marked CHANGE. The test
# suite runs this file (tests/test_varnish.py).
vcl 4.1;

import std;

# CHANGE: the app server (gunicorn's HOST:PORT). With several, declare one
# backend each and spread requests with the directors module.
backend app {
    .host = "127.0.0.1";
    .port = "8000";
    .connect_timeout = 5s;
    # A little longer than gunicorn's own timeout (GUNICORN_TIMEOUT, 30 s).
    .first_byte_timeout = 40s;
    .between_bytes_timeout = 10s;
    # The health check tells "the app is down" (serve stale pages) from "a page
    # expired" (fetch it): see `grace` below.
    .probe = {
        .request = "GET /healthz HTTP/1.1"
                   "Host: localhost"
                   "Connection: close";
        .interval = 2s;
        .timeout = 2s;
        .window = 3;
        .threshold = 2;
        # Healthy from the start: requests are served before the first probe.
        .initial = 2;
    }
}

# CHANGE: the app servers (and job workers) that send BAN requests.
acl purgers {
    "127.0.0.1";
    "::1";
}

# CHANGE: the proxies in front of Varnish (nginx terminating TLS). Varnish adds
# the address it sees to X-Forwarded-For; behind one of these that is the
# proxy's own, so it is taken off again and the last address stays the
# reader's, as the comment rate limit expects (COMMENTS_IP_HEADER).
acl front_proxies {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "BAN") {
        if (client.ip !~ purgers) {
            return (synth(405, "Not allowed"));
        }
        # Only obj.* in the expressions: the ban lurker drops matching objects
        # in the background, so the ban list never grows with the traffic.
        if (req.http.X-Cache-Tags == "*") {
            # Everything is stale.
            if (std.ban("obj.status != 0")) {
                return (synth(200, "Banned"));
            }
            return (synth(400, std.ban_error()));
        }
        # Keys are words of [A-Za-z0-9_:-] (trillmag/frontcache.py), so the
        # expression below matches whole keys and nothing a key could smuggle
        # in (it holds no space: the ban parser splits on them).
        if (req.http.X-Cache-Tags !~ "^[A-Za-z0-9_:-]+( [A-Za-z0-9_:-]+)*$") {
            return (synth(400, "X-Cache-Tags must be space-separated keys, or *"));
        }
        if (std.ban("obj.http.X-Cache-Tags ~ (^|[^A-Za-z0-9_:-])("
                + regsuball(req.http.X-Cache-Tags, " ", "|") + ")([^A-Za-z0-9_:-]|$)")) {
            return (synth(200, "Banned"));
        }
        return (synth(400, std.ban_error()));
    }

    # The builtin's Host checks (lower case; required in HTTP/1.1): the rest of
    # this routine replaces the builtin's, which would pass every cookie.
    call vcl_req_host;

    if (client.ip ~ front_proxies) {
        set req.http.X-Forwarded-For = regsub(req.http.X-Forwarded-For, ",[^,]*$", "");
    }

    # Stale pages only while the app is down. While it is up, an expired page is
    # fetched again: a page outlives its s-maxage by not one request.
    if (std.healthy(req.backend_hint)) {
        set req.grace = 0s;
    }

    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # Staff pages, the health check (it must tell the truth now) and anything
    # with credentials go to the app.
    if (req.url ~ "^/admin(/|$)" || req.url ~ "^/healthz" || req.http.Authorization) {
        return (pass);
    }
    # A visitor with a cookie other than Django's CSRF one (a session: staff;
    # comment_author and comments_mine: a commenter; messages...) gets pages
    # made for them: the app decides what they see.
    # CHANGE: with PAGE_CACHE_SHAREABLE_COOKIES set, add those names, e.g.
    # "(^|;)\s*(csrftoken|_pk_id[.0-9a-f]*)=[^;]*".
    if (req.http.Cookie) {
        set req.http.X-Personal-Cookies = regsuball(req.http.Cookie, "(^|;)\s*(csrftoken)=[^;]*", "");
        if (req.http.X-Personal-Cookies ~ "[^;\s]") {
            unset req.http.X-Personal-Cookies;
            return (pass);
        }
        unset req.http.X-Personal-Cookies;
    }
    # The CSRF cookie goes on to the app (a page it does not keep may need it)
    # but changes nothing in a page it lets be kept: skip the builtin's
    # "a cookie means pass".
    return (hash);
}

sub vcl_hash {
    # Behind nginx the scheme changes absolute links in a page.
    hash_data(req.http.X-Forwarded-Proto);
}

sub vcl_backend_response {
    if (bereq.uncacheable) {
        return (deliver);
    }
    # A failed background refresh keeps the stale copy rather than replacing it.
    if (beresp.status >= 500 && bereq.is_bgfetch) {
        return (abandon);
    }
    # Kept: what the app says every reader may share, and nothing else.
    if (beresp.http.Cache-Control !~ "(?i)(^|,)\s*public\s*(,|$)"
            || beresp.http.Cache-Control ~ "(?i)private|no-store|no-cache"
            || beresp.http.Set-Cookie
            || beresp.ttl <= 0s) {
        # Remembered for a while as "fetch, do not wait": requests for this URL
        # go to the app side by side, and a later public answer is kept.
        set beresp.ttl = 120s;
        set beresp.uncacheable = true;
        return (deliver);
    }
    # Requests that reach the cache carry no cookie but the CSRF one, which
    # no kept page depends on: varying on it would keep one copy per reader.
    if (beresp.http.Vary) {
        set beresp.http.Vary = regsuball(beresp.http.Vary, "(?i)(^|,)\s*cookie\s*(?=,|$)", "");
        set beresp.http.Vary = regsub(beresp.http.Vary, "^\s*,\s*", "");
        if (beresp.http.Vary == "") {
            unset beresp.http.Vary;
        }
    }
    # The TTL is the app's s-maxage. Past it, a page may still be served while
    # the app is down (vcl_recv), for this long.
    set beresp.grace = 6h;
    return (deliver);
}

sub vcl_backend_error {
    # The app unreachable during a background refresh: keep the stale copy.
    if (bereq.is_bgfetch) {
        return (abandon);
    }
}

sub vcl_deliver {
    # For debugging: HIT (from memory), MISS (fetched and kept) or PASS.
    if (obj.uncacheable) {
        set resp.http.X-Cache = "PASS";
    } elsif (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
    if (!obj.uncacheable) {
        # The Vary: Cookie taken off in vcl_backend_response goes back on for
        # caches further out, which do not share this one's cookie rules.
        if (resp.http.Vary) {
            set resp.http.Vary = resp.http.Vary + ", Cookie";
        } else {
            set resp.http.Vary = "Cookie";
        }
    }
    # Readers' browsers and caches further out need neither of these.
    unset resp.http.X-Cache-Tags;
    unset resp.http.Via;
    unset resp.http.X-Varnish;
}
