package storage

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"
	"github.com/minio/minio-go/v7/pkg/s3utils"
)

// S3Config says where an S3 backend keeps its objects. ParseS3URL builds one
// from the s3:// URL form used by the AKHBAR_MEDIA setting.
type S3Config struct {
	// Endpoint is the server's host[:port], without scheme or path
	// ("s3.eu-central-1.amazonaws.com", "127.0.0.1:8333").
	Endpoint string
	// Bucket is created by NewS3 if it does not exist.
	Bucket string
	// AccessKey and SecretKey are the static credentials to sign requests
	// with (signature v4).
	AccessKey, SecretKey string
	// Region is sent in signatures and used when creating the bucket; empty
	// lets the client ask the server (and "us-east-1" for a new bucket).
	Region string
	// UseTLS selects https. ParseS3URL turns it on unless the URL says
	// tls=false.
	UseTLS bool
	// Prefix, if not empty, is a folder inside the bucket that holds all
	// keys: key K is stored as object PREFIX/K. It follows the same rules as
	// a key (see ValidKey); leading and trailing slashes are ignored.
	Prefix string
}

// String returns the configuration as an s3:// URL with the secret key
// masked, for logs and error messages.
func (c S3Config) String() string {
	u := url.URL{Scheme: "s3", Host: c.Endpoint, Path: "/" + c.Bucket}
	if c.AccessKey != "" {
		u.User = url.UserPassword(c.AccessKey, "xxxxx")
	}
	if p := strings.Trim(c.Prefix, "/"); p != "" {
		u.Path += "/" + p
	}
	q := url.Values{}
	if !c.UseTLS {
		q.Set("tls", "false")
	}
	if c.Region != "" {
		q.Set("region", c.Region)
	}
	u.RawQuery = q.Encode()
	return u.String()
}

// ParseS3URL reads an S3 location written as
//
//	s3://ACCESS:SECRET@host[:port]/bucket[/prefix][?tls=false&region=REGION]
//
// which is the form the AKHBAR_MEDIA setting (and AKHBAR_TEST_S3 in tests)
// takes. Characters of the keys that are special in URLs ('/', '+', '@',
// ':', '%', …) must be percent-encoded. TLS is on unless tls=false (or 0,
// f, no: any strconv.ParseBool false); region defaults to asking the
// server. Errors never repeat the secret key.
func ParseS3URL(s string) (S3Config, error) {
	const form = "s3://ACCESS:SECRET@host:port/bucket[/prefix][?tls=false&region=REGION]"
	fail := func(format string, args ...any) (S3Config, error) {
		return S3Config{}, fmt.Errorf("storage: s3 URL: "+format+" (expected "+form+")", args...)
	}
	if strings.TrimSpace(s) == "" {
		return fail("empty")
	}
	u, err := url.Parse(s)
	if err != nil {
		// url.Error repeats the whole URL, secret included: keep only the cause.
		var uerr *url.Error
		if errors.As(err, &uerr) {
			err = uerr.Err
		}
		return fail("cannot parse: %v", err)
	}
	if !strings.EqualFold(u.Scheme, "s3") {
		if u.Scheme == "" {
			return fail("missing scheme s3://")
		}
		return fail("scheme is %q, not s3", u.Scheme)
	}
	if u.Opaque != "" {
		return fail("missing // after s3:")
	}
	if u.Host == "" {
		return fail("missing host")
	}
	if u.Port() != "" {
		if n, err := strconv.Atoi(u.Port()); err != nil || n < 1 || n > 65535 {
			return fail("port %q is not a number from 1 to 65535", u.Port())
		}
	}
	if u.Fragment != "" {
		return fail("unexpected #fragment")
	}
	cfg := S3Config{Endpoint: u.Host, UseTLS: true}
	if u.User == nil || u.User.Username() == "" {
		return fail("missing access key before '@'")
	}
	cfg.AccessKey = u.User.Username()
	secret, ok := u.User.Password()
	if !ok || secret == "" {
		return fail("missing secret key after %q", cfg.AccessKey+":")
	}
	cfg.SecretKey = secret

	p := strings.TrimPrefix(u.Path, "/")
	bucket, prefix, _ := strings.Cut(p, "/")
	if bucket == "" {
		return fail("missing bucket name after the host")
	}
	if err := s3utils.CheckValidBucketNameStrict(bucket); err != nil {
		return fail("bucket name %q: %v", bucket, err)
	}
	cfg.Bucket = bucket
	prefix = strings.Trim(prefix, "/")
	if prefix != "" {
		if err := ValidKey(prefix); err != nil {
			return fail("prefix %q: %v", prefix, strings.TrimPrefix(err.Error(), "storage: "))
		}
		cfg.Prefix = prefix
	}

	q, err := url.ParseQuery(u.RawQuery)
	if err != nil {
		return fail("query: %v", err)
	}
	for name, vals := range q {
		if len(vals) != 1 {
			return fail("%s given %d times", name, len(vals))
		}
		v := vals[0]
		switch name {
		case "tls":
			b, err := strconv.ParseBool(v)
			if err != nil {
				return fail("tls=%q is not true or false", v)
			}
			cfg.UseTLS = b
		case "region":
			if v == "" {
				return fail("region is empty")
			}
			cfg.Region = v
		default:
			return fail("unknown parameter %q (known: tls, region)", name)
		}
	}
	return cfg, nil
}

