package webhooks

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"strings"
	"syscall"
)

// URL problems, for the newsroom to explain.
var (
	ErrURLInvalid = errors.New("webhooks: not a valid http(s) URL")
	ErrURLScheme  = errors.New("webhooks: only http and https URLs are allowed")
	ErrURLPrivate = errors.New("webhooks: the URL points at this machine or a private network")
	ErrURLTooLong = errors.New("webhooks: the URL is too long")
	ErrURLUser    = errors.New("webhooks: the URL carries a user name or password")
)

// MaxURL is the longest subscription URL accepted.
const MaxURL = 2000

// CheckURL validates a subscription URL and returns it cleaned: http or
// https, a host, no user name or password, no fragment; unless
// allowPrivate, a host that is an IP address must be public and
// "localhost" is refused. Names are checked again when delivering, on
// the address they resolve to (see publicOnly).
func CheckURL(raw string, allowPrivate bool) (string, error) {
	raw = strings.TrimSpace(raw)
	if len(raw) > MaxURL {
		return "", ErrURLTooLong
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || u.Hostname() == "" || u.Opaque != "" {
		if err == nil && u.Scheme != "" && u.Scheme != "http" && u.Scheme != "https" {
			return "", ErrURLScheme
		}
		return "", ErrURLInvalid
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return "", ErrURLScheme
	}
	if u.User != nil {
		return "", ErrURLUser
	}
	u.Fragment, u.RawFragment = "", ""
	if !allowPrivate {
		host := strings.TrimSuffix(strings.ToLower(u.Hostname()), ".")
		if host == "localhost" || strings.HasSuffix(host, ".localhost") {
			return "", ErrURLPrivate
		}
		if ip, err := netip.ParseAddr(host); err == nil && !publicAddr(ip) {
			return "", ErrURLPrivate
		}
	}
	return u.String(), nil
}

// cgnat is the carrier-grade NAT range, private in practice.
var cgnat = netip.MustParsePrefix("100.64.0.0/10")

// publicAddr reports whether ip is an address on the public internet:
// not loopback, private, link-local, unspecified, multicast or CGNAT.
func publicAddr(ip netip.Addr) bool {
	ip = ip.Unmap()
	return ip.IsValid() && !ip.IsLoopback() && !ip.IsPrivate() && !ip.IsLinkLocalUnicast() &&
		!ip.IsLinkLocalMulticast() && !ip.IsInterfaceLocalMulticast() && !ip.IsMulticast() &&
		!ip.IsUnspecified() && !cgnat.Contains(ip)
}

// publicOnly is a net.Dialer Control that refuses to connect to a
// non-public address: the name of a subscribed URL may resolve anywhere,
// and may change after it was checked.
func publicOnly(_ context.Context, _, address string, _ syscall.RawConn) error {
	host, _, err := net.SplitHostPort(address)
	if err != nil {
		return err
	}
	ip, err := netip.ParseAddr(host)
	if err != nil {
		return fmt.Errorf("webhooks: dial %s: %w", address, err)
	}
	if !publicAddr(ip) {
		return fmt.Errorf("webhooks: dial %s: %w", address, ErrURLPrivate)
	}
	return nil
}
