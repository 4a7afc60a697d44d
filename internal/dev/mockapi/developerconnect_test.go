package mockapi_test

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/google"
	"golang.org/x/oauth2/jwt"
	"google.golang.org/api/developerconnect/v1"
	"google.golang.org/api/googleapi"
	"google.golang.org/api/option"

	"github.com/gitauth-dev/terraform-provider-gitauth/internal/dev/mockapi"
)

// dcScope is the scope the provider asks for.
const dcScope = "https://www.googleapis.com/auth/cloud-platform"

// dcNow is the mock's clock in these tests: not in UTC, and with nanoseconds, so that the expiry
// formats show what they do with both.
var dcNow = today.Add(123456789 * time.Nanosecond).In(time.FixedZone("CET", 3600))

// startDeveloperConnect returns a mock on dcNow and its URL.
func startDeveloperConnect(t *testing.T) (*mockapi.Server, string) {
	t.Helper()
	m := mockapi.New(mockapi.Options{Now: func() time.Time { return dcNow }})
	srv := httptest.NewServer(m)
	t.Cleanup(srv.Close)
	return m, srv.URL
}

// dcLinks is the official client's service for links, against the mock at url, sending through hc.
func dcLinks(t *testing.T, url string, hc *http.Client) *developerconnect.ProjectsLocationsConnectionsGitRepositoryLinksService {
	t.Helper()
	svc, err := developerconnect.NewService(t.Context(), option.WithEndpoint(url+"/developerconnect/"), option.WithHTTPClient(hc))
	if err != nil {
		t.Fatal(err)
	}
	return svc.Projects.Locations.Connections.GitRepositoryLinks
}

// bearer is an HTTP client that sends token as its Bearer token.
func bearer(t *testing.T, token string) *http.Client {
	return oauth2.NewClient(t.Context(), oauth2.StaticTokenSource(&oauth2.Token{AccessToken: token}))
}

// fetch calls :fetchReadToken, or :fetchReadWriteToken, with the official client.
func fetch(t *testing.T, links *developerconnect.ProjectsLocationsConnectionsGitRepositoryLinksService,
	link string, readWrite bool) (*developerconnect.FetchReadTokenResponse, error) {
	t.Helper()
	if !readWrite {
		return links.FetchReadToken(link, &developerconnect.FetchReadTokenRequest{}).Context(t.Context()).Do()
	}
	rw, err := links.FetchReadWriteToken(link, &developerconnect.FetchReadWriteTokenRequest{}).Context(t.Context()).Do()
	if err != nil {
		return nil, err
	}
	return &developerconnect.FetchReadTokenResponse{Token: rw.Token, ExpirationTime: rw.ExpirationTime,
		GitUsername: rw.GitUsername, ServerResponse: rw.ServerResponse}, nil
}

// apiError is err as the official client reports an error answer.
func apiError(t *testing.T, err error) *googleapi.Error {
	t.Helper()
	var e *googleapi.Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v is not a *googleapi.Error", err)
	}
	return e
}

func TestDeveloperConnectFetchesEachSeededLink(t *testing.T) {
	t.Parallel()
	m, url := startDeveloperConnect(t)
	links := dcLinks(t, url, bearer(t, mockapi.DeveloperConnectToken))
	for _, want := range []struct {
		link, user, expiry string
		token              *regexp.Regexp
	}{
		{mockapi.DeveloperConnectGitHubLink, "x-access-token", "2026-03-10T13:00:00.123456789Z", regexp.MustCompile(`^ghs_[0-9a-f]{36}$`)},
		{mockapi.DeveloperConnectGitLabLink, "oauth2", "2026-03-10T13:00:00+00:00", regexp.MustCompile(`^glpat-[0-9a-f]{20}$`)},
		{mockapi.DeveloperConnectBitbucketLink, "x-token-auth", "", regexp.MustCompile(`^ATCTT3xFfGN0[0-9a-f]{64}$`)},
	} {
		for _, readWrite := range []bool{false, true} {
			got, err := fetch(t, links, want.link, readWrite)
			if err != nil {
				t.Fatalf("%s (read-write %v): %v", want.link, readWrite, err)
			}
			if got.GitUsername != want.user || got.ExpirationTime != want.expiry || !want.token.MatchString(got.Token) {
				t.Errorf("%s (read-write %v): %+v", want.link, readWrite, got)
			}
			if got.HTTPStatusCode != 200 || got.Header.Get("Content-Type") != "application/json; charset=UTF-8" {
				t.Errorf("%s: status %d, Content-Type %q", want.link, got.HTTPStatusCode, got.Header.Get("Content-Type"))
			}
			if at, err := time.Parse(time.RFC3339Nano, got.ExpirationTime); want.expiry != "" &&
				(err != nil || !at.Equal(dcNow.Add(time.Hour).Truncate(expiryPrecision(want.expiry)))) {
				t.Errorf("%s: expirationTime %q is not an hour after the mock's clock: %v", want.link, got.ExpirationTime, err)
			}
			issued := m.DeveloperConnectIssued()
			last := issued[len(issued)-1]
			if last != (mockapi.DeveloperConnectIssuedToken{Link: want.link, Token: got.Token, GitUsername: want.user,
				ExpirationTime: want.expiry, ReadWrite: readWrite}) {
				t.Errorf("recorded %+v for %+v", last, got)
			}
		}
	}
	if n := len(m.DeveloperConnectIssued()); n != 6 {
		t.Errorf("%d tokens recorded, want 6", n)
	}
	if n := m.Calls(mockapi.RouteDeveloperConnectFetch); n != 6 {
		t.Errorf("Calls = %d, want 6", n)
	}
}

