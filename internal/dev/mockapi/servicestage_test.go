package mockapi_test

import (
	"cmp"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gitauth-dev/terraform-provider-gitauth/internal/dev/mockapi"
)

// wireFields are the fields of an authorization on the wire, the vendor's spelling `avartar` included.
var wireFields = []string{"avartar", "create_time", "name", "repo_home", "repo_host", "repo_type", "repo_user",
	"status", "tag", "token_type", "update_time"}

// startServiceStage returns a mock on the shared clock and the endpoint the provider would be given.
func startServiceStage(t *testing.T) (*mockapi.Server, string) {
	t.Helper()
	m := mockapi.New(mockapi.Options{Now: func() time.Time { return today }})
	srv := httptest.NewServer(m)
	t.Cleanup(srv.Close)
	return m, srv.URL
}

// authsURL is the URL of project's authorizations, followed by rest.
func authsURL(base, project, rest string) string {
	return base + "/v1/" + project + "/git/auths" + rest
}

// ssRequest builds a request as the API reference's examples do: a JSON body and no credential yet.
func ssRequest(method, url, body string) *http.Request {
	req, _ := http.NewRequest(method, url, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json;charset=utf8")
	return req
}

// ssDo sends req and returns its status and raw body.
func ssDo(t *testing.T, req *http.Request) (int, []byte) {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = resp.Body.Close() }()
	raw, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, raw
}

// ssCall sends a request with the IAM token and decodes the JSON answer, if any, into a map.
func ssCall(t *testing.T, method, url, body string) (int, map[string]any) {
	t.Helper()
	req := ssRequest(method, url, body)
	req.Header.Set("X-Auth-Token", mockapi.ServiceStageAuthToken)
	return decode(t, req)
}

// decode sends req and decodes the JSON answer, if any, into a map.
func decode(t *testing.T, req *http.Request) (int, map[string]any) {
	t.Helper()
	status, raw := ssDo(t, req)
	if len(raw) == 0 {
		return status, nil
	}
	var v map[string]any
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatalf("answer is not a JSON object: %s", raw)
	}
	return status, v
}

// signature computes an AK/SK signature as the signing guide describes, apart from the mock's
// verifier so that each checks the other. It covers what these tests send: paths of unreserved
// characters, query values that need no escaping, one value per header.
func signature(req *http.Request, sk, body string, signed []string) string {
	var headers strings.Builder
	for _, h := range signed {
		v := req.Header.Get(h)
		if h == "host" {
			v = req.Host
		}
		headers.WriteString(h + ":" + strings.TrimSpace(v) + "\n")
	}
	bodySum := sha256.Sum256([]byte(body))
	canonical := strings.Join([]string{req.Method, strings.TrimSuffix(req.URL.Path, "/") + "/", req.URL.Query().Encode(),
		headers.String(), strings.Join(signed, ";"), hex.EncodeToString(bodySum[:])}, "\n")
	sum := sha256.Sum256([]byte(canonical))
	mac := hmac.New(sha256.New, []byte(sk))
	mac.Write([]byte("SDK-HMAC-SHA256\n" + req.Header.Get("X-Sdk-Date") + "\n" + hex.EncodeToString(sum[:])))
	return hex.EncodeToString(mac.Sum(nil))
}

// sign signs req with an access key pair, for the header names given (lower-case, sorted).
func sign(req *http.Request, ak, sk, body string, signed ...string) *http.Request {
	req.Header.Set("Authorization", "SDK-HMAC-SHA256 Access="+ak+", SignedHeaders="+strings.Join(signed, ";")+
		", Signature="+signature(req, sk, body, signed))
	return req
}

// signable is a request dated now, naming project in X-Project-Id, as the provider sends it.
func signable(method, url, body, project string) *http.Request {
	req := ssRequest(method, url, body)
	req.Header.Set("X-Project-Id", project)
	req.Header.Set("X-Sdk-Date", time.Now().UTC().Format("20060102T150405Z"))
	return req
}

// providerSigned are the headers the provider, as the official SDK, signs with a permanent key.
var providerSigned = []string{"x-project-id", "x-sdk-date"}

// The test's own signer computes the official vector, so a request it signs is signed right.
func TestServiceStageTestSignerComputesTheOfficialVector(t *testing.T) {
	t.Parallel()
	req, _ := http.NewRequest("GET", "https://service.region.example.com/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs?limit=2&marker=13551d6b-755d-4757-b956-536f674975c0", nil)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Sdk-Date", "20191115T033655Z")
	got := signature(req, "MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc", "", []string{"content-type", "host", "x-sdk-date"})
	if got != "7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe" {
		t.Errorf("signature %s", got)
	}
}

