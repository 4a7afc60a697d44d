package mockapi

import (
	"crypto/rand"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// GitLab credentials. GitLabCredential belongs to an Owner of every seeded project.
// GitLabDeveloperCredential belongs to a user with the Developer role on project 1 only, and gets
// GitLab's answers for a role too low to manage tokens.
const (
	GitLabCredential          = "mock-gitlab-token"
	GitLabDeveloperCredential = "mock-gitlab-developer-token"
)

// GitLab routes, as names for Calls and InjectFault.
const (
	RouteGitLabListTokens  = "GET /gitlab/api/v4/projects/{id}/access_tokens"
	RouteGitLabGetToken    = "GET /gitlab/api/v4/projects/{id}/access_tokens/{token_id}"
	RouteGitLabCreateToken = "POST /gitlab/api/v4/projects/{id}/access_tokens"
	RouteGitLabRotateToken = "POST /gitlab/api/v4/projects/{id}/access_tokens/{token_id}/rotate"
	RouteGitLabRevokeToken = "DELETE /gitlab/api/v4/projects/{id}/access_tokens/{token_id}"
)

// GitLabScopes are the scopes the mock accepts, as GitLab 18 and 19 do.
var GitLabScopes = []string{
	"api", "read_api", "read_registry", "write_registry", "read_virtual_registry", "write_virtual_registry",
	"read_repository", "write_repository", "create_runner", "manage_runner", "ai_features", "k8s_proxy",
	"read_observability", "write_observability", "self_rotate",
}

// GitLabAccessLevels are the access levels GitLab accepts for a project access token.
var GitLabAccessLevels = []int{10, 15, 20, 30, 40, 50}

// gitlabMaxLifetimeDays is how far ahead an expiry may be, and the default when none is given.
const gitlabMaxLifetimeDays = 365

// GitLabProject is a seeded project.
type GitLabProject struct {
	ID   int64  `json:"id"`
	Path string `json:"path_with_namespace"`
}

// GitLabProjects are the seeded projects: demo/app and demo/lib, then the bench projects.
var GitLabProjects = append([]GitLabProject{{ID: 1, Path: "demo/app"}, {ID: 2, Path: "demo/lib"}}, benchProjects()...)

// GitLabBenchProjects is how many empty projects, GitLabBenchProject(1) to (30), with IDs 101 to
// 130, are seeded for make bench, which spreads tokens over many projects.
const GitLabBenchProjects = 30

// GitLabBenchProject is the path of bench project i, from 1: bench/p01.
func GitLabBenchProject(i int) string { return fmt.Sprintf("bench/p%02d", i) }

func benchProjects() []GitLabProject {
	out := make([]GitLabProject, GitLabBenchProjects)
	for i := range out {
		out[i] = GitLabProject{ID: int64(101 + i), Path: GitLabBenchProject(i + 1)}
	}
	return out
}

// GitLabToken is a project access token as the mock holds it, secret value included.
type GitLabToken struct {
	ID          int64      `json:"id"`
	ProjectID   int64      `json:"project_id"`
	UserID      int64      `json:"user_id"`
	Name        string     `json:"name"`
	Description string     `json:"description"`
	Scopes      []string   `json:"scopes"`
	AccessLevel int        `json:"access_level"`
	ExpiresAt   string     `json:"expires_at"` // YYYY-MM-DD, or "" for none
	CreatedAt   time.Time  `json:"created_at"`
	LastUsedAt  *time.Time `json:"last_used_at"` // nil when never used; only a test sets it
	Revoked     bool       `json:"revoked"`
	Value       string     `json:"token"`
}

// Active reports whether GitLab would accept the token at now.
func (t GitLabToken) Active(now time.Time) bool {
	return !t.Revoked && (t.ExpiresAt == "" || t.ExpiresAt > now.UTC().Format(time.DateOnly))
}

type gitlabState struct {
	tokens     []*GitLabToken
	nextID     int64
	nextUserID int64
	// onlyActive lists only active tokens, whatever state asks, as GitLab before 17.2 does.
	onlyActive bool
}

func newGitLabState() *gitlabState {
	return &gitlabState{nextID: 1, nextUserID: 1000}
}

func (*gitlabState) name() string { return "gitlab" }

func (g *gitlabState) inventory(*Server) any {
	tokens := make([]GitLabToken, 0, len(g.tokens))
	for _, t := range g.tokens {
		tokens = append(tokens, *t)
	}
	return map[string]any{"projects": GitLabProjects, "tokens": tokens}
}

// gitlabCaller is who a request comes from.
type gitlabCaller struct {
	developer bool // the Developer on project 1, whose role is too low to manage tokens
}

type gitlabHandler func(w http.ResponseWriter, r *http.Request, p GitLabProject, who gitlabCaller)

func (g *gitlabState) route(s *Server) {
	for pattern, h := range map[string]gitlabHandler{
		RouteGitLabListTokens:  s.gitlabList,
		RouteGitLabGetToken:    s.gitlabGet,
		RouteGitLabCreateToken: s.gitlabCreate,
		RouteGitLabRotateToken: s.gitlabRotate,
		RouteGitLabRevokeToken: s.gitlabRevoke,
	} {
		s.handle(pattern, gitlabError, gitlabAuth(h))
	}
}

// gitlabError writes GitLab's error for a status: a JSON message, a rate limit's plain text, or a
// proxy's HTML page for a gateway error.
func gitlabError(w http.ResponseWriter, status int, message string) {
	switch status {
	case http.StatusTooManyRequests:
		w.Header().Set("Content-Type", "text/plain")
		w.WriteHeader(status)
		_, _ = fmt.Fprint(w, "Retry later\n")
	case http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(status)
		_, _ = fmt.Fprintf(w, "<html>\r\n<head><title>%d %s</title></head>\r\n<body>\r\n<center><h1>%d %s</h1></center>\r\n"+
			"<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n", status, message, status, message)
	default:
		writeJSON(w, status, map[string]string{"message": fmt.Sprintf("%d %s", status, message)})
	}
}

// gitlabInvalid writes a parameter validation error the way GitLab's API framework does.
func gitlabInvalid(w http.ResponseWriter, problems []string) {
	writeJSON(w, http.StatusBadRequest, map[string]string{"error": strings.Join(problems, ", ")})
}

func gitlabBadRequest(w http.ResponseWriter, reason string) {
	gitlabError(w, http.StatusBadRequest, "Bad request - "+reason)
}

// gitlabAuth checks the credential and resolves {id}, as GitLab does before any endpoint runs: an
// unknown credential gets 401, a project the caller cannot see 404.
func gitlabAuth(next gitlabHandler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		token := r.Header.Get("PRIVATE-TOKEN")
		if token == "" {
			token, _ = strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		}
		var who gitlabCaller
		switch token {
		case GitLabCredential:
		case GitLabDeveloperCredential:
			who.developer = true
		default:
			gitlabError(w, http.StatusUnauthorized, "Unauthorized")
			return
		}
		p, ok := gitlabProject(r.PathValue("id"))
		if !ok || (who.developer && p.ID != 1) {
			gitlabError(w, http.StatusNotFound, "Project Not Found")
			return
		}
		next(w, r, p, who)
	}
}

