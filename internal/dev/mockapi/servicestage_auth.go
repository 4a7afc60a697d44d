package mockapi

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// sdkDateLayout is the layout of X-Sdk-Date.
const sdkDateLayout = "20060102T150405Z"

// sdkMaxSkew is how far X-Sdk-Date may be from the gateway's time.
const sdkMaxSkew = 15 * time.Minute

// signatureFailed starts every reason the gateway gives for a signed request it refuses.
const signatureFailed = "verify aksk signature fail"

// servicestageKey is the secret of an access key and, for a temporary one, its security token.
type servicestageKey struct{ secret, securityToken string }

var servicestageKeys = map[string]servicestageKey{
	ServiceStageAccessKey:     {secret: ServiceStageSecretKey},
	ServiceStageTempAccessKey: {secret: ServiceStageTempSecretKey, securityToken: ServiceStageSecurityToken},
}

// servicestageAuthProblem says why the gateway refuses r for project at now, or "" when it accepts
// it. An X-Auth-Token, when sent, decides alone; otherwise the request must be signed.
func servicestageAuthProblem(r *http.Request, project string, now time.Time) string {
	token := r.Header.Get("X-Auth-Token")
	switch {
	case token == ServiceStageAuthToken:
		return ""
	case token != "":
		return "decrypt token fail"
	case r.Header.Get("Authorization") == "":
		return "x-auth-token not found"
	}
	return signatureProblem(r, project, now)
}

// sdkAuthorization is a parsed `Authorization: SDK-HMAC-SHA256 Access=..., SignedHeaders=...,
// Signature=...` header, the signed header names lower-case and sorted.
type sdkAuthorization struct {
	access, signature string
	signed            []string
}

func parseSDKAuthorization(header string) (sdkAuthorization, bool) {
	rest, ok := strings.CutPrefix(header, "SDK-HMAC-SHA256 ")
	if !ok {
		return sdkAuthorization{}, false
	}
	fields := map[string]string{}
	for part := range strings.SplitSeq(rest, ",") {
		k, v, _ := strings.Cut(strings.TrimSpace(part), "=")
		fields[k] = v
	}
	a := sdkAuthorization{access: fields["Access"], signature: fields["Signature"]}
	for h := range strings.SplitSeq(fields["SignedHeaders"], ";") {
		if h != "" {
			a.signed = append(a.signed, strings.ToLower(h))
		}
	}
	slices.Sort(a.signed)
	return a, a.access != "" && a.signature != "" && len(a.signed) > 0
}

// signatureProblem checks an AK/SK signed request as the gateway does at now: X-Sdk-Date must be
// signed and within 15 minutes, and the signature is checked over exactly the headers SignedHeaders
// lists, each of which must be sent. The official SDK signs X-Project-Id and X-Security-Token, while
// golangsdk (the official Terraform provider's client) adds them after signing: both are accepted,
// but X-Project-Id must name the path's project, and a temporary key must send its security token.
// now is the gateway's time (Options.GatewayNow).
func signatureProblem(r *http.Request, project string, now time.Time) string {
	auth, ok := parseSDKAuthorization(r.Header.Get("Authorization"))
	if !ok {
		return signatureFailed + ", Authorization is not SDK-HMAC-SHA256 Access=..., SignedHeaders=..., Signature=..."
	}
	key, ok := servicestageKeys[auth.access]
	if !ok {
		return fmt.Sprintf("Get secretKey failed,ak:%s,err:ak not exist", auth.access)
	}
	missing := slices.IndexFunc(auth.signed, func(h string) bool { return h != "host" && len(r.Header.Values(h)) == 0 })
	_, queryErr := url.ParseQuery(r.URL.RawQuery)
	twice := len(r.Header.Values("X-Project-Id")) > 1 || len(r.Header.Values("X-Security-Token")) > 1
	date := r.Header.Get("X-Sdk-Date")
	at, dateErr := time.Parse(sdkDateLayout, date)
	projectHeader := r.Header.Get("X-Project-Id")
	switch {
	case !slices.Contains(auth.signed, "x-sdk-date"):
		return signatureFailed + ", x-sdk-date must be signed"
	case missing >= 0:
		return signatureFailed + ", signed header " + auth.signed[missing] + " was not sent"
	case queryErr != nil:
		// What a query parser drops would not be signed.
		return signatureFailed + ", the query string is malformed"
	case twice:
		return signatureFailed + ", X-Project-Id and X-Security-Token must be sent once"
	case dateErr != nil:
		return signatureFailed + ", X-Sdk-Date " + strconv.Quote(date) + " is not of the form " + sdkDateLayout
	case now.Sub(at).Abs() > sdkMaxSkew:
		return fmt.Sprintf("%s, X-Sdk-Date %s is more than %d minutes from the server's time", signatureFailed, date, int(sdkMaxSkew.Minutes()))
	case projectHeader == "":
		return signatureFailed + ", X-Project-Id must be sent"
	case projectHeader != project:
		return signatureFailed + ", X-Project-Id " + projectHeader + " is not the project of the path"
	case key.securityToken != "" && r.Header.Get("X-Security-Token") != key.securityToken:
		return signatureFailed + ", a temporary access key needs its X-Security-Token"
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return signatureFailed + ", body unreadable: " + err.Error()
	}
	r.Body = io.NopCloser(bytes.NewReader(body)) // for the handler
	want := sdkSignature(key.secret, date, sdkCanonicalRequest(r, auth.signed, body))
	if !hmac.Equal([]byte(want), []byte(auth.signature)) {
		return signatureFailed
	}
	return ""
}

