// Package realip finds the reader's address behind load balancers. A
// request that comes from a trusted proxy has its RemoteAddr replaced by
// the nearest address in X-Forwarded-For that is not itself a trusted
// proxy; from anyone else the header is ignored, since a client can write
// whatever it likes there. Sign-in limits and the audit log then see the
// reader, not the balancer.
package realip

import (
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// Handler rewrites r.RemoteAddr for requests from trusted proxies and
// passes them on. With no trusted proxies it is next itself.
func Handler(trusted []netip.Prefix, next http.Handler) http.Handler {
	if len(trusted) == 0 {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if addr, ok := Client(r.RemoteAddr, r.Header.Values("X-Forwarded-For"), trusted); ok {
			r2 := *r
			r2.RemoteAddr = net.JoinHostPort(addr.String(), "0")
			r = &r2
		}
		next.ServeHTTP(w, r)
	})
}

// Client returns the client's address for a request from remote carrying
// the X-Forwarded-For lines xff, when remote is trusted. It walks the
// list from the right (each proxy appends the address it heard from) and
// stops at the first address no trusted proxy owns. A malformed entry
// ends the walk at the last good address: what lies left of it is not
// to be believed.
func Client(remote string, xff []string, trusted []netip.Prefix) (netip.Addr, bool) {
	host, _, err := net.SplitHostPort(remote)
	if err != nil {
		host = remote
	}
	peer, err := netip.ParseAddr(host)
	if err != nil || !isTrusted(peer.Unmap(), trusted) {
		return netip.Addr{}, false
	}
	var hops []string
	for _, line := range xff {
		hops = append(hops, strings.Split(line, ",")...)
	}
	client := peer.Unmap()
	for i := len(hops) - 1; i >= 0; i-- {
		a, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			break
		}
		client = a.Unmap()
		if !isTrusted(client, trusted) {
			break
		}
	}
	return client, client != peer.Unmap()
}

func isTrusted(a netip.Addr, trusted []netip.Prefix) bool {
	for _, p := range trusted {
		if p.Contains(a) {
			return true
		}
	}
	return false
}