// The create example of the API reference, then the list, as on the wire.
func TestServiceStageDocumentedExample(t *testing.T) {
	t.Parallel()
	m, base := startServiceStage(t)
	req := ssRequest("POST", authsURL(base, mockapi.ServiceStageProject, "/github/personal"),
		`{"name":"token1","token":"ghp_exampleToken","host":"https://github.com/tom-repo"}`)
	req.Header.Set("X-Auth-Token", mockapi.ServiceStageAuthToken)
	status, raw := ssDo(t, req)
	var created struct{ Authorization map[string]json.RawMessage }
	if err := json.Unmarshal(raw, &created); status != 200 || err != nil {
		t.Fatalf("create: %d %s", status, raw)
	}
	a := created.Authorization
	if keys := slices.Sorted(maps.Keys(a)); !slices.Equal(keys, wireFields) {
		t.Errorf("create answered fields %v, want exactly %v", keys, wireFields)
	}
	want := map[string]string{"name": `"token1"`, "repo_type": `"github"`, "repo_host": `"https://api.github.com"`,
		"repo_home": `"https://github.com/tom-repo"`, "repo_user": `"tom-repo"`, "token_type": `"personal"`, "status": "0",
		"tag": "null", "create_time": "1773144000000", "update_time": "1773144000000"}
	for k, v := range want {
		if string(a[k]) != v {
			t.Errorf("%s = %s, want %s", k, a[k], v)
		}
	}
	if !strings.HasPrefix(string(a["avartar"]), `"https://avatars.githubusercontent.com/u/`) {
		t.Errorf("avartar %s", a["avartar"])
	}

	status, list := ssCall(t, "GET", authsURL(base, mockapi.ServiceStageProject, ""), "")
	auths := list["authorizations"].([]any)
	var got []string
	for _, x := range auths {
		got = append(got, x.(map[string]any)["name"].(string)+" "+x.(map[string]any)["repo_type"].(string))
	}
	if want := []string{"seeded-bitbucket bitbucket", "seeded-github github", "token1 github"}; status != 200 ||
		!slices.Equal(got, want) || list["count"] != 3.0 {
		t.Errorf("list: %d %v, want %v by creation time, types in lower case as the create answers them, count 3", status, list, want)
	}
	if strings.Contains(string(raw), "ghp_") || strings.Contains(jsonString(t, list), "ghp_") {
		t.Errorf("the token is never returned: %s", raw)
	}
	if inv := m.ServiceStageAuthorizations(mockapi.ServiceStageProject); inv[2].Secret != "ghp_exampleToken" ||
		inv[2].Host != "https://github.com/tom-repo" || inv[2].RepoType != "github" {
		t.Errorf("the mock keeps the secret and host as sent: %+v", inv[2])
	}
}

