// Package signer signs HTTP requests for Huawei Cloud APIs with an access key and secret key
// (SDK-HMAC-SHA256, the APIG "AK/SK" scheme). It is our own, on the standard library: the official
// SDK is a 250 MiB module, and ServiceStage needs three calls.
package signer

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"time"
)

// Algorithm names the scheme in the Authorization header.
const Algorithm = "SDK-HMAC-SHA256"

// DateHeader carries the signing time, which the gateway requires within about 15 minutes of its own.
const DateHeader = "X-Sdk-Date"

// DateLayout is X-Sdk-Date's format, always UTC.
const DateLayout = "20060102T150405Z"

// signed are the headers signed when the request carries them, as the official SDK signs them: every
// header it sends but Host and Content-Type. The gateway needs X-Sdk-Date signed, and checks the
// signature over whatever SignedHeaders lists.
var signed = []string{DateHeader, "X-Project-Id", "X-Security-Token"}

// Key is an access key and its secret.
type Key struct {
	AccessKey string
	SecretKey string
}

// Sign sets X-Sdk-Date to at and the Authorization header on req. It reads the body through
// req.GetBody, so the body sent stays intact.
func (k Key) Sign(req *http.Request, at time.Time) error {
	req.Header.Set(DateHeader, at.UTC().Format(DateLayout))
	headers := signedHeaders(req)
	bodyHash, err := hashBody(req)
	if err != nil {
		return err
	}
	canonical := CanonicalRequest(req, headers, bodyHash)
	signature := k.Signature(StringToSign(req.Header.Get(DateHeader), canonical))
	req.Header.Set("Authorization", fmt.Sprintf("%s Access=%s, SignedHeaders=%s, Signature=%s",
		Algorithm, k.AccessKey, strings.Join(headers, ";"), signature))
	return nil
}

// Signature is the hex HMAC-SHA256 of stringToSign keyed with the secret key as it is.
func (k Key) Signature(stringToSign string) string {
	mac := hmac.New(sha256.New, []byte(k.SecretKey))
	mac.Write([]byte(stringToSign))
	return hex.EncodeToString(mac.Sum(nil))
}

// StringToSign is the algorithm, the date and the hex SHA-256 of the canonical request.
func StringToSign(date, canonicalRequest string) string {
	return Algorithm + "\n" + date + "\n" + hexHash([]byte(canonicalRequest))
}

// CanonicalRequest builds the canonical form of req over the lower-case header names given, with
// the body's hex SHA-256.
func CanonicalRequest(req *http.Request, headers []string, bodyHash string) string {
	var b strings.Builder
	b.WriteString(req.Method + "\n")
	b.WriteString(canonicalURI(req.URL.EscapedPath()) + "\n")
	b.WriteString(canonicalQuery(req) + "\n")
	for _, h := range headers {
		b.WriteString(h + ":" + strings.TrimSpace(headerValue(req, h)) + "\n")
	}
	b.WriteString("\n" + strings.Join(headers, ";") + "\n")
	b.WriteString(bodyHash)
	return b.String()
}

// signedHeaders lists those of signed that req carries, lower-case and sorted.
func signedHeaders(req *http.Request) []string {
	var out []string
	for _, h := range signed {
		if req.Header.Get(h) != "" {
			out = append(out, strings.ToLower(h))
		}
	}
	sort.Strings(out)
	return out
}

// headerValue is the value of the header name as sent. Go keeps Host out of req.Header.
func headerValue(req *http.Request, name string) string {
	if name == "host" {
		if req.Host != "" {
			return req.Host
		}
		return req.URL.Host
	}
	return strings.Join(req.Header.Values(name), ",")
}

// canonicalURI escapes each path segment and ends the path with a slash.
func canonicalURI(escapedPath string) string {
	segments := strings.Split(escapedPath, "/")
	for i, s := range segments {
		segments[i] = escape(unescape(s))
	}
	uri := strings.Join(segments, "/")
	if !strings.HasSuffix(uri, "/") {
		uri += "/"
	}
	return uri
}

// canonicalQuery sorts the keys, and each key's values, escaping both.
func canonicalQuery(req *http.Request) string {
	query := req.URL.Query()
	keys := make([]string, 0, len(query))
	for k := range query {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var parts []string
	for _, k := range keys {
		values := append([]string(nil), query[k]...)
		sort.Strings(values)
		for _, v := range values {
			parts = append(parts, escape(k)+"="+escape(v))
		}
	}
	return strings.Join(parts, "&")
}

// escape percent-encodes every byte but the unreserved ones, in upper-case hex.
func escape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if unreserved(c) {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}

func unreserved(c byte) bool {
	return 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || strings.IndexByte("-_.~", c) >= 0
}

// unescape decodes a path segment; a malformed one is kept as it is, and then escaped.
func unescape(s string) string {
	if u, err := url.PathUnescape(s); err == nil {
		return u
	}
	return s
}

func hashBody(req *http.Request) (string, error) {
	if req.Body == nil || req.Body == http.NoBody {
		return hexHash(nil), nil
	}
	if req.GetBody == nil {
		return "", fmt.Errorf("cannot sign a %s request whose body cannot be read twice", req.Method)
	}
	body, err := req.GetBody()
	if err != nil {
		return "", err
	}
	defer func() { _ = body.Close() }()
	data, err := io.ReadAll(body)
	if err != nil {
		return "", err
	}
	return hexHash(data), nil
}

func hexHash(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}
