package mockapi

import (
	"cmp"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"net/http"
	"net/url"
	"path"
	"regexp"
	"slices"
	"strings"
	"time"
)

// Huawei Cloud ServiceStage projects and credentials. ServiceStageProject holds the two seeded
// authorizations and ServiceStageEmptyProject none; any other project answers 404. A request passes
// with ServiceStageAuthToken as X-Auth-Token, or signed with an access key pair; the temporary pair
// must also send and sign ServiceStageSecurityToken as X-Security-Token.
const (
	ServiceStageProject       = "0123456789abcdef0123456789abcdef"
	ServiceStageEmptyProject  = "fedcba9876543210fedcba9876543210"
	ServiceStageAuthToken     = "mock-iam-token"
	ServiceStageAccessKey     = "MOCKACCESSKEY0000000A"
	ServiceStageSecretKey     = "mock-secret-key"
	ServiceStageTempAccessKey = "MOCKTEMPACCESSKEY00B"
	ServiceStageTempSecretKey = "mock-temp-secret-key"
	ServiceStageSecurityToken = "mock-security-token"
	// ServiceStageRejectedToken is a token the repository refuses: its create answers 400
	// SVCSTG.REPO.0451.
	ServiceStageRejectedToken = "mock-rejected-repo-token"
)

// ServiceStage routes, as names for Calls and InjectFault. They are at the root of the mock's URL,
// which is the endpoint for the provider and for the official clients: the official SDK puts the
// API at the root of its endpoint.
const (
	RouteServiceStageListAuths      = "GET /v1/{project_id}/git/auths"
	RouteServiceStageCreatePersonal = "POST /v1/{project_id}/git/auths/{repo_type}/personal"
	RouteServiceStageCreatePassword = "POST /v1/{project_id}/git/auths/{repo_type}/password"
	RouteServiceStageDeleteAuth     = "DELETE /v1/{project_id}/git/auths/{name}"
)

// servicestageProjects are the projects ServiceStage knows; any other answers 404.
var servicestageProjects = []string{ServiceStageProject, ServiceStageEmptyProject}

// ServiceStageAuthorization is an authorization as the mock holds it, secret included (inventory only).
type ServiceStageAuthorization struct {
	Project    string  `json:"project_id"`
	Name       string  `json:"name"`
	RepoType   string  `json:"repo_type"` // lowercase: github, gitlab, gitee, bitbucket
	RepoHost   string  `json:"repo_host"`
	RepoHome   string  `json:"repo_home"`
	RepoUser   string  `json:"repo_user"`
	Avatar     string  `json:"avartar"`
	TokenType  string  `json:"token_type"`  // personal, oauth, password
	CreateTime int64   `json:"create_time"` // ms since epoch, from the mock clock
	UpdateTime int64   `json:"update_time"`
	Status     int     `json:"status"` // 0 normal, 1 overdue, 2 unauthenticated
	Tag        *string `json:"tag"`
	Host       string  `json:"host"`   // as given at create; never on the wire
	Secret     string  `json:"secret"` // the token or password sent at create; never on the wire
}

// clone copies a, Tag included, so that no caller shares the mock's memory.
func (a ServiceStageAuthorization) clone() ServiceStageAuthorization {
	if a.Tag != nil {
		tag := *a.Tag
		a.Tag = &tag
	}
	return a
}

// servicestageAuthJSON is an authorization exactly as the API shows it: no project, host or secret.
type servicestageAuthJSON struct {
	Name       string  `json:"name"`
	RepoType   string  `json:"repo_type"`
	RepoHost   string  `json:"repo_host"`
	RepoHome   string  `json:"repo_home"`
	RepoUser   string  `json:"repo_user"`
	Avatar     string  `json:"avartar"`
	TokenType  string  `json:"token_type"`
	CreateTime int64   `json:"create_time"`
	UpdateTime int64   `json:"update_time"`
	Status     int     `json:"status"`
	Tag        *string `json:"tag"`
}

// wire returns a as the API shows it, in the list and in a create's answer alike: repo_type in
// lower case, as the official provider's acceptance test against the real API reads it from both.
func (a ServiceStageAuthorization) wire() servicestageAuthJSON {
	return servicestageAuthJSON{
		Name: a.Name, RepoType: a.RepoType, RepoHost: a.RepoHost, RepoHome: a.RepoHome, RepoUser: a.RepoUser,
		Avatar: a.Avatar, TokenType: a.TokenType, CreateTime: a.CreateTime, UpdateTime: a.UpdateTime,
		Status: a.Status, Tag: a.Tag,
	}
}

