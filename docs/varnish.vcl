#
# Varnish in front of Akhbar nodes (docs/scaling.md).
#
# Needs Varnish 6 or 7 and varnish-modules for vmod xkey (Debian:
# apt-get install varnish varnish-modules). Start it with, for example:
#
#     varnishd -a :80 -f /etc/varnish/akhbar.vcl -s malloc,1g
#
# and give every node --purge-url http://VARNISH:80/ (AKHBAR_PURGE_URL)
# and --trusted-proxies with Varnish's address, since Varnish tells the
# nodes the reader's address in X-Forwarded-For.
#
# How pages stay exact: each page a node caches carries a Surrogate-Key
# header ("all article:12 section:3 home mostread …"); Varnish tags the
# object with those keys (xkey). On every change every node sends
#
#     PURGE / HTTP/1.1
#     xkey-purge: article:12 section:3 home …
#
# after it dropped its own copies, and Varnish drops every object with
# any of those keys. Pages are otherwise held for the nodes' s-maxage
# (60 s) and served stale while refetched for stale-while-revalidate.
#
# internal/clustertest's TestVarnishPurge runs this very file, with its
# own nodes put in place of the block between the BEGIN and END lines.

vcl 4.1;

import directors;
import xkey;

# BEGIN nodes: one backend per `akhbar serve` (or a single backend: the
# nginx that balances them). Varnish skips a node whose /healthz fails.
probe akhbar_health {
    .url = "/healthz";
    .interval = 2s;
    .timeout = 1s;
    .window = 3;
    .threshold = 2;
}

backend web1 { .host = "10.0.0.11"; .port = "8080"; .probe = akhbar_health; .connect_timeout = 1s; .first_byte_timeout = 60s; }
backend web2 { .host = "10.0.0.12"; .port = "8080"; .probe = akhbar_health; .connect_timeout = 1s; .first_byte_timeout = 60s; }
backend web3 { .host = "10.0.0.13"; .port = "8080"; .probe = akhbar_health; .connect_timeout = 1s; .first_byte_timeout = 60s; }

sub vcl_init {
    new akhbar = directors.round_robin();
    akhbar.add_backend(web1);
    akhbar.add_backend(web2);
    akhbar.add_backend(web3);
}
# END nodes

# Who may purge: the nodes. Anyone else's PURGE is refused with 403.
acl purgers {
    "localhost";
    "10.0.0.0"/24;
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Forbidden"));
        }
        if (!req.http.xkey-purge) {
            return (synth(400, "xkey-purge header missing"));
        }
        # A hard purge, not xkey.softpurge: a softpurged page stays
        # servable in grace, and a withdrawn article (a legal takedown)
        # must not be shown again, not even once while Varnish refetches.
        set req.http.n-gone = xkey.purge(req.http.xkey-purge);
        return (synth(200, "Purged " + req.http.n-gone + " objects"));
    }

    set req.backend_hint = akhbar.backend();

    if (req.method != "GET" && req.method != "HEAD") {
        # Sign-ins, the newsroom's saves, uploads: straight to a node.
        return (pass);
    }
    # Live streams stay open for as long as a page does: handed straight
    # to a node (better still, route /live/ around Varnish: each piped
    # stream holds a Varnish thread).
    if (req.url ~ "^/live/") {
        return (pipe);
    }
    # The newsroom is per user, search results per query, /healthz must
    # reach a node; the nodes never cache these either.
    if (req.url ~ "^/newsroom(/|\?|$)" || req.url ~ "^/search" || req.url ~ "^/healthz") {
        return (pass);
    }
    # A signed-in editor's requests go to a node. (Public pages are the
    # same for everyone, but an editor who just published expects to see
    # the node's answer, not Varnish's.)
    if (req.http.Cookie ~ "(^|;\s*)akhbar_session=") {
        return (pass);
    }
    # Akhbar's public pages read no cookie: others (analytics, consent)
    # would only keep pages from being cached.
    unset req.http.Cookie;
    if (req.http.Authorization) {
        return (pass);
    }
    # The nodes keep a page with ?page=N only; any other query would fill
    # the cache with copies (and lets anyone bypass it at will), so it is
    # fetched without keeping it.
    if (req.url ~ "\?" && req.url !~ "\?page=[0-9]+$") {
        return (pass);
    }
    return (hash);
}

sub vcl_backend_response {
    # Tag the object with the node's surrogate keys, for xkey.purge.
    if (beresp.http.Surrogate-Key) {
        set beresp.http.xkey = beresp.http.Surrogate-Key;
    }
    # A background refetch that fails (a node restarting, the database
    # away) keeps the stale copy in use instead of caching the error.
    if (beresp.status >= 500 && bereq.is_bgfetch) {
        return (abandon);
    }
    # Errors are not kept (the nodes send them with no-store anyway).
    if (beresp.status >= 500) {
        set beresp.uncacheable = true;
        set beresp.ttl = 0s;
        return (deliver);
    }
    # Otherwise the built-in rules apply: the TTL from s-maxage (else
    # max-age), grace from stale-while-revalidate, nothing kept that
    # says no-store or private or sets a cookie.
}

sub vcl_deliver {
    # The keys are for Varnish only.
    unset resp.http.Surrogate-Key;
    unset resp.http.xkey;
    # Whether Varnish answered from its cache: for operators and tests.
    if (obj.uncacheable) {
        set resp.http.X-Cache = "PASS";
    } elsif (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
}
