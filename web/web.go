// Package web embeds the templates and static files of the public site
// and the newsroom, so the binary carries everything it serves.
package web

import "embed"

// Files holds templates/ and static/.
//
//go:embed templates static
var Files embed.FS