// gitlabProject resolves {id}: a numeric ID or a full path, matched case-insensitively.
func gitlabProject(id string) (GitLabProject, bool) {
	for _, p := range GitLabProjects {
		if id == strconv.FormatInt(p.ID, 10) || strings.EqualFold(id, p.Path) {
			return p, true
		}
	}
	return GitLabProject{}, false
}

// gitlabFind resolves {token_id} to a token of project p; the caller holds s.mu.
func (s *Server) gitlabFind(w http.ResponseWriter, r *http.Request, p GitLabProject) (*GitLabToken, bool) {
	id, err := strconv.ParseInt(r.PathValue("token_id"), 10, 64)
	if err != nil {
		gitlabInvalid(w, []string{"token_id is invalid"})
		return nil, false
	}
	for _, t := range s.gitlab.tokens {
		if t.ID == id && t.ProjectID == p.ID {
			return t, true
		}
	}
	gitlabError(w, http.StatusNotFound, "project Access Token Not Found")
	return nil, false
}

func (s *Server) gitlabList(w http.ResponseWriter, r *http.Request, p GitLabProject, who gitlabCaller) {
	if who.developer {
		gitlabError(w, http.StatusUnauthorized, "Unauthorized")
		return
	}
	problems := pageProblems(r.URL.Query())
	state := r.URL.Query().Get("state")
	if state != "" && state != "active" && state != "inactive" {
		problems = append(problems, "state does not have a valid value")
	}
	if len(problems) > 0 {
		gitlabInvalid(w, problems)
		return
	}
	s.mu.Lock()
	if s.gitlab.onlyActive {
		state = "active"
	}
	var out []map[string]any
	for _, t := range s.gitlab.tokens {
		if t.ProjectID != p.ID || (state != "" && t.Active(s.now()) != (state == "active")) {
			continue
		}
		out = append(out, s.gitlabJSON(t, false))
	}
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, paginate(w, r, out))
}

