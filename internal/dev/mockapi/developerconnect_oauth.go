package mockapi

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"
)

// jwtBearerGrant is the grant of a service account's signed assertion (RFC 7523).
const jwtBearerGrant = "urn:ietf:params:oauth:grant-type:jwt-bearer"

// cloudPlatformScope is the OAuth scope Developer Connect needs.
const cloudPlatformScope = "https://www.googleapis.com/auth/cloud-platform"

// Bounds on an assertion's iat and exp. They are checked against real time, not the mock's clock:
// clients sign with real time, while tests fix the mock's clock in the past.
const (
	assertionMaxLifetime = time.Hour
	assertionMaxSkew     = 5 * time.Minute
)

// accessTokenSeconds is the expires_in of a minted access token: Google's hour, less the second spent.
const accessTokenSeconds = 3599

// serviceAccountKey is the mock service account's RSA key. It is made once per process, so that tests
// starting many mocks stay fast, and in memory, so that no secret is committed.
var serviceAccountKey = sync.OnceValue(func() *rsa.PrivateKey {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		panic("mockapi: generating the service account key: " + err.Error())
	}
	return key
})

// serviceAccountKeyID is the key's private_key_id, 40 hex digits like Google's, taken from the
// SHA-256 of its public half.
func serviceAccountKeyID() string {
	sum := sha256.Sum256(x509.MarshalPKCS1PublicKey(&serviceAccountKey().PublicKey))
	return hex.EncodeToString(sum[:20])
}

// serviceAccountFile is a service account key file, its fields in the order Google's console writes them.
type serviceAccountFile struct {
	Type                    string `json:"type"`
	ProjectID               string `json:"project_id"`
	PrivateKeyID            string `json:"private_key_id"`
	PrivateKey              string `json:"private_key"`
	ClientEmail             string `json:"client_email"`
	ClientID                string `json:"client_id"`
	AuthURI                 string `json:"auth_uri"`
	TokenURI                string `json:"token_uri"`
	AuthProviderX509CertURL string `json:"auth_provider_x509_cert_url"`
	ClientX509CertURL       string `json:"client_x509_cert_url"`
	UniverseDomain          string `json:"universe_domain"`
}

// DeveloperConnectServiceAccountJSON returns a key file of DeveloperConnectServiceAccount as Google's
// console writes it, with tokenURI as its token_uri: the mock's URL followed by
// /developerconnect/token, for clients to get their access tokens from the mock.
func (s *Server) DeveloperConnectServiceAccountJSON(tokenURI string) []byte {
	der, err := x509.MarshalPKCS8PrivateKey(serviceAccountKey())
	if err != nil {
		panic("mockapi: encoding the service account key: " + err.Error())
	}
	out, err := json.MarshalIndent(serviceAccountFile{
		Type:                    "service_account",
		ProjectID:               "demo",
		PrivateKeyID:            serviceAccountKeyID(),
		PrivateKey:              string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})),
		ClientEmail:             DeveloperConnectServiceAccount,
		ClientID:                "100000000000000000001",
		AuthURI:                 "https://accounts.google.com/o/oauth2/auth",
		TokenURI:                tokenURI,
		AuthProviderX509CertURL: "https://www.googleapis.com/oauth2/v1/certs",
		ClientX509CertURL:       "https://www.googleapis.com/robot/v1/metadata/x509/" + url.QueryEscape(DeveloperConnectServiceAccount),
		UniverseDomain:          "googleapis.com",
	}, "", "  ")
	if err != nil {
		panic("mockapi: encoding the service account file: " + err.Error())
	}
	return append(out, '\n')
}

// developerconnectOAuthToken serves the token endpoint: a service account's signed assertion in, an
// access token out. Only the JWT bearer grant is served, the one a key file uses.
func (s *Server) developerconnectOAuthToken(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		oauthFail(w, http.StatusBadRequest, "invalid_request", err.Error())
		return
	}
	if grant := r.PostForm.Get("grant_type"); grant != jwtBearerGrant {
		oauthFail(w, http.StatusBadRequest, "unsupported_grant_type", "Invalid grant_type: "+grant)
		return
	}
	assertion := r.PostForm.Get("assertion")
	if assertion == "" {
		oauthFail(w, http.StatusBadRequest, "invalid_request", "Missing required parameter: assertion")
		return
	}
	s.mu.Lock()
	s.developerconnect.assertions = append(s.developerconnect.assertions, assertion)
	s.mu.Unlock()
	if code, problem := assertionProblem(assertion, r, time.Now()); problem != "" {
		oauthFail(w, http.StatusBadRequest, code, problem)
		return
	}
	token := "ya29.mock-" + randomHex(32)
	s.mu.Lock()
	s.developerconnect.accessTokens = append(s.developerconnect.accessTokens, token)
	s.mu.Unlock()
	writeJSONType(w, googleJSONType, http.StatusOK, struct {
		AccessToken string `json:"access_token"`
		ExpiresIn   int    `json:"expires_in"`
		TokenType   string `json:"token_type"`
	}{token, accessTokenSeconds, "Bearer"})
}