// servicestageSite is what the mock knows of a repository type.
type servicestageSite struct {
	web    string // the official site, for a user's home when no host is given
	api    string // repo_host; empty where the API is on the site's own host
	avatar string // avatar URL, formatted with a number standing for the user
	create string // the create endpoint ServiceStage implements for it: personal or password
}

var servicestageSites = map[string]servicestageSite{
	"github":    {"https://github.com", "https://api.github.com", "https://avatars.githubusercontent.com/u/%d", "personal"},
	"gitlab":    {"https://gitlab.com", "", "https://gitlab.com/uploads/-/system/user/avatar/%d/avatar.png", "personal"},
	"gitee":     {"https://gitee.com", "", "https://foruda.gitee.com/avatar/%d/avatar.png", "personal"},
	"bitbucket": {"https://bitbucket.org", "https://api.bitbucket.org", "https://bitbucket.org/account/%d/avatar/", "password"},
}

// derive fills in the repository fields ServiceStage learns from the site and the token's user
// (a.RepoUser). host is the repository server or an organization URL: an organization URL on the
// site's public host stays the home, its last segment the user (the API reference's example,
// https://github.com/tom-repo); on any other host, a server with or without a sub-path, the home is
// the token user's page there, server + "/" + user. No host is the public site.
func (site servicestageSite) derive(a *ServiceStageAuthorization) {
	server := strings.TrimRight(cmp.Or(a.Host, site.web), "/")
	u, err := url.Parse(server)
	if err != nil {
		u = &url.URL{}
	}
	if public, _ := url.Parse(site.web); strings.EqualFold(u.Host, public.Host) && strings.Trim(u.Path, "/") != "" {
		a.RepoUser = path.Base(u.Path)
		a.RepoHome = server
	} else {
		a.RepoHome = server + "/" + a.RepoUser
	}
	a.RepoHost = cmp.Or(site.api, u.Scheme+"://"+u.Host)
	h := fnv.New32a()
	_, _ = h.Write([]byte(a.RepoUser))
	a.Avatar = fmt.Sprintf(site.avatar, h.Sum32()%100000000)
}

type servicestageState struct {
	auths []ServiceStageAuthorization
	empty EmptyList
}

// EmptyList is how the list answers a project without authorizations. The official SDK declares
// the array optional, so a gateway may leave it out or send null; the count is there in each form.
type EmptyList string

const (
	EmptyListArray   EmptyList = ""        // "authorizations": [], the default
	EmptyListOmitted EmptyList = "omitted" // no "authorizations"
	EmptyListNull    EmptyList = "null"    // "authorizations": null
)

// SetServiceStageEmptyList sets how the list answers a project without authorizations.
func (s *Server) SetServiceStageEmptyList(form EmptyList) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.servicestage.empty = form
}

// newServiceStageState holds fresh copies of the seeds: seeded-github (a private token) and
// seeded-bitbucket (OAuth, made in the console, so without a host or a secret the mock knows).
func newServiceStageState() *servicestageState {
	tag := "bitbucket.org"
	seeds := []ServiceStageAuthorization{
		{Name: "seeded-bitbucket", RepoType: "bitbucket", TokenType: "oauth", Tag: &tag,
			CreateTime: time.Date(2025, 11, 20, 9, 30, 0, 0, time.UTC).UnixMilli()},
		{Name: "seeded-github", RepoType: "github", TokenType: "personal", Host: "https://github.com/seed-user",
			Secret: "ghp_mockSeededToken0000000000000000000", CreateTime: time.Date(2026, 1, 5, 8, 0, 0, 0, time.UTC).UnixMilli()},
	}
	for i := range seeds {
		a := &seeds[i]
		a.Project, a.RepoUser = ServiceStageProject, "seed-user"
		a.UpdateTime = a.CreateTime
		servicestageSites[a.RepoType].derive(a)
	}
	return &servicestageState{auths: seeds}
}

func (*servicestageState) name() string { return "servicestage" }

func (st *servicestageState) inventory(*Server) any {
	auths := make([]ServiceStageAuthorization, 0, len(st.auths))
	for _, a := range st.auths {
		auths = append(auths, a.clone())
	}
	return map[string]any{"projects": slices.Clone(servicestageProjects), "authorizations": auths}
}

// servicestageHandler serves a request already authenticated, for a project the mock knows.
type servicestageHandler func(w http.ResponseWriter, r *http.Request, project string)

func (st *servicestageState) route(s *Server) {
	for pattern, h := range map[string]servicestageHandler{
		RouteServiceStageListAuths:      s.servicestageList,
		RouteServiceStageCreatePersonal: s.servicestageCreate("personal"),
		RouteServiceStageCreatePassword: s.servicestageCreate("password"),
		RouteServiceStageDeleteAuth:     s.servicestageDelete,
	} {
		s.handle(pattern, servicestageError, s.servicestageAuth(h))
	}
	// Any other path under /v1/ is an API the gateway does not publish.
	s.mux.HandleFunc("/v1/", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusNotFound, map[string]string{"error_code": "APIGW.0101",
			"error_msg": "The API does not exist or has not been published in the environment", "request_id": gatewayID(w)})
	})
}