func jsonString(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestServiceStageListWireShape(t *testing.T) {
	t.Parallel()
	_, base := startServiceStage(t)
	req := ssRequest("GET", authsURL(base, mockapi.ServiceStageProject, ""), "")
	req.Header.Set("X-Auth-Token", mockapi.ServiceStageAuthToken)
	status, raw := ssDo(t, req)
	var list struct {
		Authorizations []map[string]json.RawMessage
		Count          int
	}
	if err := json.Unmarshal(raw, &list); status != 200 || err != nil || list.Count != 2 {
		t.Fatalf("list: %d %s", status, raw)
	}
	for _, a := range list.Authorizations {
		if keys := slices.Sorted(maps.Keys(a)); !slices.Equal(keys, wireFields) {
			t.Errorf("listed fields %v, want exactly %v", keys, wireFields)
		}
	}
	bitbucket, github := list.Authorizations[0], list.Authorizations[1]
	if string(bitbucket["tag"]) != `"bitbucket.org"` || string(bitbucket["token_type"]) != `"oauth"` ||
		string(github["tag"]) != "null" || string(github["create_time"]) != "1767600000000" {
		t.Errorf("seeds: %s", raw)
	}

	req = ssRequest("GET", authsURL(base, mockapi.ServiceStageEmptyProject, ""), "")
	req.Header.Set("X-Auth-Token", mockapi.ServiceStageAuthToken)
	if status, raw := ssDo(t, req); status != 200 || strings.TrimSpace(string(raw)) != `{"authorizations":[],"count":0}` {
		t.Errorf("empty project: %d %s", status, raw)
	}
}

func TestServiceStageCreateValidation(t *testing.T) {
	t.Parallel()
	_, base := startServiceStage(t)
	cases := []struct{ path, body, code string }{
		{"/github/personal", `{"name":"abc","token":"t"}`, "SVCSTG.REPO.0400"},
		{"/github/personal", `{"name":"` + strings.Repeat("a", 64) + `","token":"t"}`, "SVCSTG.REPO.0400"},
		{"/github/personal", `{"name":"bad name","token":"t"}`, "SVCSTG.REPO.0400"},
		{"/github/personal", `{"name":5,"token":"t"}`, "SVCSTG.REPO.0400"},
		{"/github/personal", `{"name":"good-name"}`, "SVCSTG.REPO.0400"},
		{"/github/personal", `{"name":"good-name","token":""}`, "SVCSTG.REPO.0400"},
		{"/github/personal", `not json`, "SVCSTG.REPO.0400"},
		{"/github/personal", ``, "SVCSTG.REPO.0400"},
		{"/gitlab/personal", `{"name":"good-name","token":"t","host":"ftp://gitlab.example.com"}`, "SVCSTG.REPO.0400"},
		{"/gitlab/personal", `{"name":"good-name","token":"t","host":"gitlab.example.com/alice"}`, "SVCSTG.REPO.0400"},
		{"/bitbucket/password", `{"name":"good-name","user":"bob"}`, "SVCSTG.REPO.0400"},
		{"/bitbucket/personal", `{"name":"good-name","token":"t"}`, "SVCSTG.REPO.0401"},
		{"/GitHub/personal", `{"name":"good-name","token":"t"}`, "SVCSTG.REPO.0401"},
		{"/github/password", `{"name":"good-name","user":"bob","password":"p"}`, "SVCSTG.REPO.0401"},
		{"/github/personal", `{"name":"seeded-github","token":"t"}`, "SVCSTG.REPO.0403"},
		{"/github/personal", `{"name":"good-name","token":"` + mockapi.ServiceStageRejectedToken + `"}`, "SVCSTG.REPO.0451"},
	}
	for _, c := range cases {
		status, v := ssCall(t, "POST", authsURL(base, mockapi.ServiceStageProject, c.path), c.body)
		if status != 400 || v["error_code"] != c.code || v["error_msg"] == "" || len(v) != 2 {
			t.Errorf("%s %s: %d %v, want 400 %s", c.path, c.body, status, v, c.code)
		}
	}
	_, v := ssCall(t, "POST", authsURL(base, mockapi.ServiceStageProject, "/github/personal"), `{"name":"seeded-github","token":"t"}`)
	if v["error_msg"] != "Authorization seeded-github already exists" {
		t.Errorf("duplicate: %v", v)
	}
	if status, _ := ssCall(t, "POST", authsURL(base, mockapi.ServiceStageEmptyProject, "/github/personal"), `{"name":"seeded-github","token":"t"}`); status != 200 {
		t.Errorf("names are unique per project only: %d", status)
	}
}

func TestServiceStageDerivedRepositoryFields(t *testing.T) {
	t.Parallel()
	m, base := startServiceStage(t)
	cases := []struct {
		path, body               string
		host, home, user, tokens string
	}{
		// A server, with or without a sub-path: the home is the token user's page there.
		{"/gitlab/personal", `{"name":"gl-self","token":"t","host":"https://192.168.1.1:8080/gitlab"}`,
			"https://192.168.1.1:8080", "https://192.168.1.1:8080/gitlab/mock-user", "mock-user", "personal"},
		{"/gitlab/personal", `{"name":"gl-self2","token":"t","host":"https://gitlab.example.com/"}`,
			"https://gitlab.example.com", "https://gitlab.example.com/mock-user", "mock-user", "personal"},
		// An organization URL on the public host stays the home, as in the API reference's example.
		{"/github/personal", `{"name":"gh-org","token":"t","host":"https://github.com/tom-repo"}`,
			"https://api.github.com", "https://github.com/tom-repo", "tom-repo", "personal"},
		{"/gitlab/personal", `{"name":"gl-org","token":"t","host":"https://GitLab.com/group/alice/"}`,
			"https://GitLab.com", "https://GitLab.com/group/alice", "alice", "personal"},
		{"/gitlab/personal", `{"name":"gl-com","token":"t"}`, "https://gitlab.com", "https://gitlab.com/mock-user", "mock-user", "personal"},
		{"/gitee/personal", `{"name":"gitee","token":"t"}`, "https://gitee.com", "https://gitee.com/mock-user", "mock-user", "personal"},
		{"/bitbucket/password", `{"name":"bb-pass","user":"bob","password":"app-password"}`,
			"https://api.bitbucket.org", "https://bitbucket.org/bob", "bob", "password"},
	}
	for _, c := range cases {
		status, v := ssCall(t, "POST", authsURL(base, mockapi.ServiceStageEmptyProject, c.path), c.body)
		a, _ := v["authorization"].(map[string]any)
		if status != 200 || a["repo_host"] != c.host || a["repo_home"] != c.home || a["repo_user"] != c.user || a["token_type"] != c.tokens {
			t.Errorf("%s %s: %d %v", c.path, c.body, status, v)
		}
	}
	// All made at the same instant, they are listed by name: bb-pass first.
	if got := m.ServiceStageAuthorizations(mockapi.ServiceStageEmptyProject); got[0].Secret != "app-password" || got[0].RepoType != "bitbucket" {
		t.Errorf("a password is held as the secret: %+v", got[0])
	}
}

func TestServiceStageUnknownProjectAndDelete(t *testing.T) {
	t.Parallel()
	_, base := startServiceStage(t)
	const other = "00000000000000000000000000000000"
	for _, c := range []struct{ method, rest, body string }{
		{"GET", "", ""}, {"POST", "/github/personal", `{"name":"token1","token":"t"}`}, {"DELETE", "/seeded-github", ""},
	} {
		status, v := ssCall(t, c.method, authsURL(base, other, c.rest), c.body)
		if status != 404 || v["error_code"] != "SVCSTG.00100404" || v["error_msg"] != "Project "+other+" not found" {
			t.Errorf("%s on an unknown project: %d %v", c.method, status, v)
		}
	}
	req := ssRequest("GET", authsURL(base, other, ""), "")
	req.Header.Set("X-Auth-Token", "wrong")
	if status, _ := decode(t, req); status != 401 {
		t.Errorf("the credential is checked before the project: %d", status)
	}

	req = ssRequest("DELETE", authsURL(base, mockapi.ServiceStageProject, "/seeded-github"), "")
	req.Header.Set("X-Auth-Token", mockapi.ServiceStageAuthToken)
	if status, raw := ssDo(t, req); status != 204 || len(raw) != 0 {
		t.Errorf("delete: %d %q, want 204 without a body", status, raw)
	}
	// The error-code table has no 404 for git authorizations: a name gone is "no repository authorization".
	status, v := ssCall(t, "DELETE", authsURL(base, mockapi.ServiceStageProject, "/seeded-github"), "")
	if status != 400 || v["error_code"] != "SVCSTG.REPO.0450" || v["error_msg"] != "No repository authorization: seeded-github" {
		t.Errorf("delete again: %d %v", status, v)
	}
}

func TestServiceStageTokenAuth(t *testing.T) {
	t.Parallel()
	_, base := startServiceStage(t)
	for token, reason := range map[string]string{"": "x-auth-token not found", "wrong": "decrypt token fail"} {
		req := ssRequest("GET", authsURL(base, mockapi.ServiceStageProject, ""), "")
		if token != "" {
			req.Header.Set("X-Auth-Token", token)
		}
		_, v := decode(t, req)
		checkRefused(t, "token "+token, req, v, reason)
	}
}

// checkRefused checks the gateway's answer to a request it does not authenticate.
func checkRefused(t *testing.T, what string, req *http.Request, v map[string]any, reason string) {
	t.Helper()
	id, _ := v["request_id"].(string)
	if v["error_code"] != "APIGW.0301" || !regexp.MustCompile(`^[0-9a-f]{32}$`).MatchString(id) ||
		v["error_msg"] != "Incorrect IAM authentication information: "+reason {
		t.Errorf("%s (%s): %v, want APIGW.0301 %q", what, req.Header.Get("Authorization"), v, reason)
	}
}

func TestServiceStageSignedRequests(t *testing.T) {
	t.Parallel()
	m, base := startServiceStage(t)
	project := mockapi.ServiceStageProject
	ak, sk := mockapi.ServiceStageAccessKey, mockapi.ServiceStageSecretKey

	body := `{"name":"signed","token":"t"}`
	req := sign(signable("POST", authsURL(base, project, "/github/personal"), body, project), ak, sk, body, providerSigned...)
	if status, v := decode(t, req); status != 200 {
		t.Fatalf("signed create: %d %v", status, v)
	}
	// The gateway verifies over whatever SignedHeaders lists, as long as x-sdk-date is in it.
	for name, signed := range map[string][]string{
		"the official SDK's set":    {"x-project-id", "x-sdk-date", "x-security-token"},
		"host and content-type too": {"content-type", "host", "x-project-id", "x-sdk-date", "x-security-token"},
		// golangsdk signs first, then adds X-Project-Id and X-Security-Token.
		"golangsdk's, project and token unsigned": {"content-type", "host", "x-sdk-date"},
		"the date alone": {"x-sdk-date"},
	} {
		temp := signable("GET", authsURL(base, project, ""), "", project)
		temp.Header.Set("X-Security-Token", mockapi.ServiceStageSecurityToken)
		sign(temp, mockapi.ServiceStageTempAccessKey, mockapi.ServiceStageTempSecretKey, "", signed...)
		if status, v := decode(t, temp); status != 200 || v["count"] != 3.0 {
			t.Errorf("temporary key, %s: %d %v", name, status, v)
		}
	}
	req = sign(signable("DELETE", authsURL(base, project, "/signed"), "", project), ak, sk, "", "host", "x-project-id", "x-sdk-date")
	if status, _ := decode(t, req); status != 204 {
		t.Errorf("signed delete without content-type signed: %d", status)
	}
	if n := m.Calls(mockapi.RouteServiceStageDeleteAuth); n != 1 {
		t.Errorf("delete calls = %d", n)
	}
}

func TestServiceStageSignatureRefused(t *testing.T) {
	t.Parallel()
	_, base := startServiceStage(t)
	project, url := mockapi.ServiceStageProject, authsURL(base, mockapi.ServiceStageProject, "")
	ak, sk := mockapi.ServiceStageAccessKey, mockapi.ServiceStageSecretKey
	tempAK, tempSK := mockapi.ServiceStageTempAccessKey, mockapi.ServiceStageTempSecretKey
	// get is a list request, changed by edit before it is signed.
	get := func(edit func(*http.Request)) *http.Request {
		req := signable("GET", url, "", project)
		if edit != nil {
			edit(req)
		}
		return req
	}
	with := func(k, v string) func(*http.Request) { return func(r *http.Request) { r.Header.Set(k, v) } }
	without := func(k string) func(*http.Request) { return func(r *http.Request) { r.Header.Del(k) } }
	stale := time.Now().UTC().Add(-16 * time.Minute).Format("20060102T150405Z")
	rfc3339 := time.Now().UTC().Format(time.RFC3339)

	tamperedDate := sign(get(nil), ak, sk, "", providerSigned...)
	tamperedDate.Header.Set("X-Sdk-Date", time.Now().UTC().Add(time.Minute).Format("20060102T150405Z"))
	tamperedBody := sign(signable("POST", authsURL(base, project, "/github/personal"), `{"name":"other","token":"t"}`, project),
		ak, sk, `{"name":"signed","token":"t"}`, providerSigned...)

	const fail = "verify aksk signature fail"
	cases := map[string]struct {
		req    *http.Request
		reason string
	}{
		"wrong secret":     {sign(get(nil), ak, "other-secret", "", providerSigned...), fail},
		"tampered date":    {tamperedDate, fail},
		"tampered body":    {tamperedBody, fail},
		"stale date":       {sign(get(with("X-Sdk-Date", stale)), ak, sk, "", providerSigned...), fail + ", X-Sdk-Date " + stale + " is more than 15 minutes from the server's time"},
		"malformed date":   {sign(get(with("X-Sdk-Date", rfc3339)), ak, sk, "", providerSigned...), fail + `, X-Sdk-Date "` + rfc3339 + `" is not of the form 20060102T150405Z`},
		"date unsigned":    {sign(get(nil), ak, sk, "", "content-type", "host", "x-project-id"), fail + ", x-sdk-date must be signed"},
		"no project":       {sign(get(without("X-Project-Id")), ak, sk, "", "content-type", "host", "x-sdk-date"), fail + ", X-Project-Id must be sent"},
		"signed, not sent": {sign(get(nil), ak, sk, "", "x-project-id", "x-sdk-date", "x-security-token"), fail + ", signed header x-security-token was not sent"},
		"signed header changed": {changed(sign(get(nil), ak, sk, "", "content-type", "x-project-id", "x-sdk-date"), "Content-Type", "text/plain"),
			fail},
		"unsigned project changed": {changed(sign(get(nil), ak, sk, "", "x-sdk-date"), "X-Project-Id", mockapi.ServiceStageEmptyProject),
			fail + ", X-Project-Id " + mockapi.ServiceStageEmptyProject + " is not the project of the path"},
		"query a parser drops, added": {withQuery(sign(get(nil), ak, sk, "", providerSigned...), "limit=1;drop=1"),
			fail + ", the query string is malformed"},
		"project sent twice": {added(sign(get(nil), ak, sk, "", "x-sdk-date"), "X-Project-Id", mockapi.ServiceStageEmptyProject),
			fail + ", X-Project-Id and X-Security-Token must be sent once"},
		"other project": {sign(get(with("X-Project-Id", mockapi.ServiceStageEmptyProject)), ak, sk, "", providerSigned...),
			fail + ", X-Project-Id " + mockapi.ServiceStageEmptyProject + " is not the project of the path"},
		"unknown key":                  {sign(get(nil), "NOSUCHKEY", sk, "", providerSigned...), "Get secretKey failed,ak:NOSUCHKEY,err:ak not exist"},
		"temporary key, no token":      {sign(get(nil), tempAK, tempSK, "", providerSigned...), fail + ", a temporary access key needs its X-Security-Token"},
		"temporary key, another token": {sign(get(with("X-Security-Token", "other")), tempAK, tempSK, "", providerSigned...), fail + ", a temporary access key needs its X-Security-Token"},
		"temporary key, token changed": {changed(sign(get(with("X-Security-Token", mockapi.ServiceStageSecurityToken)), tempAK, tempSK, "", "x-project-id", "x-sdk-date", "x-security-token"), "X-Security-Token", mockapi.ServiceStageSecurityToken+"x"), fail + ", a temporary access key needs its X-Security-Token"},
		"not SDK-HMAC-SHA256":          {get(with("Authorization", "Bearer x")), fail + ", Authorization is not SDK-HMAC-SHA256 Access=..., SignedHeaders=..., Signature=..."},
	}
	for name, c := range cases {
		status, v := decode(t, c.req)
		if status != 401 {
			t.Errorf("%s: %d %v, want 401", name, status, v)
			continue
		}
		checkRefused(t, name, c.req, v, c.reason)
	}
}

// changed is req with the header k set to v after signing, as on the way.
func changed(req *http.Request, k, v string) *http.Request {
	req.Header.Set(k, v)
	return req
}

// added is req with a value v of the header k added after signing.
func added(req *http.Request, k, v string) *http.Request {
	req.Header.Add(k, v)
	return req
}

// withQuery is req with query added after signing.
func withQuery(req *http.Request, query string) *http.Request {
	req.URL.RawQuery = query
	return req
}

// A path under /v1/ that is no git authorization route is an API the gateway does not publish.
func TestServiceStageUnknownAPI(t *testing.T) {
	t.Parallel()
	_, base := startServiceStage(t)
	status, v := ssCall(t, "GET", base+"/v1/"+mockapi.ServiceStageProject+"/git/repos", "")
	if status != 404 || v["error_code"] != "APIGW.0101" {
		t.Errorf("an unknown API: %d %v, want 404 APIGW.0101", status, v)
	}
}

// Every answer of the gateway names its request in X-Request-Id, as the official SDK reads it, and
// a body's request_id is the same ID: answers of the API, of the gateway, and injected faults.
func TestServiceStageRequestID(t *testing.T) {
	t.Parallel()
	m, base := startServiceStage(t)
	list, create := authsURL(base, mockapi.ServiceStageProject, ""), authsURL(base, mockapi.ServiceStageProject, "/github/personal")
	body := `{"name":"token1","token":"t"}`
	cases := []struct {
		name, method, url, body string
		token                   string // the IAM token's, when empty
		fault                   *mockapi.Fault
		status                  int
	}{
		{"list", "GET", list, "", "", nil, 200},
		{"create", "POST", create, body, "", nil, 200},
		{"duplicate", "POST", create, body, "", nil, 400},
		{"delete", "DELETE", authsURL(base, mockapi.ServiceStageProject, "/token1"), "", "", nil, 204},
		{"delete of a gone name", "DELETE", authsURL(base, mockapi.ServiceStageProject, "/token1"), "", "", nil, 400},
		{"bad credential", "GET", list, "", "wrong", nil, 401},
		{"unknown project", "GET", authsURL(base, "0000", ""), "", "", nil, 404},
		{"unknown API", "GET", base + "/v1/" + mockapi.ServiceStageProject + "/git/repos", "", "", nil, 404},
		{"unpublished method", "PUT", list, "", "", nil, 404},
		{"429", "GET", list, "", "", &mockapi.Fault{Status: 429, RetryAfter: "1"}, 429},
		{"502 after processing", "POST", create, `{"name":"token2","token":"t"}`, "", &mockapi.Fault{Status: 502, ProcessFirst: true}, 502},
		{"injected 404", "GET", list, "", "", &mockapi.Fault{Status: 404}, 404},
		{"slow, refused", "GET", list, "", "wrong", &mockapi.Fault{Delay: time.Millisecond}, 401},
	}
	hex32 := regexp.MustCompile(`^[0-9a-f]{32}$`)
	for _, c := range cases {
		if c.fault != nil {
			m.InjectPathFault(c.method, strings.TrimPrefix(c.url, base), 1, *c.fault)
		}
		req := ssRequest(c.method, c.url, c.body)
		req.Header.Set("X-Auth-Token", cmp.Or(c.token, mockapi.ServiceStageAuthToken))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		raw, _ := io.ReadAll(resp.Body)
		_ = resp.Body.Close()
		id := resp.Header.Get("X-Request-Id")
		var v map[string]any
		_ = json.Unmarshal(raw, &v)
		if resp.StatusCode != c.status || !hex32.MatchString(id) {
			t.Errorf("%s: %d, X-Request-Id %q, want %d and 32 hex digits", c.name, resp.StatusCode, id, c.status)
		}
		if bodyID, ok := v["request_id"]; ok && bodyID != id {
			t.Errorf("%s: request_id %v in the body, %q in X-Request-Id", c.name, bodyID, id)
		}
	}
}

func TestServiceStageFaults(t *testing.T) {
	t.Parallel()
	m, base := startServiceStage(t)
	create := authsURL(base, mockapi.ServiceStageProject, "/github/personal")
	m.InjectFault(mockapi.RouteServiceStageCreatePersonal, 1, mockapi.Fault{Status: 429, RetryAfter: "3"})
	status, v := ssCall(t, "POST", create, `{"name":"token1","token":"t"}`)
	if id, _ := v["request_id"].(string); status != 429 || v["error_code"] != "APIGW.0308" || len(id) != 32 ||
		v["error_msg"] != "The throttling threshold has been reached: policy user over ratelimit, limit:100, time:1 minute" {
		t.Errorf("429: %d %v", status, v)
	}
	if status, _ := ssCall(t, "POST", create, `{"name":"token1","token":"t"}`); status != 200 {
		t.Errorf("fault outlived its count: %d", status)
	}
	if n := m.Calls(mockapi.RouteServiceStageCreatePersonal); n != 2 {
		t.Errorf("Calls = %d, want 2, the faulted call included", n)
	}
	m.InjectFault(mockapi.RouteServiceStageListAuths, 1, mockapi.Fault{Status: 503})
	status, v = ssCall(t, "GET", authsURL(base, mockapi.ServiceStageProject, ""), "")
	if status != 503 || v["code"] != "APIGW.0201" || v["message"] != "Request error: Service Unavailable" {
		t.Errorf("503: %d %v, want the code/message shape", status, v)
	}
	m.InjectFault(mockapi.RouteServiceStageDeleteAuth, 1, mockapi.Fault{Status: 409})
	if status, v = ssCall(t, "DELETE", authsURL(base, mockapi.ServiceStageProject, "/token1"), ""); status != 409 || v["error_code"] != "SVCSTG.00100409" {
		t.Errorf("409: %d %v", status, v)
	}
}

func TestServiceStageOutOfBand(t *testing.T) {
	t.Parallel()
	m, base := startServiceStage(t)
	project := mockapi.ServiceStageProject
	m.AddServiceStageAuthorization(mockapi.ServiceStageAuthorization{Project: project, Name: "console", RepoType: "gitlab",
		TokenType: "oauth", CreateTime: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC).UnixMilli()})
	m.AddServiceStageAuthorization(mockapi.ServiceStageAuthorization{Project: project, Name: "late", RepoType: "gitee", TokenType: "personal"})
	if !m.SetServiceStageStatus(project, "seeded-github", 1) || m.SetServiceStageStatus(project, "nope", 1) {
		t.Error("SetServiceStageStatus reports whether the authorization exists")
	}
	if !m.RemoveServiceStageAuthorization(project, "seeded-bitbucket") || m.RemoveServiceStageAuthorization(project, "seeded-bitbucket") {
		t.Error("RemoveServiceStageAuthorization reports whether the authorization existed")
	}
	_, v := ssCall(t, "GET", authsURL(base, project, ""), "")
	var got []string
	for _, x := range v["authorizations"].([]any) {
		a := x.(map[string]any)
		got = append(got, a["name"].(string)+" "+a["repo_type"].(string)+" "+jsonString(t, a["status"]))
	}
	if want := []string{"console gitlab 0", "seeded-github github 1", "late gitee 0"}; !slices.Equal(got, want) {
		t.Errorf("list %v, want %v", got, want)
	}
	auths := m.ServiceStageAuthorizations(project)
	if auths[2].CreateTime != today.UnixMilli() || auths[2].UpdateTime != today.UnixMilli() {
		t.Errorf("zero times become the mock clock's now: %+v", auths[2])
	}
	if auths[0].UpdateTime != auths[0].CreateTime {
		t.Errorf("a zero update time is the creation time: %+v", auths[0])
	}

	fresh := mockapi.New(mockapi.Options{}).ServiceStageAuthorizations(project)
	if len(fresh) != 2 || fresh[0].Tag == nil || *fresh[0].Tag != "bitbucket.org" {
		t.Fatalf("each New holds fresh seeds: %+v", fresh)
	}
	*fresh[0].Tag = "changed"
	if again := mockapi.New(mockapi.Options{}).ServiceStageAuthorizations(project); *again[0].Tag != "bitbucket.org" {
		t.Error("a seed's tag is shared between servers")
	}
}