func (s *Server) gitlabGet(w http.ResponseWriter, r *http.Request, p GitLabProject, who gitlabCaller) {
	if who.developer {
		gitlabError(w, http.StatusUnauthorized, "Unauthorized")
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if t, ok := s.gitlabFind(w, r, p); ok {
		writeJSON(w, http.StatusOK, s.gitlabJSON(t, false))
	}
}

func (s *Server) gitlabCreate(w http.ResponseWriter, r *http.Request, p GitLabProject, who gitlabCaller) {
	in, err := readParams(r)
	if err != nil {
		gitlabBadRequest(w, err.Error())
		return
	}
	t, problems := s.gitlabNewToken(in)
	if len(problems) > 0 {
		gitlabInvalid(w, problems)
		return
	}
	if who.developer {
		gitlabBadRequest(w, "User does not have permission to create project access token")
		return
	}
	if len(t.Scopes) == 0 {
		gitlabBadRequest(w, "Scopes can't be blank")
		return
	}
	if reason := s.gitlabExpiryProblem(t.ExpiresAt); reason != "" {
		gitlabBadRequest(w, reason)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	t.ProjectID = p.ID
	t.UserID = s.gitlab.nextUserID
	s.gitlab.nextUserID++
	s.gitlabIssue(t)
	writeJSON(w, http.StatusCreated, s.gitlabJSON(t, true))
}

func (s *Server) gitlabRotate(w http.ResponseWriter, r *http.Request, p GitLabProject, who gitlabCaller) {
	if who.developer {
		gitlabError(w, http.StatusUnauthorized, "Unauthorized")
		return
	}
	in, err := readParams(r)
	if err != nil {
		gitlabBadRequest(w, err.Error())
		return
	}
	expires := in.string("expires_at")
	if expires == "" {
		expires = s.now().UTC().AddDate(0, 0, 7).Format(time.DateOnly) // GitLab's default: one week
	} else if _, err := time.Parse(time.DateOnly, expires); err != nil {
		gitlabInvalid(w, []string{"expires_at is invalid"})
		return
	}
	if reason := s.gitlabExpiryProblem(expires); reason != "" {
		gitlabBadRequest(w, reason)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	old, ok := s.gitlabFind(w, r, p)
	if !ok {
		return
	}
	if old.Revoked {
		gitlabBadRequest(w, "Token already revoked")
		return
	}
	old.Revoked = true
	t := *old
	t.Revoked = false
	t.ExpiresAt = expires
	t.Scopes = slices.Clone(old.Scopes)
	s.gitlabIssue(&t)
	writeJSON(w, http.StatusOK, s.gitlabJSON(&t, true))
}

// gitlabRevoke revokes a token; revoking it again answers 204 too, as GitLab 17.9 and later do.
func (s *Server) gitlabRevoke(w http.ResponseWriter, r *http.Request, p GitLabProject, who gitlabCaller) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.gitlabFind(w, r, p)
	if !ok {
		return
	}
	if who.developer {
		gitlabBadRequest(w, fmt.Sprintf("developer cannot delete project_%d_bot_%d", p.ID, t.UserID))
		return
	}
	t.Revoked = true
	w.WriteHeader(http.StatusNoContent)
}

// gitlabNewToken checks parameters as GitLab's API declares them and builds the token.
func (s *Server) gitlabNewToken(in params) (*GitLabToken, []string) {
	t := &GitLabToken{
		Name:        in.string("name"),
		Description: in.string("description"),
		Scopes:      in.strings("scopes"),
		AccessLevel: 40,
		ExpiresAt:   in.string("expires_at"),
	}
	var problems []string
	if t.Name == "" {
		problems = append(problems, "name is missing")
	}
	switch {
	case !in.has("scopes"):
		problems = append(problems, "scopes is missing")
	case slices.ContainsFunc(t.Scopes, func(sc string) bool { return !slices.Contains(GitLabScopes, sc) }):
		problems = append(problems, "scopes does not have a valid value")
	}
	if in.has("access_level") {
		level, err := strconv.Atoi(in.string("access_level"))
		if err != nil || !slices.Contains(GitLabAccessLevels, level) {
			problems = append(problems, "access_level does not have a valid value")
		}
		t.AccessLevel = level
	}
	if t.ExpiresAt == "" {
		t.ExpiresAt = s.now().UTC().AddDate(0, 0, gitlabMaxLifetimeDays).Format(time.DateOnly)
	} else if _, err := time.Parse(time.DateOnly, t.ExpiresAt); err != nil {
		problems = append(problems, "expires_at is invalid")
	}
	return t, problems
}

// gitlabExpiryProblem applies GitLab's model rule to a well-formed expiry date: no more than a year
// ahead. A date of today or earlier is accepted, and gives a token that is already inactive.
func (s *Server) gitlabExpiryProblem(date string) string {
	limit := s.now().UTC().AddDate(0, 0, gitlabMaxLifetimeDays).Format(time.DateOnly)
	if date > limit {
		return "Expires at must be before " + limit
	}
	return ""
}

// gitlabIssue gives t a fresh ID, creation time and secret value, and stores it; the caller holds s.mu.
func (s *Server) gitlabIssue(t *GitLabToken) {
	t.ID = s.gitlab.nextID
	s.gitlab.nextID++
	t.CreatedAt = s.now().UTC()
	t.Value = "glpat-" + randomString(20)
	s.gitlab.tokens = append(s.gitlab.tokens, t)
}

func (s *Server) gitlabJSON(t *GitLabToken, withValue bool) map[string]any {
	var expires, description, lastUsed any
	if t.LastUsedAt != nil {
		lastUsed = gitlabTime(*t.LastUsedAt)
	}
	if t.ExpiresAt != "" {
		expires = t.ExpiresAt
	}
	if t.Description != "" {
		description = t.Description
	}
	m := map[string]any{
		"id":            t.ID,
		"user_id":       t.UserID,
		"name":          t.Name,
		"description":   description,
		"scopes":        t.Scopes,
		"expires_at":    expires,
		"active":        t.Active(s.now()),
		"revoked":       t.Revoked,
		"created_at":    gitlabTime(t.CreatedAt),
		"last_used_at":  lastUsed,
		"access_level":  t.AccessLevel,
		"resource_type": "project",
		"resource_id":   t.ProjectID,
	}
	if withValue {
		m["token"] = t.Value
	}
	return m
}

// gitlabTime writes a time as GitLab does: UTC, with milliseconds.
func gitlabTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }

// SetGitLabListsOnlyActive makes the list answer as GitLab before 17.2 does: only active tokens,
// whatever its state parameter asks for.
func (s *Server) SetGitLabListsOnlyActive(only bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.gitlab.onlyActive = only
}

// GitLabTokens returns a copy of every token the mock holds, revoked ones included.
func (s *Server) GitLabTokens() []GitLabToken {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]GitLabToken, 0, len(s.gitlab.tokens))
	for _, t := range s.gitlab.tokens {
		c := *t
		c.Scopes = slices.Clone(t.Scopes)
		out = append(out, c)
	}
	return out
}

