package webhooks

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// SecretPrefix starts every signing secret, as Standard Webhooks writes them.
const SecretPrefix = "whsec_"

// secretBytes is the length of a new secret's key (the spec asks for 24 to 64).
const secretBytes = 32

// NewSecret makes a random signing secret: whsec_ and the base64 of 32 random bytes.
func NewSecret() string {
	key := make([]byte, secretBytes)
	rand.Read(key) // never fails (crypto/rand)
	return SecretPrefix + base64.StdEncoding.EncodeToString(key)
}

// ErrBadSecret is a secret that is not whsec_ and base64 of 24 to 64 bytes.
var ErrBadSecret = errors.New("webhooks: a secret is whsec_ followed by the base64 of 24 to 64 bytes")

// SecretKey returns the HMAC key a secret holds: the base64-decoded part
// after whsec_.
func SecretKey(secret string) ([]byte, error) {
	enc, ok := strings.CutPrefix(secret, SecretPrefix)
	if !ok {
		return nil, ErrBadSecret
	}
	key, err := base64.StdEncoding.DecodeString(enc)
	if err != nil || len(key) < 24 || len(key) > 64 {
		return nil, ErrBadSecret
	}
	return key, nil
}

// Sign returns the webhook-signature header value for a message: "v1,"
// and the base64 of HMAC-SHA256 over id.timestamp.body with the secret's key.
func Sign(secret, id string, timestamp int64, body []byte) (string, error) {
	key, err := SecretKey(secret)
	if err != nil {
		return "", err
	}
	return "v1," + base64.StdEncoding.EncodeToString(mac(key, id, timestamp, body)), nil
}

func mac(key []byte, id string, timestamp int64, body []byte) []byte {
	h := hmac.New(sha256.New, key)
	fmt.Fprintf(h, "%s.%s.", id, strconv.FormatInt(timestamp, 10))
	h.Write(body)
	return h.Sum(nil)
}

// Verify checks a webhook-signature header (one or more space-separated
// "v1,<base64>" signatures) against a message, as a receiver would. It
// does not check the timestamp's age: receivers should (see docs/api.md, "Webhooks").
func Verify(secret, id string, timestamp int64, body []byte, header string) bool {
	key, err := SecretKey(secret)
	if err != nil {
		return false
	}
	want := mac(key, id, timestamp, body)
	for sig := range strings.FieldsSeq(header) {
		version, enc, ok := strings.Cut(sig, ",")
		if !ok || version != "v1" {
			continue
		}
		got, err := base64.StdEncoding.DecodeString(enc)
		if err == nil && hmac.Equal(got, want) {
			return true
		}
	}
	return false
}
