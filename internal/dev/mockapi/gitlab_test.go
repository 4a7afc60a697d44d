package mockapi_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/gitauth-dev/terraform-provider-gitauth/internal/dev/mockapi"
)

var today = time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)

func start(t *testing.T) (*mockapi.Server, string) {
	t.Helper()
	m := mockapi.New(mockapi.Options{Now: func() time.Time { return today }})
	srv := httptest.NewServer(m)
	t.Cleanup(srv.Close)
	return m, srv.URL + "/gitlab/api/v4"
}

// call sends a request the way the GitLab API docs' curl examples do and decodes the JSON answer.
func call(t *testing.T, method, url, contentType, body string, headers ...string) (int, http.Header, any) {
	t.Helper()
	req, _ := http.NewRequest(method, url, strings.NewReader(body))
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	req.Header.Set("PRIVATE-TOKEN", mockapi.GitLabCredential)
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Del("PRIVATE-TOKEN")
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = resp.Body.Close() }()
	raw, _ := io.ReadAll(resp.Body)
	if !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
		return resp.StatusCode, resp.Header, strings.TrimSpace(string(raw))
	}
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatalf("answer is not JSON: %s", raw)
	}
	return resp.StatusCode, resp.Header, v
}

func TestGitLabDocumentedCurlExamples(t *testing.T) {
	_, base := start(t)
	// curl --request POST --header "PRIVATE-TOKEN: <your_access_token>" --header "Content-Type:application/json"
	//   --data '{ "name":"test_token", "scopes":["api", "read_repository"], "expires_at":"2021-01-31", "access_level": 30 }'
	//   "https://gitlab.example.com/api/v4/projects/<project_id>/access_tokens"
	status, _, v := call(t, "POST", base+"/projects/1/access_tokens", "application/json",
		`{ "name":"test_token", "scopes":["api", "read_repository"], "expires_at":"2026-04-30", "access_level": 30 }`)
	created := v.(map[string]any)
	if status != 201 || created["name"] != "test_token" || created["access_level"] != 30.0 ||
		created["expires_at"] != "2026-04-30" || created["active"] != true || created["revoked"] != false ||
		created["created_at"] != "2026-03-10T12:00:00.000Z" {
		t.Fatalf("create: %d %v", status, created)
	}
	if tok, _ := created["token"].(string); !strings.HasPrefix(tok, "glpat-") || len(tok) != len("glpat-")+20 {
		t.Errorf("token value %q does not look like GitLab's", tok)
	}
	// curl --header "PRIVATE-TOKEN: <your_access_token>" "https://gitlab.example.com/api/v4/projects/<project_id>/access_tokens"
	status, _, v = call(t, "GET", base+"/projects/demo%2Fapp/access_tokens", "", "")
	list := v.([]any)
	if status != 200 || len(list) != 1 || list[0].(map[string]any)["token"] != nil {
		t.Fatalf("list: %d %v (the secret must not be listed)", status, v)
	}
	// curl --request DELETE --header "PRIVATE-TOKEN: <your_access_token>" ".../projects/<project_id>/access_tokens/<token_id>"
	if status, _, _ := call(t, "DELETE", base+"/projects/1/access_tokens/1", "", ""); status != 204 {
		t.Fatalf("revoke: %d", status)
	}
	_, _, v = call(t, "GET", base+"/projects/1/access_tokens/1", "", "")
	if got := v.(map[string]any); got["revoked"] != true || got["active"] != false {
		t.Errorf("a revoked token stays readable as revoked and inactive: %v", got)
	}
	if status, _, v = call(t, "DELETE", base+"/projects/1/access_tokens/1", "", ""); status != 204 {
		t.Errorf("revoking twice: %d %v, want 204 as GitLab 17.9 and later answer", status, v)
	}
}

