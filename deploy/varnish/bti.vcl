vcl 4.1;
# Varnish in front of the BTI portal (Debian's varnish 7.x).
#   varnishd -a 127.0.0.1:6081 -f deploy/varnish/bti.vcl -p vcc_allow_inline_c=off
# The backend is the Zope WSGI server (make start: 127.0.0.1:8080). Only public
# guide pages are cached, as plone.app.caching marks them (s-maxage); never a
# request with the login cookie or credentials, never anything under /logs.
# Plone purges edited pages with PURGE (plone.cachepurging, target
# http://127.0.0.1:6081) from the backend's addresses only.

backend zope {
    .host = "127.0.0.1";
    .port = "8080";
}

acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(405, "Not allowed"));
        }
        return (purge);
    }
    # Zope's virtual hosting is the proxy's to set, never a client's: a path
    # naming it would draw a page whose links and scripts point elsewhere.
    if (req.url ~ "(?i)/(VirtualHostBase|VirtualHostRoot|_vh_[^/?]*)(/|\?|$)") {
        return (synth(404, "Not found"));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # Logged in (the login cookie, even a stale one) or sending credentials.
    if (req.http.Authorization || req.http.Cookie ~ "(^|;\s*)__ac=") {
        return (pass);
    }
    # Logs, concerns, units and everything below them.
    if (req.url ~ "^(/[^/?]+)?/logs(/|\?|$)") {
        return (pass);
    }
    # Personal views and REST (JSON) answers.
    if (req.url ~ "/@{0,2}(my-logs|log-overview|my-meetings|my-activities)" ||
        req.http.Accept ~ "application/json") {
        return (pass);
    }
    # Nothing else of the cookie matters for a public page.
    unset req.http.Cookie;
    return (hash);
}

sub vcl_backend_response {
    # Only what the backend marks as shared-cacheable (s-maxage or public).
    if (beresp.http.Cache-Control ~ "(private|no-store|no-cache)" ||
        beresp.http.Cache-Control !~ "(s-maxage=[1-9]|public)" ||
        beresp.http.Set-Cookie) {
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        return (deliver);
    }
    return (deliver);
}

sub vcl_deliver {
    if (obj.uncacheable) {
        set resp.http.X-Cache = "PASS";
    } else if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
}