// expiryPrecision is what the expiry's text keeps of the time: nanoseconds with a fraction, seconds without.
func expiryPrecision(expiry string) time.Duration {
	if strings.Contains(expiry, ".") {
		return time.Nanosecond
	}
	return time.Second
}

// dcDo sends a request with token as its Bearer token, if any, and returns the status, the
// Content-Type and the body.
func dcDo(t *testing.T, method, url, token, body string) (int, string, string) {
	t.Helper()
	req, _ := http.NewRequest(method, url, strings.NewReader(body))
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = resp.Body.Close() }()
	raw, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header.Get("Content-Type"), string(raw)
}

// A token that does not expire comes without expirationTime, as Google leaves out empty fields; the
// body may also be empty, and the custom method is found after the last colon only.
func TestDeveloperConnectWire(t *testing.T) {
	t.Parallel()
	_, base := startDeveloperConnect(t)
	v1 := base + "/developerconnect/v1/"
	status, _, body := dcDo(t, "POST", v1+mockapi.DeveloperConnectBitbucketLink+":fetchReadToken?alt=json&prettyPrint=false",
		mockapi.DeveloperConnectToken, "")
	var fields map[string]any
	_ = json.Unmarshal([]byte(body), &fields)
	if _, has := fields["expirationTime"]; status != 200 || has || fields["gitUsername"] != "x-token-auth" {
		t.Errorf("Bitbucket: %d %s", status, body)
	}
	for _, c := range []struct {
		path, body string
		status     int
		answer     string
	}{
		{mockapi.DeveloperConnectGitHubLink + ":fetchReadToken", " {} ", 200, `"gitUsername":"x-access-token"`},
		{mockapi.DeveloperConnectGitHubLink + ":fetchReadToken", `{"token":"x"}`, 400,
			`"message":"Invalid JSON payload received. Unknown name \"token\": Cannot find field."`},
		{mockapi.DeveloperConnectGitHubLink + ":fetchReadToken", `[`, 400, `"status":"INVALID_ARGUMENT"`},
		{mockapi.DeveloperConnectGitHubLink + ":fetchToken", "{}", 404, "The requested URL <code>/developerconnect/v1/" +
			mockapi.DeveloperConnectGitHubLink + ":fetchToken</code> was not found on this server."},
		{mockapi.DeveloperConnectGitHubLink, "{}", 404, "That’s an error."},
		{"projects/demo/locations/us-central1/connections/github/gitRepositoryLinks/a:b:fetchReadToken", "{}", 404,
			`"message":"Resource 'projects/demo/locations/us-central1/connections/github/gitRepositoryLinks/a:b' was not found"`},
		{"projects/demo:fetchReadToken", "{}", 404, "was not found on this server."},
	} {
		status, contentType, body := dcDo(t, "POST", v1+c.path, mockapi.DeveloperConnectToken, c.body)
		if status != c.status || !strings.Contains(body, c.answer) {
			t.Errorf("POST %s %s: %d %s", c.path, c.body, status, body)
		}
		if wantType := "application/json; charset=UTF-8"; strings.HasPrefix(body, "<") {
			if contentType != "text/html; charset=UTF-8" {
				t.Errorf("POST %s: HTML page as %q", c.path, contentType)
			}
		} else if contentType != wantType {
			t.Errorf("POST %s: Content-Type %q", c.path, contentType)
		}
	}
}