func TestGitLabFormEncodedCreate(t *testing.T) {
	_, base := start(t)
	form := url.Values{"name": {"ci"}, "scopes[]": {"read_api", "read_repository"}, "expires_at": {"2026-05-01"}}
	status, _, v := call(t, "POST", base+"/projects/demo%2Flib/access_tokens", "application/x-www-form-urlencoded", form.Encode())
	if got := v.(map[string]any); status != 201 || len(got["scopes"].([]any)) != 2 || got["access_level"] != 40.0 {
		t.Fatalf("form create: %d %v (default access level is maintainer, 40)", status, v)
	}
}

func TestGitLabAuth(t *testing.T) {
	_, base := start(t)
	for _, h := range [][]string{{"PRIVATE-TOKEN", "wrong"}, {"Authorization", "Bearer wrong"}, {"X-Other", "x"}} {
		status, _, v := call(t, "GET", base+"/projects/1/access_tokens", "", "", h...)
		if status != 401 || v.(map[string]any)["message"] != "401 Unauthorized" {
			t.Errorf("%v: %d %v", h, status, v)
		}
	}
	if status, _, _ := call(t, "GET", base+"/projects/1/access_tokens", "", "", "Authorization", "Bearer "+mockapi.GitLabCredential); status != 200 {
		t.Errorf("Bearer credential refused: %d", status)
	}
}

func TestGitLabNotFound(t *testing.T) {
	_, base := start(t)
	status, _, v := call(t, "GET", base+"/projects/demo%2Fnope/access_tokens", "", "")
	if status != 404 || v.(map[string]any)["message"] != "404 Project Not Found" {
		t.Errorf("unknown project: %d %v", status, v)
	}
	for _, method := range []string{"GET", "DELETE"} {
		status, _, v = call(t, method, base+"/projects/1/access_tokens/99", "", "")
		if status != 404 || v.(map[string]any)["message"] != "404 project Access Token Not Found" {
			t.Errorf("%s unknown token: %d %v", method, status, v)
		}
	}
	if status, _, _ := call(t, "GET", base+"/projects/DEMO%2Fapp/access_tokens", "", ""); status != 200 {
		t.Errorf("a project path matches case-insensitively, as on GitLab: %d", status)
	}
}

func TestGitLabCreateValidation(t *testing.T) {
	_, base := start(t)
	cases := []struct{ body, key, want string }{
		{`{"scopes":["api"],"expires_at":"2026-05-01"}`, "error", "name is missing"},
		{`{"name":"x","expires_at":"2026-05-01"}`, "error", "scopes is missing"},
		{`{"name":"x","scopes":[],"expires_at":"2026-05-01"}`, "message", "400 Bad request - Scopes can't be blank"},
		{`{"name":"x","scopes":["sudo"],"expires_at":"2026-05-01"}`, "error", "scopes does not have a valid value"},
		{`{"name":"x","scopes":["api"],"expires_at":"01/05/2026"}`, "error", "expires_at is invalid"},
		{`{"name":"x","scopes":["api"],"expires_at":"2026-05-01","access_level":45}`, "error", "access_level does not have a valid value"},
		{`{"name":"x","scopes":["api"],"expires_at":"2027-03-11"}`, "message", "400 Bad request - Expires at must be before 2027-03-10"},
	}
	for _, c := range cases {
		status, _, v := call(t, "POST", base+"/projects/1/access_tokens", "application/json", c.body)
		if status != 400 || v.(map[string]any)[c.key] != c.want {
			t.Errorf("%s: %d %v, want 400 %s=%q", c.body, status, v, c.key, c.want)
		}
	}
}