// servicestageError writes the error body of the gateway or of ServiceStage for a status: the
// gateway's for 401, 429 and 5xx (the 5xx ones in the code/message shape some gateways use),
// ServiceStage's generic one otherwise.
func servicestageError(w http.ResponseWriter, status int, message string) {
	id := gatewayID(w)
	switch {
	case status == http.StatusUnauthorized:
		writeJSON(w, status, map[string]string{"error_code": "APIGW.0301",
			"error_msg": "Incorrect IAM authentication information: " + message, "request_id": id})
	case status == http.StatusTooManyRequests:
		writeJSON(w, status, map[string]string{"error_code": "APIGW.0308",
			"error_msg":  "The throttling threshold has been reached: policy user over ratelimit, limit:100, time:1 minute",
			"request_id": id})
	case status >= 500:
		writeJSON(w, status, map[string]string{"code": "APIGW.0201", "message": "Request error: " + message})
	default:
		servicestageFail(w, status, fmt.Sprintf("SVCSTG.00100%d", status), message)
	}
}

// servicestageFail writes ServiceStage's own error body.
func servicestageFail(w http.ResponseWriter, status int, code, message string) {
	writeJSON(w, status, map[string]string{"error_code": code, "error_msg": message})
}

// servicestageInvalid writes ServiceStage's invalid parameter error.
func servicestageInvalid(w http.ResponseWriter, problem string) {
	servicestageFail(w, http.StatusBadRequest, "SVCSTG.REPO.0400", "Invalid parameter: "+problem)
}

// gatewayID is the ID the gateway names the answer with in X-Request-Id, set on w by the first
// call: 32 random hex digits. The official SDK reads the header as the request ID, and a body
// that carries a request_id carries the same one.
func gatewayID(w http.ResponseWriter) string {
	id := w.Header().Get("X-Request-Id")
	if id == "" {
		id = randomHex(16)
		w.Header().Set("X-Request-Id", id)
	}
	return id
}

// randomHex returns n random bytes in hex.
func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// servicestageAuth checks the credential, then the project, as the gateway and then ServiceStage
// do: a bad credential gets 401 whatever the project, an unknown project 404.
func (s *Server) servicestageAuth(next servicestageHandler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		gatewayID(w) // the gateway names every answer
		project := r.PathValue("project_id")
		if reason := servicestageAuthProblem(r, project, s.gatewayNow()); reason != "" {
			servicestageError(w, http.StatusUnauthorized, reason)
			return
		}
		if !slices.Contains(servicestageProjects, project) {
			servicestageError(w, http.StatusNotFound, "Project "+project+" not found")
			return
		}
		next(w, r, project)
	}
}

func (s *Server) servicestageList(w http.ResponseWriter, _ *http.Request, project string) {
	auths := s.ServiceStageAuthorizations(project)
	out := make([]servicestageAuthJSON, 0, len(auths))
	for _, a := range auths {
		out = append(out, a.wire())
	}
	answer := map[string]any{"authorizations": out, "count": len(out)}
	s.mu.Lock()
	empty := s.servicestage.empty
	s.mu.Unlock()
	switch {
	case len(out) > 0:
	case empty == EmptyListOmitted:
		delete(answer, "authorizations")
	case empty == EmptyListNull:
		answer["authorizations"] = nil
	}
	writeJSON(w, http.StatusOK, answer)
}

// servicestageCreateBody is the body of both creates: name, token and host for a private token;
// name, user and password for a password.
type servicestageCreateBody struct {
	Name     string `json:"name"`
	Token    string `json:"token"`
	Host     string `json:"host"`
	User     string `json:"user"`
	Password string `json:"password"`
}

var servicestageName = regexp.MustCompile(`^[A-Za-z0-9._-]{4,63}$`)

