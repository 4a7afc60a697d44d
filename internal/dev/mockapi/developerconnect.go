package mockapi

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"maps"
	"net/http"
	"slices"
	"strings"
	"time"
)

// Google credentials for Developer Connect. DeveloperConnectToken holds the IAM permissions on every
// seeded link; DeveloperConnectTokenNoIAM authenticates but holds none, and gets 403 on any link, as
// IAM answers before anyone looks the link up. Access tokens minted by the token endpoint for
// DeveloperConnectServiceAccount (see DeveloperConnectServiceAccountJSON) pass like DeveloperConnectToken.
const (
	DeveloperConnectToken          = "mock-google-token"
	DeveloperConnectTokenNoIAM     = "mock-google-token-no-iam"
	DeveloperConnectServiceAccount = "terraform@demo.iam.gserviceaccount.com"
)

// The seeded Git repository links, one per host. Each writes its expirationTime differently, as
// clients must accept: GitHub's in UTC with nine fractional digits, GitLab's with a +00:00 offset,
// Bitbucket's not at all (its tokens do not expire).
const (
	DeveloperConnectGitHubLink    = "projects/demo/locations/us-central1/connections/github/gitRepositoryLinks/app"
	DeveloperConnectGitLabLink    = "projects/demo/locations/us-central1/connections/gitlab/gitRepositoryLinks/app"
	DeveloperConnectBitbucketLink = "projects/demo/locations/us-central1/connections/bitbucket/gitRepositoryLinks/app"
)

// Developer Connect routes, as names for Calls and InjectFault. The provider's endpoint for the mock
// is its URL followed by /developerconnect/, and a service account's token_uri its URL followed by
// /developerconnect/token.
const (
	// RouteDeveloperConnectFetch serves both :fetchReadToken and :fetchReadWriteToken: a custom
	// method is part of the last path segment, so {link} is "app:fetchReadToken".
	RouteDeveloperConnectFetch = "POST /developerconnect/v1/projects/{project}/locations/{location}/connections/{connection}/gitRepositoryLinks/{link}"
	// RouteDeveloperConnectOAuthToken is Google's OAuth 2.0 token endpoint, for the JWT bearer grant
	// of a service account key.
	RouteDeveloperConnectOAuthToken = "POST /developerconnect/token"
)

// DeveloperConnectIssuedToken is a read (or read-write) token the mock issued, as it answered it.
type DeveloperConnectIssuedToken struct {
	Link           string `json:"link"`
	Token          string `json:"token"`
	GitUsername    string `json:"gitUsername"`
	ExpirationTime string `json:"expirationTime"` // "" when the token does not expire
	ReadWrite      bool   `json:"readWrite"`
}

// developerconnectLink is a seeded link: the user to clone as, what its host's tokens look like, and
// how its expiry is written.
type developerconnectLink struct {
	name        string
	gitUsername string
	tokenPrefix string
	tokenBytes  int    // random bytes after the prefix, written in hex
	expiryText  string // layout of the expiry, one hour after issue; "" for none
}

var developerconnectLinks = []developerconnectLink{
	{DeveloperConnectGitHubLink, "x-access-token", "ghs_", 18, "2006-01-02T15:04:05.000000000Z07:00"},
	{DeveloperConnectGitLabLink, "oauth2", "glpat-", 10, "2006-01-02T15:04:05-07:00"},
	{DeveloperConnectBitbucketLink, "x-token-auth", "ATCTT3xFfGN0", 32, ""},
}

// issue makes a fresh token for the link at now, on the mock's clock.
func (l developerconnectLink) issue(now time.Time, readWrite bool) DeveloperConnectIssuedToken {
	t := DeveloperConnectIssuedToken{Link: l.name, Token: l.tokenPrefix + randomHex(l.tokenBytes),
		GitUsername: l.gitUsername, ReadWrite: readWrite}
	if l.expiryText != "" {
		t.ExpirationTime = now.Add(time.Hour).UTC().Format(l.expiryText)
	}
	return t
}

// developerconnectMethods are the custom methods on a link, each with whether its token can push.
var developerconnectMethods = map[string]bool{"fetchReadToken": false, "fetchReadWriteToken": true}

type developerconnectState struct {
	issued       []DeveloperConnectIssuedToken
	accessTokens []string // minted by the token endpoint
	assertions   []string // the signed assertions the token endpoint received: each can mint a token
}

func (*developerconnectState) name() string { return "developerconnect" }

func (d *developerconnectState) inventory(*Server) any {
	links := make([]map[string]string, 0, len(developerconnectLinks))
	for _, l := range developerconnectLinks {
		links = append(links, map[string]string{"name": l.name, "gitUsername": l.gitUsername})
	}
	return map[string]any{"links": links, "issued": slices.Clone(d.issued)}
}