// Real GitLab accepts an expiry of today or earlier and issues a token that is already dead; a
// missing expiry becomes a year ahead.
func TestGitLabAcceptsStaleDates(t *testing.T) {
	_, base := start(t)
	for body, want := range map[string]map[string]any{
		`{"name":"x","scopes":["api"],"expires_at":"2026-03-10"}`: {"active": false, "expires_at": "2026-03-10"},
		`{"name":"x","scopes":["api"],"expires_at":"2025-01-01"}`: {"active": false, "expires_at": "2025-01-01"},
		`{"name":"x","scopes":["api"]}`:                           {"active": true, "expires_at": "2027-03-10"},
		`{"name":"x","scopes":["api"],"expires_at":"2027-03-10"}`: {"active": true, "expires_at": "2027-03-10"},
	} {
		status, _, v := call(t, "POST", base+"/projects/1/access_tokens", "application/json", body)
		got := v.(map[string]any)
		if status != 201 || got["active"] != want["active"] || got["expires_at"] != want["expires_at"] {
			t.Errorf("%s: %d %v, want 201 with %v", body, status, got, want)
		}
	}
	_, _, v := call(t, "POST", base+"/projects/1/access_tokens/4/rotate", "application/json", `{"expires_at":"2026-03-01"}`)
	if got := v.(map[string]any); got["active"] != false || got["token"] == nil {
		t.Errorf("a rotation to a past date returns a dead token: %v", got)
	}
}

func TestGitLabWireFields(t *testing.T) {
	_, base := start(t)
	_, _, v := call(t, "POST", base+"/projects/2/access_tokens", "application/json", `{"name":"x","scopes":["read_virtual_registry"],"expires_at":"2026-05-01"}`)
	got := v.(map[string]any)
	if got["description"] != nil || got["resource_type"] != "project" || got["resource_id"] != 2.0 {
		t.Errorf("an unset description is null, and resource_type and resource_id are present: %v", got)
	}
}

// last_used_at is null for a token never used, and otherwise written as GitLab writes times.
func TestGitLabLastUsedAt(t *testing.T) {
	m, base := start(t)
	used := time.Date(2026, 3, 9, 8, 7, 6, 543e6, time.UTC)
	m.AddGitLabToken(mockapi.GitLabToken{ProjectID: 1, Name: "never", Scopes: []string{"api"}, AccessLevel: 40})
	m.AddGitLabToken(mockapi.GitLabToken{ProjectID: 1, Name: "used", Scopes: []string{"api"}, AccessLevel: 40, LastUsedAt: &used})
	_, _, v := call(t, "GET", base+"/projects/1/access_tokens", "", "")
	list := v.([]any)
	never, usedAt := list[0].(map[string]any)["last_used_at"], list[1].(map[string]any)["last_used_at"]
	if never != nil || usedAt != "2026-03-09T08:07:06.543Z" {
		t.Errorf("last_used_at: %v and %v, want null and 2026-03-09T08:07:06.543Z", never, usedAt)
	}
}

// The developer credential gets what GitLab answers a user whose role is too low.
func TestGitLabDeveloperCredential(t *testing.T) {
	m, base := start(t)
	m.AddGitLabToken(mockapi.GitLabToken{ProjectID: 1, Name: "existing", Scopes: []string{"api"}, AccessLevel: 40, ExpiresAt: "2026-05-01"})
	dev := []string{"PRIVATE-TOKEN", mockapi.GitLabDeveloperCredential}
	cases := []struct {
		method, path, body string
		status             int
		message            string
	}{
		{"GET", "/projects/1/access_tokens", "", 401, "401 Unauthorized"},
		{"GET", "/projects/1/access_tokens/1", "", 401, "401 Unauthorized"},
		{"POST", "/projects/1/access_tokens/1/rotate", "", 401, "401 Unauthorized"},
		{"POST", "/projects/1/access_tokens/99/rotate", "", 401, "401 Unauthorized"},
		{"POST", "/projects/1/access_tokens", `{"name":"x","scopes":["api"],"expires_at":"2026-05-01"}`, 400,
			"400 Bad request - User does not have permission to create project access token"},
		{"DELETE", "/projects/1/access_tokens/1", "", 400, "400 Bad request - developer cannot delete project_1_bot_1000"},
		{"GET", "/projects/2/access_tokens", "", 404, "404 Project Not Found"},
	}
	for _, c := range cases {
		status, _, v := call(t, c.method, base+c.path, "application/json", c.body, dev...)
		if status != c.status || v.(map[string]any)["message"] != c.message {
			t.Errorf("%s %s: %d %v, want %d %q", c.method, c.path, status, v, c.status, c.message)
		}
	}
	if tokens := m.GitLabTokens(); len(tokens) != 1 || tokens[0].Revoked {
		t.Errorf("the developer changed tokens: %+v", tokens)
	}
}