// oauthFail writes the token endpoint's error body (RFC 6749, section 5.2).
func oauthFail(w http.ResponseWriter, status int, code, description string) {
	writeJSONType(w, googleJSONType, status, map[string]string{"error": code, "error_description": description})
}

// oauthError writes the token endpoint's answer to an injected fault: an RFC 6749 error, or for 502
// the HTML page of Google's front end.
func oauthError(w http.ResponseWriter, status int, message string) {
	code := "invalid_request"
	switch {
	case status == http.StatusBadGateway:
		developerconnectError(w, status, message)
		return
	case status == http.StatusUnauthorized:
		code = "invalid_client"
	case status == http.StatusTooManyRequests || status == http.StatusServiceUnavailable:
		code = "temporarily_unavailable"
	case status >= 500:
		code = "server_error"
	}
	oauthFail(w, status, code, message)
}

// assertionHeader and assertionClaims are the parts of a JWT assertion the token endpoint reads.
type assertionHeader struct {
	Alg string `json:"alg"`
	Kid string `json:"kid"`
}

type assertionClaims struct {
	Iss   string `json:"iss"`
	Scope string `json:"scope"`
	Aud   string `json:"aud"`
	Iat   int64  `json:"iat"`
	Exp   int64  `json:"exp"`
}

// assertionProblem checks a signed assertion, as Google does, against the request that carries it and
// real time now. It returns the OAuth error code and Google's description of the first check that
// fails, or "" for both. Google finds the key by the issuer, so an unknown issuer is told apart from
// a bad signature, and a key ID, when given, must name the key.
func assertionProblem(assertion string, r *http.Request, now time.Time) (code, description string) {
	const badSignature = "Invalid JWT Signature."
	var header assertionHeader
	var claims assertionClaims
	parts := strings.Split(assertion, ".")
	if len(parts) != 3 || decodeJWTPart(parts[0], &header) != nil || decodeJWTPart(parts[1], &claims) != nil {
		return "invalid_grant", badSignature
	}
	if claims.Iss != DeveloperConnectServiceAccount {
		return "invalid_grant", "Invalid grant: account not found"
	}
	if header.Alg != "RS256" || header.Kid != "" && header.Kid != serviceAccountKeyID() || !signedByServiceAccount(parts) {
		return "invalid_grant", badSignature
	}
	// The audience is the token endpoint as the client reached it; the scheme is not compared, as a
	// proxy in front of the mock may end TLS.
	if aud, err := url.Parse(claims.Aud); err != nil || aud.Host != r.Host || aud.Path != r.URL.Path {
		right := url.URL{Scheme: "http", Host: r.Host, Path: r.URL.Path}
		if r.TLS != nil {
			right.Scheme = "https"
		}
		return "invalid_grant", "Invalid JWT: Failed audience check. The right audience is " + right.String()
	}
	iat, exp := time.Unix(claims.Iat, 0), time.Unix(claims.Exp, 0)
	if exp.Before(iat) || exp.Sub(iat) > assertionMaxLifetime ||
		iat.After(now.Add(assertionMaxSkew)) || exp.Before(now.Add(-assertionMaxSkew)) {
		return "invalid_grant", "Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. " +
			"Check your iat and exp values in the JWT claim."
	}
	if !slices.Contains(strings.Fields(claims.Scope), cloudPlatformScope) {
		return "invalid_scope", "Invalid OAuth scope or ID token audience provided."
	}
	return "", ""
}

// decodeJWTPart decodes a JWT's header or claims into v.
func decodeJWTPart(part string, v any) error {
	raw, err := base64.RawURLEncoding.DecodeString(part)
	if err != nil {
		return err
	}
	return json.Unmarshal(raw, v)
}

// signedByServiceAccount reports whether the JWT's RS256 signature is the mock service account's.
func signedByServiceAccount(parts []string) bool {
	sig, err := base64.RawURLEncoding.DecodeString(parts[2])
	sum := sha256.Sum256([]byte(parts[0] + "." + parts[1]))
	return err == nil && rsa.VerifyPKCS1v15(&serviceAccountKey().PublicKey, crypto.SHA256, sum[:], sig) == nil
}

// DeveloperConnectAccessTokens returns the OAuth access tokens the token endpoint minted, in order:
// secrets, for tests that look for leaks.
func (s *Server) DeveloperConnectAccessTokens() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.developerconnect.accessTokens)
}

// DeveloperConnectAssertions returns the signed JWT assertions the token endpoint received, which
// are credentials too until they expire: tests check that no log holds them.
func (s *Server) DeveloperConnectAssertions() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.developerconnect.assertions)
}