func (d *developerconnectState) route(s *Server) {
	s.handle(RouteDeveloperConnectFetch, developerconnectError, s.developerconnectFetch)
	s.handle(RouteDeveloperConnectOAuthToken, oauthError, s.developerconnectOAuthToken)
	// Google's front end answers any other path with its HTML page, before any API sees the call.
	s.mux.HandleFunc("/developerconnect/", func(w http.ResponseWriter, r *http.Request) {
		googleNotFoundPage(w, r)
	})
}

// googleStatus is a canonical status as Google's JSON errors name it, with the message Google gives
// when it has nothing more specific to say.
type googleStatus struct{ name, message string }

// googleStatuses map HTTP codes to canonical statuses, as Google's API front end does.
var googleStatuses = map[int]googleStatus{
	http.StatusBadRequest:   {"INVALID_ARGUMENT", "Request contains an invalid argument."},
	http.StatusUnauthorized: {"UNAUTHENTICATED", "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project."},
	http.StatusForbidden:    {"PERMISSION_DENIED", "The caller does not have permission"},
	http.StatusNotFound:     {"NOT_FOUND", "Requested entity was not found."},
	http.StatusConflict:     {"ABORTED", "The operation was aborted."},
	http.StatusTooManyRequests: {"RESOURCE_EXHAUSTED", "Quota exceeded for quota metric 'Requests' and limit 'Requests per minute' " +
		"of service 'developerconnect.googleapis.com' for consumer 'project_number:123456789012'."},
	499:                            {"CANCELLED", "The operation was cancelled."},
	http.StatusInternalServerError: {"INTERNAL", "Internal error encountered."},
	http.StatusNotImplemented:      {"UNIMPLEMENTED", "Operation is not implemented, or supported, or enabled."},
	http.StatusServiceUnavailable:  {"UNAVAILABLE", "The service is currently unavailable."},
	http.StatusGatewayTimeout:      {"DEADLINE_EXCEEDED", "The request deadline was exceeded."},
}

// statusName is the canonical status of an HTTP code; codes Google never maps are UNKNOWN.
func statusName(status int) string {
	return cmp.Or(googleStatuses[status].name, "UNKNOWN")
}

// developerconnectError writes what Google answers for a status with nothing more specific to say:
// its JSON error, or for 502 the HTML page of its front end, which is what Google really sends.
func developerconnectError(w http.ResponseWriter, status int, message string) {
	if status == http.StatusBadGateway {
		googleErrorPage(w, status, "Server Error",
			"The server encountered a temporary error and could not complete your request.<p>Please try again in 30 seconds.")
		return
	}
	googleError(w, status, cmp.Or(googleStatuses[status].message, message))
}

// googleJSONType is the Content-Type of Google's JSON answers.
const googleJSONType = "application/json; charset=UTF-8"

// googleError writes Google's JSON error body, with its details (google.rpc messages) if any.
func googleError(w http.ResponseWriter, status int, message string, details ...any) {
	body := map[string]any{"code": status, "message": message, "status": statusName(status)}
	if len(details) > 0 {
		body["details"] = details
	}
	writeJSONType(w, googleJSONType, status, map[string]any{"error": body})
}

// errorInfo is a google.rpc.ErrorInfo detail, which says why a call failed in a form code can read.
func errorInfo(reason, domain string, metadata map[string]string) map[string]any {
	return map[string]any{"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": reason,
		"domain": domain, "metadata": metadata}
}

// googleNotFoundPage is what Google's front end answers for a path or method no API serves.
func googleNotFoundPage(w http.ResponseWriter, r *http.Request) {
	googleErrorPage(w, http.StatusNotFound, "Not Found",
		"The requested URL <code>"+html.EscapeString(r.URL.Path)+"</code> was not found on this server.")
}

// googleErrorPage writes the HTML page of Google's front end; text is HTML already.
func googleErrorPage(w http.ResponseWriter, status int, title, text string) {
	w.Header().Set("Content-Type", "text/html; charset=UTF-8")
	w.WriteHeader(status)
	_, _ = fmt.Fprintf(w, "<!DOCTYPE html>\n<html lang=en>\n  <meta charset=utf-8>\n"+
		"  <meta name=viewport content=\"initial-scale=1, minimum-scale=1, width=device-width\">\n"+
		"  <title>Error %d (%s)!!1</title>\n  <a href=//www.google.com/><span id=logo aria-label=Google></span></a>\n"+
		"  <p><b>%d.</b> <ins>That’s an error.</ins>\n  <p>%s  <ins>That’s all we know.</ins>\n",
		status, title, status, text)
}