// S3 keeps objects in a bucket of an S3-compatible server, through
// github.com/minio/minio-go/v7 (Apache-2.0; the client library only, not
// MinIO's server). Requests use path-style addressing
// (http://host/bucket/key), which every S3-compatible server understands
// and which needs no wildcard DNS. Each object is stored with its content
// type and Cache-Control: CacheControl, so a CDN or browser fetching it
// straight from the bucket caches it for a year.
type S3 struct {
	client *minio.Client
	cfg    S3Config
	prefix string // "" or "folder/"
}

var _ Storage = (*S3)(nil)

// NewS3 connects to the server in cfg and creates the bucket if it does not
// exist. It fails (within ctx's deadline) when the server cannot be reached
// or refuses the credentials, so a misconfigured AKHBAR_MEDIA stops the
// program at start-up rather than at the first upload.
func NewS3(ctx context.Context, cfg S3Config) (*S3, error) {
	switch {
	case cfg.Endpoint == "":
		return nil, errors.New("storage: s3: endpoint is empty")
	case strings.Contains(cfg.Endpoint, "/"):
		return nil, fmt.Errorf("storage: s3: endpoint %q must be host[:port], without scheme or path", cfg.Endpoint)
	case cfg.AccessKey == "" || cfg.SecretKey == "":
		return nil, errors.New("storage: s3: access key and secret key are required")
	}
	if err := s3utils.CheckValidBucketNameStrict(cfg.Bucket); err != nil {
		return nil, fmt.Errorf("storage: s3: bucket name %q: %w", cfg.Bucket, err)
	}
	prefix := strings.Trim(cfg.Prefix, "/")
	if prefix != "" {
		if err := ValidKey(prefix); err != nil {
			return nil, fmt.Errorf("storage: s3: prefix: %w", err)
		}
		prefix += "/"
	}
	client, err := minio.New(cfg.Endpoint, &minio.Options{
		Creds:        credentials.NewStaticV4(cfg.AccessKey, cfg.SecretKey, ""),
		Secure:       cfg.UseTLS,
		Region:       cfg.Region,
		BucketLookup: minio.BucketLookupPath,
		MaxRetries:   3,
	})
	if err != nil {
		return nil, fmt.Errorf("storage: s3 %s: %w", cfg, err)
	}
	s := &S3{client: client, cfg: cfg, prefix: prefix}
	exists, err := client.BucketExists(ctx, cfg.Bucket)
	if err != nil {
		return nil, fmt.Errorf("storage: s3 %s: cannot check bucket %q: %w", cfg, cfg.Bucket, err)
	}
	if !exists {
		err := client.MakeBucket(ctx, cfg.Bucket, minio.MakeBucketOptions{Region: cfg.Region})
		if err != nil {
			// Another process may have created it in between.
			if code := minio.ToErrorResponse(err).Code; code != "BucketAlreadyOwnedByYou" && code != "BucketAlreadyExists" {
				return nil, fmt.Errorf("storage: s3 %s: cannot create bucket %q: %w", cfg, cfg.Bucket, err)
			}
		}
	}
	return s, nil
}

// Config returns the configuration the backend was made with.
func (s *S3) Config() S3Config { return s.cfg }

func (s *S3) object(key string) string { return s.prefix + key }

// Put implements Storage. S3 PUTs are atomic: readers never see part of an
// object.
func (s *S3) Put(ctx context.Context, key string, data []byte, contentType string) error {
	if err := ValidKey(key); err != nil {
		return err
	}
	if contentType == "" {
		contentType = defaultContentType
	}
	if err := checkContentType(contentType); err != nil {
		return err
	}
	_, err := s.client.PutObject(ctx, s.cfg.Bucket, s.object(key), bytes.NewReader(data), int64(len(data)),
		minio.PutObjectOptions{ContentType: contentType, CacheControl: CacheControl})
	if err != nil {
		return fmt.Errorf("storage: put %q: %w", key, err)
	}
	return nil
}