func TestDeveloperConnectRefusals(t *testing.T) {
	t.Parallel()
	m, url := startDeveloperConnect(t)
	unknown := "projects/demo/locations/us-central1/connections/github/gitRepositoryLinks/other"
	for _, c := range []struct {
		client    *http.Client
		link      string
		readWrite bool
		code      int
		message   string
		reason    string
	}{
		{http.DefaultClient, mockapi.DeveloperConnectGitHubLink, false, 401,
			"Request is missing required authentication credential. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.",
			"CREDENTIALS_MISSING"},
		{bearer(t, "ya29.forged"), unknown, false, 401,
			"Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.",
			"ACCESS_TOKEN_TYPE_UNSUPPORTED"},
		{bearer(t, mockapi.DeveloperConnectTokenNoIAM), mockapi.DeveloperConnectGitLabLink, false, 403,
			"Permission 'developerconnect.gitRepositoryLinks.fetchReadToken' denied on resource '//developerconnect.googleapis.com/" +
				mockapi.DeveloperConnectGitLabLink + "' (or it may not exist).", "IAM_PERMISSION_DENIED"},
		{bearer(t, mockapi.DeveloperConnectTokenNoIAM), unknown, true, 403,
			"Permission 'developerconnect.gitRepositoryLinks.fetchReadWriteToken' denied on resource '//developerconnect.googleapis.com/" +
				unknown + "' (or it may not exist).", "IAM_PERMISSION_DENIED"},
		{bearer(t, mockapi.DeveloperConnectToken), unknown, false, 404, "Resource '" + unknown + "' was not found", ""},
	} {
		_, err := fetch(t, dcLinks(t, url, c.client), c.link, c.readWrite)
		e := apiError(t, err)
		if e.Code != c.code || e.Message != c.message {
			t.Errorf("%s: %d %q, want %d %q", c.link, e.Code, e.Message, c.code, c.message)
		}
		var body struct {
			Error struct {
				Status  string
				Details []struct{ Reason string }
			}
		}
		_ = json.Unmarshal([]byte(e.Body), &body)
		var reason string
		if len(body.Error.Details) > 0 {
			reason = body.Error.Details[0].Reason
		}
		if want := map[int]string{401: "UNAUTHENTICATED", 403: "PERMISSION_DENIED", 404: "NOT_FOUND"}[c.code]; body.Error.Status != want || reason != c.reason {
			t.Errorf("%s: status %q and reason %q in %s", c.link, body.Error.Status, reason, e.Body)
		}
	}
	if issued := m.DeveloperConnectIssued(); len(issued) != 0 {
		t.Errorf("refused calls issued %+v", issued)
	}
}

// The key file works unchanged with both of Google's Go auth libraries: x/oauth2/google, and
// cloud.google.com/go/auth under the API client's own options.
func TestDeveloperConnectServiceAccount(t *testing.T) {
	t.Parallel()
	m, url := startDeveloperConnect(t)
	key := m.DeveloperConnectServiceAccountJSON(url + "/developerconnect/token")
	creds, err := google.CredentialsFromJSONWithType(t.Context(), key, google.ServiceAccount, dcScope)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fetch(t, dcLinks(t, url, oauth2.NewClient(t.Context(), creds.TokenSource)), mockapi.DeveloperConnectGitHubLink, false); err != nil {
		t.Fatal(err)
	}
	minted, _ := creds.TokenSource.Token()
	if got := m.DeveloperConnectAccessTokens(); len(got) != 1 || got[0] != minted.AccessToken ||
		!strings.HasPrefix(minted.AccessToken, "ya29.mock-") || minted.TokenType != "Bearer" ||
		time.Until(minted.Expiry) < 59*time.Minute {
		t.Errorf("minted %v, listed %v", minted, got)
	}

	svc, err := developerconnect.NewService(t.Context(), option.WithEndpoint(url+"/developerconnect/"),
		option.WithAuthCredentialsJSON(option.ServiceAccount, key), option.WithScopes(dcScope))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Projects.Locations.Connections.GitRepositoryLinks.FetchReadWriteToken(mockapi.DeveloperConnectGitLabLink,
		&developerconnect.FetchReadWriteTokenRequest{}).Context(t.Context()).Do(); err != nil {
		t.Fatal(err)
	}
	if n := m.Calls(mockapi.RouteDeveloperConnectOAuthToken); n != 2 || len(m.DeveloperConnectAccessTokens()) != 2 {
		t.Errorf("token endpoint called %d times, minted %v", n, m.DeveloperConnectAccessTokens())
	}
}

