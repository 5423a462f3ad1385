// Package realip finds the reader's address, and whether the reader came
// over HTTPS, behind load balancers and TLS-terminating proxies. A request
// that comes from a trusted proxy has its RemoteAddr replaced by the
// nearest address in X-Forwarded-For that is not itself a trusted proxy,
// and its X-Forwarded-Proto believed; from anyone else both headers are
// ignored, since a client can write whatever it likes there. Sign-in
// limits, the API's rate limit and the audit log then see the reader, not
// the balancer, and cookies are marked Secure when the reader's own
// connection was HTTPS.
package realip

import (
	"context"
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// httpsKey marks, in a request's context, a request a trusted proxy
// received over HTTPS.
type httpsKey struct{}

// Handler rewrites r.RemoteAddr for requests from trusted proxies, notes
// their X-Forwarded-Proto: https (see HTTPS), and passes them on. With no
// trusted proxies it is next itself: nothing is believed.
func Handler(trusted []netip.Prefix, next http.Handler) http.Handler {
	if len(trusted) == 0 {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		peer, ok := trustedPeer(r.RemoteAddr, trusted)
		if !ok {
			next.ServeHTTP(w, r)
			return
		}
		https := forwardedHTTPS(r.Header.Values("X-Forwarded-Proto"))
		addr, moved := client(peer, r.Header.Values("X-Forwarded-For"), trusted)
		if !https && !moved {
			next.ServeHTTP(w, r)
			return
		}
		if https {
			r = r.WithContext(context.WithValue(r.Context(), httpsKey{}, true)) // a copy
		} else {
			r2 := *r
			r = &r2
		}
		if moved {
			r.RemoteAddr = net.JoinHostPort(addr.String(), "0")
		}
		next.ServeHTTP(w, r)
	})
}

// HTTPS reports whether the reader's connection was HTTPS: the request
// came over TLS, or through a trusted proxy that said so in
// X-Forwarded-Proto (Handler). A forged header from anyone else does not
// count.
func HTTPS(r *http.Request) bool {
	if r.TLS != nil {
		return true
	}
	v, _ := r.Context().Value(httpsKey{}).(bool)
	return v
}

// forwardedHTTPS reads X-Forwarded-Proto. The last value is the one the
// nearest proxy (the trusted one) set or appended; a proxy that appends
// rather than replaces leaves what the client wrote to the left of it.
func forwardedHTTPS(lines []string) bool {
	if len(lines) == 0 {
		return false
	}
	last := lines[len(lines)-1]
	if i := strings.LastIndexByte(last, ','); i >= 0 {
		last = last[i+1:]
	}
	return strings.EqualFold(strings.TrimSpace(last), "https")
}

// Client returns the client's address for a request from remote carrying
// the X-Forwarded-For lines xff, when remote is trusted. It walks the
// list from the right (each proxy appends the address it heard from) and
// stops at the first address no trusted proxy owns. A malformed entry
// ends the walk at the last good address: what lies left of it is not
// to be believed.
func Client(remote string, xff []string, trusted []netip.Prefix) (netip.Addr, bool) {
	peer, ok := trustedPeer(remote, trusted)
	if !ok {
		return netip.Addr{}, false
	}
	return client(peer, xff, trusted)
}

// trustedPeer parses the address a request came from and reports whether
// a trusted proxy owns it.
func trustedPeer(remote string, trusted []netip.Prefix) (netip.Addr, bool) {
	host, _, err := net.SplitHostPort(remote)
	if err != nil {
		host = remote
	}
	peer, err := netip.ParseAddr(host)
	if err != nil || !isTrusted(peer.Unmap(), trusted) {
		return netip.Addr{}, false
	}
	return peer.Unmap(), true
}

// client walks xff from the right for a request from the trusted peer.
func client(peer netip.Addr, xff []string, trusted []netip.Prefix) (netip.Addr, bool) {
	var hops []string
	for _, line := range xff {
		hops = append(hops, strings.Split(line, ",")...)
	}
	c := peer
	for i := len(hops) - 1; i >= 0; i-- {
		a, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			break
		}
		c = a.Unmap()
		if !isTrusted(c, trusted) {
			break
		}
	}
	return c, c != peer
}

func isTrusted(a netip.Addr, trusted []netip.Prefix) bool {
	for _, p := range trusted {
		if p.Contains(a) {
			return true
		}
	}
	return false
}