// Get implements Storage. The object's body is streamed: the reader holds
// an HTTP response open until it is closed.
func (s *S3) Get(ctx context.Context, key string) (io.ReadCloser, Info, error) {
	if err := ValidKey(key); err != nil {
		return nil, Info{}, err
	}
	obj, err := s.client.GetObject(ctx, s.cfg.Bucket, s.object(key), minio.GetObjectOptions{})
	if err != nil {
		return nil, Info{}, s.mapErr("get", key, err)
	}
	// Stat sends the GET and reads the response headers.
	oi, err := obj.Stat()
	if err != nil {
		obj.Close()
		return nil, Info{}, s.mapErr("get", key, err)
	}
	return obj, infoOf(oi), nil
}

// Stat implements Storage.
func (s *S3) Stat(ctx context.Context, key string) (Info, error) {
	if err := ValidKey(key); err != nil {
		return Info{}, err
	}
	oi, err := s.client.StatObject(ctx, s.cfg.Bucket, s.object(key), minio.StatObjectOptions{})
	if err != nil {
		return Info{}, s.mapErr("stat", key, err)
	}
	return infoOf(oi), nil
}

// Delete implements Storage. S3 answers a delete of a missing object with
// success too; a NoSuchKey answer from a less faithful server is ignored.
func (s *S3) Delete(ctx context.Context, key string) error {
	if err := ValidKey(key); err != nil {
		return err
	}
	err := s.client.RemoveObject(ctx, s.cfg.Bucket, s.object(key), minio.RemoveObjectOptions{})
	if err != nil && !isNoSuchKey(err) {
		return fmt.Errorf("storage: delete %q: %w", key, err)
	}
	return nil
}

func (s *S3) mapErr(op, key string, err error) error {
	if isNoSuchKey(err) {
		return fmt.Errorf("storage: %s %q: %w", op, key, ErrNotFound)
	}
	return fmt.Errorf("storage: %s %q: %w", op, key, err)
}

// isNoSuchKey tells a missing object from other failures. A missing bucket
// is not ErrNotFound: it is a configuration error that must show.
func isNoSuchKey(err error) bool {
	r := minio.ToErrorResponse(err)
	return r.Code == "NoSuchKey" || (r.StatusCode == http.StatusNotFound && r.Code != "NoSuchBucket")
}

func infoOf(oi minio.ObjectInfo) Info {
	ct := oi.ContentType
	if ct == "" {
		ct = defaultContentType
	}
	return Info{Size: oi.Size, ContentType: ct, ModTime: oi.LastModified}
}

// Object is one object found by List.
type Object struct {
	Key  string // without the backend's prefix
	Size int64
	ETag string // the server's entity tag (for single-part uploads, the hex MD5 of the bytes)
}

// List calls fn for every object whose key starts with prefix ("" for
// all), in key order, until fn returns an error (which List returns).
// Backups use it for the manifest of the media they do not copy, and
// for the retention of backups kept in a bucket.
func (s *S3) List(ctx context.Context, prefix string, fn func(Object) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel() // stops the lister's goroutine when fn fails
	for oi := range s.client.ListObjects(ctx, s.cfg.Bucket, minio.ListObjectsOptions{Prefix: s.prefix + prefix, Recursive: true}) {
		if oi.Err != nil {
			return fmt.Errorf("storage: list %s: %w", s.cfg, oi.Err)
		}
		if err := fn(Object{Key: strings.TrimPrefix(oi.Key, s.prefix), Size: oi.Size, ETag: strings.Trim(oi.ETag, `"`)}); err != nil {
			return err
		}
	}
	return nil
}

// PutReader stores size bytes read from r under key, streamed (in parts
// for large objects) rather than held in memory: Put for files too big
// to hold, such as backup archives.
func (s *S3) PutReader(ctx context.Context, key string, r io.Reader, size int64, contentType string) error {
	if err := ValidKey(key); err != nil {
		return err
	}
	if err := checkContentType(contentType); err != nil {
		return err
	}
	_, err := s.client.PutObject(ctx, s.cfg.Bucket, s.object(key), r, size, minio.PutObjectOptions{ContentType: contentType})
	if err != nil {
		return fmt.Errorf("storage: put %q: %w", key, err)
	}
	return nil
}