// developerconnectFetch serves :fetchReadToken and :fetchReadWriteToken. Like Google, it checks the
// credential, then the IAM permission, then the body, and only then whether the link exists.
func (s *Server) developerconnectFetch(w http.ResponseWriter, r *http.Request) {
	segment := r.PathValue("link")
	i := strings.LastIndex(segment, ":")
	id, method := segment[:max(i, 0)], segment[i+1:]
	readWrite, known := developerconnectMethods[method]
	if i < 0 || !known {
		googleNotFoundPage(w, r)
		return
	}
	name := fmt.Sprintf("projects/%s/locations/%s/connections/%s/gitRepositoryLinks/%s",
		r.PathValue("project"), r.PathValue("location"), r.PathValue("connection"), id)
	if !s.developerconnectAuthorized(w, r, name, method) || !developerconnectEmptyBody(w, r) {
		return
	}
	at := slices.IndexFunc(developerconnectLinks, func(l developerconnectLink) bool { return l.name == name })
	if at < 0 {
		googleError(w, http.StatusNotFound, "Resource '"+name+"' was not found")
		return
	}
	t := developerconnectLinks[at].issue(s.now(), readWrite)
	s.mu.Lock()
	s.developerconnect.issued = append(s.developerconnect.issued, t)
	s.mu.Unlock()
	// Google leaves out empty fields, so a token that does not expire comes without expirationTime.
	writeJSONType(w, googleJSONType, http.StatusOK, struct {
		Token          string `json:"token"`
		ExpirationTime string `json:"expirationTime,omitempty"`
		GitUsername    string `json:"gitUsername"`
	}{t.Token, t.ExpirationTime, t.GitUsername})
}

// developerconnectAuthorized checks the bearer token and its IAM permission for method on the link,
// and answers 401 or 403 if either fails.
func (s *Server) developerconnectAuthorized(w http.ResponseWriter, r *http.Request, link, method string) bool {
	header := r.Header.Get("Authorization")
	token, bearer := strings.CutPrefix(header, "Bearer ")
	rpc := map[string]string{"service": "developerconnect.googleapis.com",
		"method": "google.cloud.developerconnect.v1.DeveloperConnect." + strings.ToUpper(method[:1]) + method[1:]}
	switch {
	case header == "":
		googleError(w, http.StatusUnauthorized, "Request is missing required authentication credential. Expected OAuth 2 access token, "+
			"login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.",
			errorInfo("CREDENTIALS_MISSING", "googleapis.com", rpc))
		return false
	case bearer && token == DeveloperConnectTokenNoIAM:
		permission := "developerconnect.gitRepositoryLinks." + method
		googleError(w, http.StatusForbidden,
			fmt.Sprintf("Permission '%s' denied on resource '//developerconnect.googleapis.com/%s' (or it may not exist).", permission, link),
			errorInfo("IAM_PERMISSION_DENIED", "iam.googleapis.com", map[string]string{"permission": permission,
				"resource": link}))
		return false
	case !bearer || !s.developerconnectValidToken(token):
		googleError(w, http.StatusUnauthorized, googleStatuses[http.StatusUnauthorized].message,
			errorInfo("ACCESS_TOKEN_TYPE_UNSUPPORTED", "googleapis.com", rpc))
		return false
	}
	return true
}

// developerconnectValidToken reports whether token is the static token or one the token endpoint minted.
func (s *Server) developerconnectValidToken(token string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return token == DeveloperConnectToken || slices.Contains(s.developerconnect.accessTokens, token)
}

// developerconnectEmptyBody accepts the requests' only body, {} (or none), and otherwise answers
// 400 the way Google's JSON transcoding does.
func developerconnectEmptyBody(w http.ResponseWriter, r *http.Request) bool {
	raw, err := io.ReadAll(r.Body)
	if err != nil {
		googleError(w, http.StatusBadRequest, "Invalid JSON payload received. "+err.Error())
		return false
	}
	if len(bytes.TrimSpace(raw)) == 0 {
		return true
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(raw, &fields); err != nil {
		googleError(w, http.StatusBadRequest, "Invalid JSON payload received. Unexpected token.\n"+string(raw))
		return false
	}
	if len(fields) > 0 {
		first := slices.Sorted(maps.Keys(fields))[0]
		googleError(w, http.StatusBadRequest, fmt.Sprintf("Invalid JSON payload received. Unknown name %q: Cannot find field.", first))
		return false
	}
	return true
}

// DeveloperConnectIssued returns every read and read-write token the mock issued, in order, for tests
// to compare with what reached state or another API.
func (s *Server) DeveloperConnectIssued() []DeveloperConnectIssuedToken {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.developerconnect.issued)
}
