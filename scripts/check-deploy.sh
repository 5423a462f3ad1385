#!/usr/bin/env bash
# Checks the files in deploy/ the way the tools that read them would:
#   nginx.conf     nginx -t, inside a minimal main config, with a
#                  self-signed certificate made by openssl in its place;
#   Caddyfile      caddy validate (when caddy is installed);
#   akhbar.service systemd-analyze verify, and its sandboxing scored by
#                  systemd-analyze security (when systemd-analyze is there).
# A tool that is missing is named and skipped, except nginx and openssl:
# CI installs them. Runs in a temporary folder and starts no server.
set -euo pipefail
cd "$(dirname "$0")/.."
deploy="$PWD/deploy"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

nginx_bin="$(command -v nginx || echo /usr/sbin/nginx)"
[ -x "$nginx_bin" ] || { echo "check-deploy: nginx is not installed (apt-get install nginx)" >&2; exit 1; }
command -v openssl >/dev/null || { echo "check-deploy: openssl is not installed" >&2; exit 1; }

echo "nginx: deploy/nginx.conf"
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=example.pk \
  -keyout "$tmp/key.pem" -out "$tmp/cert.pem" 2>/dev/null
sed -e "s|/etc/letsencrypt/live/example.pk/fullchain.pem|$tmp/cert.pem|" \
    -e "s|/etc/letsencrypt/live/example.pk/privkey.pem|$tmp/key.pem|" \
    "$deploy/nginx.conf" > "$tmp/akhbar.conf"
grep -q "$tmp/cert.pem" "$tmp/akhbar.conf" || { echo "check-deploy: the certificate path in deploy/nginx.conf changed; update this script" >&2; exit 1; }
cat > "$tmp/nginx.conf" <<CONF
pid $tmp/nginx.pid;
error_log $tmp/error.log;
events {}
http {
    access_log off;
    client_body_temp_path $tmp/client_body;
    proxy_temp_path $tmp/proxy;
    fastcgi_temp_path $tmp/fastcgi;
    uwsgi_temp_path $tmp/uwsgi;
    scgi_temp_path $tmp/scgi;
    include $tmp/akhbar.conf;
}
CONF
"$nginx_bin" -t -q -p "$tmp" -e "$tmp/error.log" -c "$tmp/nginx.conf"
echo "  ok"

echo "caddy: deploy/Caddyfile"
if command -v caddy >/dev/null; then
  (cd "$tmp" && HOME="$tmp" XDG_DATA_HOME="$tmp" XDG_CONFIG_HOME="$tmp" \
    caddy validate --adapter caddyfile --config "$deploy/Caddyfile" >"$tmp/caddy.log" 2>&1) \
    || { cat "$tmp/caddy.log" >&2; exit 1; }
  caddy fmt "$deploy/Caddyfile" | diff -u "$deploy/Caddyfile" - \
    || { echo "check-deploy: deploy/Caddyfile is not as caddy fmt writes it" >&2; exit 1; }
  echo "  ok"
else
  echo "  skipped: caddy is not installed (apt-get install caddy)"
fi

echo "systemd: deploy/akhbar.service"
if command -v systemd-analyze >/dev/null; then
  # The binary is not installed here: check the unit with a stand-in.
  sed "s|/usr/local/bin/akhbar|/bin/true|" "$deploy/akhbar.service" > "$tmp/akhbar.service"
  systemd-analyze verify "$tmp/akhbar.service"
  # Exposure 0 (locked down) to 10 (unsandboxed); the unit scores 1.5.
  # Loosening the sandbox past 2.0 fails here.
  systemd-analyze security --offline=true --threshold=20 "$tmp/akhbar.service" >"$tmp/security.log" 2>&1 \
    || { cat "$tmp/security.log" >&2; echo "check-deploy: the unit's sandbox got weaker" >&2; exit 1; }
  echo "  ok ($(grep -o 'Overall exposure level.*' "$tmp/security.log"))"
else
  echo "  skipped: systemd-analyze is not installed"
fi
