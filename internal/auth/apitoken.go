package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strings"

	"akhbar/internal/content"
)

// Scope is what a personal access token for the content API may be used
// for. A token holds the scopes its owner chose when creating it, and
// every use is checked again against the owner's current role (ScopeAllowed):
// a demoted or disabled user's tokens lose what the role lost.
type Scope string

// The scopes. Their values are part of the API: never rename one.
const (
	ScopeReadDrafts  Scope = "read_drafts"  // read articles in any state the owner may see
	ScopeWrite       Scope = "write"        // create and edit articles, submit them for review
	ScopePublish     Scope = "publish"      // publish, schedule and unpublish
	ScopeUploadMedia Scope = "upload_media" // add images to the library
)

// Scopes lists every scope, in the order the newsroom shows them.
var Scopes = []Scope{ScopeReadDrafts, ScopeWrite, ScopePublish, ScopeUploadMedia}

// Valid reports whether s is a known scope.
func (s Scope) Valid() bool {
	for _, k := range Scopes {
		if s == k {
			return true
		}
	}
	return false
}

// Label is the scope's name in the newsroom.
func (s Scope) Label() string {
	switch s {
	case ScopeReadDrafts:
		return "مسودے پڑھنا"
	case ScopeWrite:
		return "مضامین لکھنا اور ان میں ترمیم"
	case ScopePublish:
		return "اشاعت، اشاعت کا وقت طے کرنا اور اشاعت واپس لینا"
	case ScopeUploadMedia:
		return "تصاویر اپ لوڈ کرنا"
	}
	return string(s)
}

// ScopeAllowed reports whether u's role lets a token of theirs hold scope
// s, under the one policy (Can, CanMedia), judged on an article of their
// own in draft: reading and writing are open to every role that writes,
// publishing to those whose role may publish. The article actions of a
// request are then checked on the article itself.
func ScopeAllowed(u content.User, s Scope) bool {
	own := &content.Article{Status: content.StatusDraft, CreatedBy: u.ID}
	switch s {
	case ScopeReadDrafts:
		return Can(u, ViewArticle, own)
	case ScopeWrite:
		return Can(u, CreateArticle, nil) && Can(u, EditArticle, own)
	case ScopePublish:
		return Can(u, PublishArticle, own) && Can(u, UnpublishArticle, own)
	case ScopeUploadMedia:
		return CanMedia(u, UploadMedia, nil)
	}
	return false
}

// AllowedScopes lists the scopes u's role allows.
func AllowedScopes(u content.User) []Scope {
	var out []Scope
	for _, s := range Scopes {
		if ScopeAllowed(u, s) {
			out = append(out, s)
		}
	}
	return out
}

// APITokenPrefix starts every personal access token, so that a leaked
// one is easy to recognise (secret scanners, logs).
const APITokenPrefix = "akb_"

// NewAPIToken returns a new random token (APITokenPrefix and 32 random
// bytes in unpadded base64url) and the hash to store in its place.
func NewAPIToken() (token, hash string, err error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", "", fmt.Errorf("auth: new API token: %w", err)
	}
	token = APITokenPrefix + base64.RawURLEncoding.EncodeToString(b)
	return token, HashAPIToken(token), nil
}

// HashAPIToken is what is stored of a token: its hex SHA-256. A fast hash
// is right here: the token is 256 random bits, not a password to guess.
func HashAPIToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// LooksLikeAPIToken reports whether s has the form NewAPIToken makes.
func LooksLikeAPIToken(s string) bool {
	rest, ok := strings.CutPrefix(s, APITokenPrefix)
	if !ok || len(rest) != 43 {
		return false
	}
	_, err := base64.RawURLEncoding.DecodeString(rest)
	return err == nil
}