func TestDeveloperConnectServiceAccountKeyFile(t *testing.T) {
	t.Parallel()
	m, _ := startDeveloperConnect(t)
	var f map[string]string
	if err := json.Unmarshal(m.DeveloperConnectServiceAccountJSON("https://oauth2.example/token"), &f); err != nil {
		t.Fatal(err)
	}
	block, _ := pem.Decode([]byte(f["private_key"]))
	if f["type"] != "service_account" || f["project_id"] != "demo" || f["client_email"] != mockapi.DeveloperConnectServiceAccount ||
		f["token_uri"] != "https://oauth2.example/token" || !regexp.MustCompile(`^[0-9a-f]{40}$`).MatchString(f["private_key_id"]) ||
		f["client_id"] == "" || block == nil || block.Type != "PRIVATE KEY" {
		t.Errorf("key file %v", f)
	}
	// The key is the process's, so that every mock accepts what any of them signed.
	other := mockapi.New(mockapi.Options{})
	if string(other.DeveloperConnectServiceAccountJSON("https://oauth2.example/token")) !=
		string(m.DeveloperConnectServiceAccountJSON("https://oauth2.example/token")) {
		t.Error("two mocks hold different keys")
	}
}

// tokenError gets a token with conf and returns the token endpoint's status and error body, which
// the jwt package does not decode.
func tokenError(t *testing.T, conf *jwt.Config) (status int, code, description string) {
	t.Helper()
	_, err := conf.TokenSource(t.Context()).Token()
	var re *oauth2.RetrieveError
	if !errors.As(err, &re) {
		t.Fatalf("error %v is not a *oauth2.RetrieveError", err)
	}
	var body struct {
		Error            string `json:"error"`
		ErrorDescription string `json:"error_description"`
	}
	_ = json.Unmarshal(re.Body, &body)
	return re.Response.StatusCode, body.Error, body.ErrorDescription
}

func TestDeveloperConnectTokenEndpointRefusals(t *testing.T) {
	t.Parallel()
	m, url := startDeveloperConnect(t)
	tokenURL := url + "/developerconnect/token"
	stranger, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name        string
		change      func(c *jwt.Config)
		code, about string
	}{
		{"another key", func(c *jwt.Config) {
			c.PrivateKey = pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(stranger)})
		}, "invalid_grant", "Invalid JWT Signature."},
		{"another key ID", func(c *jwt.Config) { c.PrivateKeyID = "0000000000000000000000000000000000000000" },
			"invalid_grant", "Invalid JWT Signature."},
		{"another account", func(c *jwt.Config) { c.Email = "someone@demo.iam.gserviceaccount.com" },
			"invalid_grant", "Invalid grant: account not found"},
		{"Google's audience", func(c *jwt.Config) { c.Audience = "https://oauth2.googleapis.com/token" },
			"invalid_grant", "Invalid JWT: Failed audience check. The right audience is " + tokenURL},
		{"a long life", func(c *jwt.Config) { c.Expires = 2 * time.Hour },
			"invalid_grant", "Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp values in the JWT claim."},
		{"another scope", func(c *jwt.Config) { c.Scopes = []string{"https://www.googleapis.com/auth/userinfo.email"} },
			"invalid_scope", "Invalid OAuth scope or ID token audience provided."},
	} {
		conf, err := google.JWTConfigFromJSON(m.DeveloperConnectServiceAccountJSON(tokenURL), dcScope)
		if err != nil {
			t.Fatal(err)
		}
		c.change(conf)
		if status, code, about := tokenError(t, conf); status != 400 || code != c.code || about != c.about {
			t.Errorf("%s: %d %s %q", c.name, status, code, about)
		}
	}
	for form, want := range map[string]string{
		"grant_type=password&username=a&password=b":                              `{"error":"unsupported_grant_type","error_description":"Invalid grant_type: password"}`,
		"grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer":                 `{"error":"invalid_request","error_description":"Missing required parameter: assertion"}`,
		"grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer&assertion=a.b.c": `{"error":"invalid_grant","error_description":"Invalid JWT Signature."}`,
	} {
		resp, err := http.Post(tokenURL, "application/x-www-form-urlencoded", strings.NewReader(form))
		if err != nil {
			t.Fatal(err)
		}
		raw, _ := io.ReadAll(resp.Body)
		_ = resp.Body.Close()
		if resp.StatusCode != 400 || strings.TrimSpace(string(raw)) != want {
			t.Errorf("%s: %d %s", form, resp.StatusCode, raw)
		}
	}
	if got := m.DeveloperConnectAccessTokens(); len(got) != 0 {
		t.Errorf("refused grants minted %v", got)
	}
}