// sdkSignature is the hex HMAC-SHA256, keyed with the secret key as it is, of the string to sign.
func sdkSignature(secret, date, canonicalRequest string) string {
	sum := sha256.Sum256([]byte(canonicalRequest))
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte("SDK-HMAC-SHA256\n" + date + "\n" + hex.EncodeToString(sum[:])))
	return hex.EncodeToString(mac.Sum(nil))
}

// sdkCanonicalRequest builds the canonical request of r as received, for the header names signed
// (lower-case, sorted).
func sdkCanonicalRequest(r *http.Request, signed []string, body []byte) string {
	sum := sha256.Sum256(body)
	return strings.Join([]string{
		r.Method,
		sdkCanonicalURI(r.URL.EscapedPath()),
		sdkCanonicalQuery(r.URL.Query()),
		sdkCanonicalHeaders(r, signed),
		strings.Join(signed, ";"),
		hex.EncodeToString(sum[:]),
	}, "\n")
}

// sdkCanonicalURI re-encodes each segment of the path as sent, and ends it with a slash.
func sdkCanonicalURI(escapedPath string) string {
	segments := strings.Split(escapedPath, "/")
	for i, seg := range segments {
		if decoded, err := url.PathUnescape(seg); err == nil {
			seg = decoded
		}
		segments[i] = sdkEscape(seg)
	}
	uri := strings.Join(segments, "/")
	if !strings.HasSuffix(uri, "/") {
		uri += "/"
	}
	return uri
}

// sdkCanonicalQuery sorts keys, and each key's values, and escapes both.
func sdkCanonicalQuery(q url.Values) string {
	var pairs []string
	for _, k := range slices.Sorted(maps.Keys(q)) {
		for _, v := range slices.Sorted(slices.Values(q[k])) {
			pairs = append(pairs, sdkEscape(k)+"="+sdkEscape(v))
		}
	}
	return strings.Join(pairs, "&")
}

// sdkCanonicalHeaders writes a `name:value` line for each value of each signed header, values
// trimmed and sorted. Go keeps Host out of r.Header: r.Host is what the client sent.
func sdkCanonicalHeaders(r *http.Request, signed []string) string {
	var b strings.Builder
	for _, name := range signed {
		values := r.Header.Values(name)
		if name == "host" {
			values = []string{r.Host}
		}
		for _, v := range slices.Sorted(slices.Values(values)) {
			b.WriteString(name + ":" + strings.TrimSpace(v) + "\n")
		}
	}
	return b.String()
}

// sdkEscape percent-encodes every byte but the unreserved A-Z a-z 0-9 - _ . ~, in upper-case hex.
func sdkEscape(s string) string {
	var b strings.Builder
	for i := range len(s) {
		c := s[i]
		if 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || strings.IndexByte("-_.~", c) >= 0 {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}