func TestGitLabPagination(t *testing.T) {
	_, base := start(t)
	for range 3 {
		call(t, "POST", base+"/projects/1/access_tokens", "application/json", `{"name":"x","scopes":["api"],"expires_at":"2026-05-01"}`)
	}
	status, h, v := call(t, "GET", base+"/projects/demo%2Fapp/access_tokens?per_page=2", "", "")
	if status != 200 || len(v.([]any)) != 2 || h.Get("X-Total") != "3" || h.Get("X-Total-Pages") != "2" ||
		h.Get("X-Next-Page") != "2" || !strings.Contains(h.Get("Link"), `demo%2Fapp/access_tokens?page=2&per_page=2>; rel="next"`) {
		t.Fatalf("page 1: %d %v %v", status, h, v)
	}
	_, h, v = call(t, "GET", base+"/projects/1/access_tokens?per_page=2&page=2", "", "")
	if len(v.([]any)) != 1 || h.Get("X-Next-Page") != "" || h.Get("X-Prev-Page") != "1" {
		t.Fatalf("page 2: %v %v", h, v)
	}
	_, _, v = call(t, "GET", base+"/projects/1/access_tokens?state=inactive", "", "")
	if len(v.([]any)) != 0 {
		t.Errorf("state=inactive lists active tokens: %v", v)
	}
}

func TestGitLabRotate(t *testing.T) {
	m, base := start(t)
	_, _, v := call(t, "POST", base+"/projects/1/access_tokens", "application/json", `{"name":"ci","scopes":["api"],"expires_at":"2026-04-01"}`)
	old := v.(map[string]any)
	status, _, v := call(t, "POST", base+"/projects/1/access_tokens/1/rotate", "application/json", `{"expires_at":"2026-06-01"}`)
	rotated := v.(map[string]any)
	if status != 200 || rotated["id"] != 2.0 || rotated["token"] == old["token"] || rotated["expires_at"] != "2026-06-01" ||
		rotated["user_id"] != old["user_id"] {
		t.Fatalf("rotate: %d %v", status, rotated)
	}
	tokens := m.GitLabTokens()
	if !tokens[0].Revoked || tokens[1].Revoked {
		t.Errorf("rotation must revoke the old token only: %+v", tokens)
	}
	if status, _, _ := call(t, "POST", base+"/projects/1/access_tokens/1/rotate", "", ""); status != 400 {
		t.Errorf("rotating a revoked token: %d, want 400", status)
	}
	_, _, v = call(t, "POST", base+"/projects/1/access_tokens/2/rotate", "", "")
	if got := v.(map[string]any)["expires_at"]; got != "2026-03-17" {
		t.Errorf("rotation without a date expires in a week, got %v", got)
	}
}