func TestDeveloperConnectFaults(t *testing.T) {
	t.Parallel()
	m, base := startDeveloperConnect(t)
	links := dcLinks(t, base, bearer(t, mockapi.DeveloperConnectToken))
	m.InjectFault(mockapi.RouteDeveloperConnectFetch, 1, mockapi.Fault{Status: 429, RetryAfter: "3"})
	_, err := fetch(t, links, mockapi.DeveloperConnectGitHubLink, false)
	e := apiError(t, err)
	if e.Code != 429 || !strings.Contains(e.Body, `"status":"RESOURCE_EXHAUSTED"`) || e.Header.Get("Retry-After") != "3" ||
		!strings.HasPrefix(e.Message, "Quota exceeded") {
		t.Errorf("429: %d %v %s", e.Code, e.Header, e.Body)
	}
	if _, err := fetch(t, links, mockapi.DeveloperConnectGitHubLink, false); err != nil {
		t.Fatal(err)
	}
	if n := m.Calls(mockapi.RouteDeveloperConnectFetch); n != 2 {
		t.Errorf("Calls = %d, want 2, the faulted call included", n)
	}
	if n := len(m.DeveloperConnectIssued()); n != 1 {
		t.Errorf("%d tokens issued, want 1: a faulted call issues none", n)
	}

	for status, want := range map[int]string{
		500: `{"error":{"code":500,"message":"Internal error encountered.","status":"INTERNAL"}}`,
		503: `{"error":{"code":503,"message":"The service is currently unavailable.","status":"UNAVAILABLE"}}`,
		504: `{"error":{"code":504,"message":"The request deadline was exceeded.","status":"DEADLINE_EXCEEDED"}}`,
		409: `{"error":{"code":409,"message":"The operation was aborted.","status":"ABORTED"}}`,
		418: `{"error":{"code":418,"message":"I'm a teapot","status":"UNKNOWN"}}`,
		502: "<title>Error 502 (Server Error)!!1</title>",
	} {
		m.InjectFault(mockapi.RouteDeveloperConnectFetch, 1, mockapi.Fault{Status: status})
		got, contentType, body := dcDo(t, "POST", base+"/developerconnect/v1/"+mockapi.DeveloperConnectGitHubLink+":fetchReadToken",
			mockapi.DeveloperConnectToken, "{}")
		if got != status || !strings.Contains(body, want) || (status == 502) != strings.HasPrefix(contentType, "text/html") {
			t.Errorf("fault %d: %d %s %s", status, got, contentType, body)
		}
	}

	m.InjectFault(mockapi.RouteDeveloperConnectOAuthToken, 1, mockapi.Fault{Status: 503})
	conf, err := google.JWTConfigFromJSON(m.DeveloperConnectServiceAccountJSON(base+"/developerconnect/token"), dcScope)
	if err != nil {
		t.Fatal(err)
	}
	if status, code, _ := tokenError(t, conf); status != 503 || code != "temporarily_unavailable" {
		t.Errorf("token endpoint fault: %d %s", status, code)
	}
	if _, err := conf.TokenSource(t.Context()).Token(); err != nil {
		t.Fatal(err)
	}
	if n := m.Calls(mockapi.RouteDeveloperConnectOAuthToken); n != 2 {
		t.Errorf("token endpoint Calls = %d, want 2", n)
	}
}

func TestDeveloperConnectInventory(t *testing.T) {
	t.Parallel()
	m, url := startDeveloperConnect(t)
	got, err := fetch(t, dcLinks(t, url, bearer(t, mockapi.DeveloperConnectToken)), mockapi.DeveloperConnectGitLabLink, true)
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := json.Marshal(m.Inventory()["developerconnect"])
	var inv struct {
		Links  []struct{ Name, GitUsername string }
		Issued []mockapi.DeveloperConnectIssuedToken
	}
	if err := json.Unmarshal(raw, &inv); err != nil {
		t.Fatal(err)
	}
	names := make([]string, 0, len(inv.Links))
	for _, l := range inv.Links {
		names = append(names, l.Name+" "+l.GitUsername)
	}
	if !slices.Equal(names, []string{mockapi.DeveloperConnectGitHubLink + " x-access-token",
		mockapi.DeveloperConnectGitLabLink + " oauth2", mockapi.DeveloperConnectBitbucketLink + " x-token-auth"}) {
		t.Errorf("links %v", names)
	}
	if len(inv.Issued) != 1 || inv.Issued[0].Token != got.Token || !inv.Issued[0].ReadWrite {
		t.Errorf("issued %+v", inv.Issued)
	}
}