// RevokeGitLabToken revokes a token out of band, as a user in the GitLab UI would.
func (s *Server) RevokeGitLabToken(id int64) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, t := range s.gitlab.tokens {
		if t.ID == id {
			t.Revoked = true
			return true
		}
	}
	return false
}

// DeleteGitLabToken removes a token entirely, as GitLab before 17.9 did when its bot user was deleted.
func (s *Server) DeleteGitLabToken(id int64) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := len(s.gitlab.tokens)
	s.gitlab.tokens = slices.DeleteFunc(s.gitlab.tokens, func(t *GitLabToken) bool { return t.ID == id })
	return len(s.gitlab.tokens) < n
}

// DropInactiveGitLabTokens deletes every token that no longer works (revoked or expired), as
// GitLab does 30 days after, and returns how many it deleted.
func (s *Server) DropInactiveGitLabTokens() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := len(s.gitlab.tokens)
	s.gitlab.tokens = slices.DeleteFunc(s.gitlab.tokens, func(t *GitLabToken) bool { return !t.Active(s.now()) })
	return n - len(s.gitlab.tokens)
}

// AddGitLabToken stores a token made outside Terraform, as a person in the GitLab UI would, and
// returns its ID.
func (s *Server) AddGitLabToken(t GitLabToken) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	if t.UserID == 0 {
		t.UserID = s.gitlab.nextUserID
		s.gitlab.nextUserID++
	}
	s.gitlabIssue(&t)
	return t.ID
}

// randomString returns n characters of the alphabet GitLab uses for token values.
func randomString(n int) string {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-"
	b := make([]byte, n)
	_, _ = rand.Read(b)
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}