func TestFaults(t *testing.T) {
	m, base := start(t)
	m.InjectFault(mockapi.RouteGitLabListTokens, 1, mockapi.Fault{Status: 429, RetryAfter: "7"})
	status, h, v := call(t, "GET", base+"/projects/1/access_tokens", "", "")
	if status != 429 || h.Get("Retry-After") != "7" || h.Get("Content-Type") != "text/plain" || v != "Retry later" {
		t.Errorf("status fault: %d %v %v", status, h, v)
	}
	if status, _, _ := call(t, "GET", base+"/projects/1/access_tokens", "", ""); status != 200 {
		t.Errorf("fault outlived its count: %d", status)
	}
	if n := m.Calls(mockapi.RouteGitLabListTokens); n != 2 {
		t.Errorf("Calls = %d, want 2", n)
	}

	m.InjectFault(mockapi.RouteGitLabCreateToken, 1, mockapi.Fault{DropAfterProcessing: true})
	req, _ := http.NewRequest("POST", base+"/projects/1/access_tokens", strings.NewReader(`{"name":"x","scopes":["api"],"expires_at":"2026-05-01"}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("PRIVATE-TOKEN", mockapi.GitLabCredential)
	if resp, err := http.DefaultClient.Do(req); err == nil {
		_ = resp.Body.Close()
		t.Fatal("a dropped connection gave an answer")
	}
	if n := len(m.GitLabTokens()); n != 1 {
		t.Errorf("the dropped call must still have created its token; mock holds %d", n)
	}
}

func TestGatewayErrorsAreHTMLAndDatesFollowTheClock(t *testing.T) {
	m, base := start(t)
	m.InjectFault(mockapi.RouteGitLabGetToken, 1, mockapi.Fault{Status: 502})
	status, h, v := call(t, "GET", base+"/projects/1/access_tokens/1", "", "")
	if status != 502 || h.Get("Content-Type") != "text/html" || !strings.Contains(v.(string), "<title>502 Bad Gateway</title>") {
		t.Errorf("502: %d %v %v", status, h, v)
	}
	if got := h.Get("Date"); got != "Tue, 10 Mar 2026 12:00:00 GMT" {
		t.Errorf("Date %q does not follow the mock's clock", got)
	}
}

// The controls over HTTP, as the developer guide documents them for scripts.
func TestHTTPControls(t *testing.T) {
	_, base := start(t)
	root := strings.TrimSuffix(base, "/gitlab/api/v4")
	fault := `{"method":"POST","path":"/gitlab/api/v4/projects/2/access_tokens","times":1,"action":"status","status":503,"retry_after":2}`
	if status, _, v := call(t, "POST", root+"/_mock/faults", "application/json", fault); status != 201 {
		t.Fatalf("POST /_mock/faults: %d %v", status, v)
	}
	body := `{"name":"x","scopes":["api"],"expires_at":"2026-05-01"}`
	if status, _, _ := call(t, "POST", base+"/projects/1/access_tokens", "application/json", body); status != 201 {
		t.Errorf("a fault on project 2's path hit project 1: %d", status)
	}
	if status, h, _ := call(t, "POST", base+"/projects/2/access_tokens", "application/json", body); status != 503 || h.Get("Retry-After") != "2" {
		t.Errorf("the path fault did not fire: %d %v", status, h)
	}
	if status, _, v := call(t, "POST", root+"/_mock/faults", "application/json", `{"method":"GET","path":"/x","action":"explode"}`); status != 400 ||
		!strings.Contains(v.(map[string]any)["error"].(string), "action must be one of [drop status delay]") {
		t.Errorf("a bad fault: %d %v", status, v)
	}
	call(t, "POST", root+"/_mock/faults", "application/json", `{"method":"GET","path":"/gitlab/api/v4/projects/1/access_tokens","action":"drop","times":3}`)
	if status, _, _ := call(t, "DELETE", root+"/_mock/faults", "", ""); status != 204 {
		t.Errorf("DELETE /_mock/faults: %d", status)
	}
	if status, _, _ := call(t, "GET", base+"/projects/1/access_tokens", "", ""); status != 200 {
		t.Errorf("a cleared fault fired: %d", status)
	}
	_, _, calls := call(t, "GET", root+"/_mock/calls", "", "")
	if got := calls.(map[string]any); got[mockapi.RouteGitLabCreateToken] != 2.0 || got[mockapi.RouteGitLabListTokens] != 1.0 {
		t.Errorf("calls: %v", got)
	}
	_, _, inv := call(t, "GET", root+"/_mock/inventory", "", "")
	gitlab := inv.(map[string]any)["gitlab"].(map[string]any)
	if tokens := gitlab["tokens"].([]any); len(tokens) != 1 || tokens[0].(map[string]any)["project_id"] != 1.0 {
		t.Errorf("inventory: %v", gitlab)
	}
}

// A page or per_page that is not a whole number is refused, as GitLab's parameter validation does.
func TestGitLabPageNotANumber(t *testing.T) {
	_, base := start(t)
	for query, want := range map[string]string{
		"page=abc":             "page is invalid",
		"per_page=abc":         "per_page is invalid",
		"page=1.5&per_page=x":  "page is invalid, per_page is invalid",
		"page=x&state=revoked": "page is invalid, state does not have a valid value",
	} {
		status, _, v := call(t, "GET", base+"/projects/1/access_tokens?"+query, "", "")
		if status != 400 || v.(map[string]any)["error"] != want {
			t.Errorf("%s: %d %v, want 400 %q", query, status, v, want)
		}
	}
	if status, _, _ := call(t, "GET", base+"/projects/1/access_tokens?page=&per_page=", "", ""); status != 200 {
		t.Errorf("empty page and per_page: %d, want 200 (not given)", status)
	}
}

// GitLab before 17.2 has no state filter: its list ignores state and holds only active tokens.
// Inactive tokens go 30 days after they stop working.
func TestGitLabInactiveTokens(t *testing.T) {
	m, base := start(t)
	m.AddGitLabToken(mockapi.GitLabToken{ProjectID: 1, Name: "live", Scopes: []string{"api"}, ExpiresAt: "2026-06-01"})
	m.RevokeGitLabToken(m.AddGitLabToken(mockapi.GitLabToken{ProjectID: 1, Name: "gone", Scopes: []string{"api"}, ExpiresAt: "2026-06-01"}))
	m.SetGitLabListsOnlyActive(true)
	for _, query := range []string{"", "?state=inactive"} {
		_, _, v := call(t, "GET", base+"/projects/1/access_tokens"+query, "", "")
		if tokens := v.([]any); len(tokens) != 1 || tokens[0].(map[string]any)["name"] != "live" {
			t.Errorf("list%s: %v, want only the active token", query, v)
		}
	}
	if status, _, v := call(t, "GET", base+"/projects/1/access_tokens/2", "", ""); status != 200 || v.(map[string]any)["revoked"] != true {
		t.Errorf("the revoked token's own GET: %d %v", status, v)
	}
	// What GitLab does 30 days after a token stops working.
	root := strings.TrimSuffix(base, "/gitlab/api/v4")
	if status, _, v := call(t, "DELETE", root+"/_mock/gitlab/inactive_tokens", "", ""); status != 200 || v.(map[string]any)["dropped"] != 1.0 {
		t.Errorf("DELETE /_mock/gitlab/inactive_tokens: %d %v, want 1 dropped", status, v)
	}
	if status, _, _ := call(t, "GET", base+"/projects/1/access_tokens/2", "", ""); status != 404 {
		t.Errorf("the dropped token's own GET: %d, want 404", status)
	}
}

// make bench's projects are seeded empty, by ID and path, for the Owner's credential only.
func TestGitLabBenchProjects(t *testing.T) {
	_, base := start(t)
	last := url.PathEscape(mockapi.GitLabBenchProject(mockapi.GitLabBenchProjects))
	for _, id := range []string{"101", "130", last} {
		if status, _, v := call(t, "GET", base+"/projects/"+id+"/access_tokens", "", ""); status != 200 || len(v.([]any)) != 0 {
			t.Errorf("project %s: %d %v, want 200 and no token", id, status, v)
		}
	}
	if status, _, _ := call(t, "GET", base+"/projects/"+last+"/access_tokens", "", "", "PRIVATE-TOKEN", mockapi.GitLabDeveloperCredential); status != 404 {
		t.Errorf("the Developer of project 1 sees %s: %d, want 404", last, status)
	}
}