func TestServiceStageInventory(t *testing.T) {
	t.Parallel()
	_, base := startServiceStage(t)
	ssCall(t, "POST", authsURL(base, mockapi.ServiceStageEmptyProject, "/github/personal"), `{"name":"token1","token":"ghp_x"}`)
	req, _ := http.NewRequest("GET", base+"/_mock/inventory", nil)
	_, v := decode(t, req)
	inv := v["servicestage"].(map[string]any)
	auths := inv["authorizations"].([]any)
	last := auths[len(auths)-1].(map[string]any)
	if len(inv["projects"].([]any)) != 2 || len(auths) != 3 || last["secret"] != "ghp_x" ||
		last["project_id"] != mockapi.ServiceStageEmptyProject || last["repo_type"] != "github" {
		t.Errorf("inventory: %v", inv)
	}
}

// The requests the official SDK signed (at a fixed date, when the gateway's clock is that date)
// pass through the mock over HTTP as through ServiceStage's gateway: lists, creates with a
// permanent and a temporary key, a delete, and a delete of a name that is not there.
func TestServiceStageServesTheOfficialSDKsRequests(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile("../../servicestage/signer/testdata/sdk-signatures.json")
	if err != nil {
		t.Fatal(err)
	}
	var vectors []struct {
		Name, Method, URL, Body string
		Headers                 map[string]string
	}
	if err := json.Unmarshal(data, &vectors); err != nil {
		t.Fatal(err)
	}
	signedAt := time.Date(2026, 12, 5, 0, 0, 0, 0, time.UTC)
	srv := httptest.NewServer(mockapi.New(mockapi.Options{Now: func() time.Time { return today },
		GatewayNow: func() time.Time { return signedAt.Add(5 * time.Minute) }}))
	t.Cleanup(srv.Close)
	want := []int{200, 200, 200, 200, 200, 200, 204, 400}
	for i, v := range vectors {
		u, err := url.Parse(v.URL)
		if err != nil {
			t.Fatal(err)
		}
		req, _ := http.NewRequest(v.Method, srv.URL+u.RequestURI(), strings.NewReader(v.Body))
		for k, value := range v.Headers {
			req.Header.Set(k, value)
		}
		status, body := ssDo(t, req)
		if status != want[i] {
			t.Errorf("%s: %d %s, want %d", v.Name, status, body, want[i])
		}
	}
}