// servicestageCreate serves the create endpoint of kind, personal or password.
func (s *Server) servicestageCreate(kind string) servicestageHandler {
	return func(w http.ResponseWriter, r *http.Request, project string) {
		repoType := r.PathValue("repo_type")
		site, ok := servicestageSites[repoType]
		if !ok || site.create != kind {
			servicestageFail(w, http.StatusBadRequest, "SVCSTG.REPO.0401",
				fmt.Sprintf("Repository type not implemented: %s with %s authorization", repoType, kind))
			return
		}
		var in servicestageCreateBody
		if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
			servicestageInvalid(w, "request body is not a JSON object of strings: "+err.Error())
			return
		}
		a, problem := servicestageNew(kind, in)
		if problem != "" {
			servicestageInvalid(w, problem)
			return
		}
		if a.Secret == ServiceStageRejectedToken {
			servicestageFail(w, http.StatusBadRequest, "SVCSTG.REPO.0451",
				"Repository authorization invalid: "+repoType+" refused the token of authorization "+a.Name)
			return
		}
		a.Project, a.RepoType = project, repoType
		a.CreateTime = s.now().UnixMilli()
		a.UpdateTime = a.CreateTime
		site.derive(&a)

		s.mu.Lock()
		defer s.mu.Unlock()
		if s.servicestageIndex(project, a.Name) >= 0 {
			servicestageFail(w, http.StatusBadRequest, "SVCSTG.REPO.0403", "Authorization "+a.Name+" already exists")
			return
		}
		s.servicestage.auths = append(s.servicestage.auths, a)
		writeJSON(w, http.StatusOK, map[string]any{"authorization": a.wire()})
	}
}

// servicestageNew validates a create's body and builds its authorization, or says what is wrong.
func servicestageNew(kind string, in servicestageCreateBody) (ServiceStageAuthorization, string) {
	a := ServiceStageAuthorization{Name: in.Name, TokenType: kind, Secret: in.Password, RepoUser: in.User}
	if kind == "personal" {
		// ServiceStage asks the site whose the token is; the mock has no site to ask.
		a.Host, a.Secret, a.RepoUser = in.Host, in.Token, "mock-user"
	}
	switch {
	case !servicestageName.MatchString(in.Name):
		return a, "name must be 4 to 63 letters, digits, periods, underscores or hyphens"
	case kind == "personal" && in.Token == "":
		return a, "token is required"
	case kind == "password" && (in.User == "" || in.Password == ""):
		return a, "user and password are required"
	case a.Host != "" && !isHTTPURL(a.Host):
		return a, "host must be an http or https URL"
	}
	return a, ""
}

func isHTTPURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// servicestageDelete answers 204 without a body, as the API reference documents, and a name the
// project does not hold 400 SVCSTG.REPO.0450, the error-code table's "no repository authorization":
// the reference documents no 404 for it.
func (s *Server) servicestageDelete(w http.ResponseWriter, r *http.Request, project string) {
	name := r.PathValue("name")
	if !s.RemoveServiceStageAuthorization(project, name) {
		servicestageFail(w, http.StatusBadRequest, "SVCSTG.REPO.0450", "No repository authorization: "+name)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// servicestageIndex is where the authorization name of project is held, or -1; the caller holds s.mu.
func (s *Server) servicestageIndex(project, name string) int {
	return slices.IndexFunc(s.servicestage.auths, func(a ServiceStageAuthorization) bool {
		return a.Project == project && a.Name == name
	})
}

// ServiceStageAuthorizations returns copies of the authorizations of project, in the list's order:
// by creation time, then name.
func (s *Server) ServiceStageAuthorizations(project string) []ServiceStageAuthorization {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []ServiceStageAuthorization
	for _, a := range s.servicestage.auths {
		if a.Project == project {
			out = append(out, a.clone())
		}
	}
	slices.SortFunc(out, func(a, b ServiceStageAuthorization) int {
		return cmp.Or(cmp.Compare(a.CreateTime, b.CreateTime), cmp.Compare(a.Name, b.Name))
	})
	return out
}

// AddServiceStageAuthorization stores an authorization made outside Terraform, as a person in the
// console would, as given: nothing is validated. A zero CreateTime becomes the mock clock's now, a
// zero UpdateTime the CreateTime, as for an authorization never updated.
func (s *Server) AddServiceStageAuthorization(a ServiceStageAuthorization) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a.CreateTime = cmp.Or(a.CreateTime, s.now().UnixMilli())
	a.UpdateTime = cmp.Or(a.UpdateTime, a.CreateTime)
	s.servicestage.auths = append(s.servicestage.auths, a.clone())
}

// RemoveServiceStageAuthorization deletes an authorization out of band, as a person in the console
// would, and reports whether it existed.
func (s *Server) RemoveServiceStageAuthorization(project, name string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	i := s.servicestageIndex(project, name)
	if i < 0 {
		return false
	}
	s.servicestage.auths = slices.Delete(s.servicestage.auths, i, i+1)
	return true
}

// SetServiceStageStatus sets an authorization's status (0 normal, 1 overdue, 2 unauthenticated), as
// an expired or revoked token upstream would, and reports whether it exists.
func (s *Server) SetServiceStageStatus(project, name string, status int) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	i := s.servicestageIndex(project, name)
	if i < 0 {
		return false
	}
	s.servicestage.auths[i].Status = status
	return true
}
