package mockapi

import (
	"crypto/rand"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// GitLabCredential is the only token the GitLab mock accepts, as PRIVATE-TOKEN or Bearer.
const GitLabCredential = "mock-gitlab-token"

// GitLab routes, as names for Calls and InjectFault.
const (
	RouteGitLabListTokens  = "GET /gitlab/api/v4/projects/{id}/access_tokens"
	RouteGitLabGetToken    = "GET /gitlab/api/v4/projects/{id}/access_tokens/{token_id}"
	RouteGitLabCreateToken = "POST /gitlab/api/v4/projects/{id}/access_tokens"
	RouteGitLabRotateToken = "POST /gitlab/api/v4/projects/{id}/access_tokens/{token_id}/rotate"
	RouteGitLabRevokeToken = "DELETE /gitlab/api/v4/projects/{id}/access_tokens/{token_id}"
)

// GitLabScopes are the scopes the mock accepts, as GitLab 18 does.
var GitLabScopes = []string{
	"api", "read_api", "read_registry", "write_registry", "read_repository", "write_repository",
	"create_runner", "manage_runner", "ai_features", "k8s_proxy", "read_observability",
	"write_observability", "self_rotate",
}

var gitlabAccessLevels = []int{10, 15, 20, 30, 40, 50}

// GitLabProject is a seeded project.
type GitLabProject struct {
	ID   int64
	Path string
}

// GitLabProjects are the seeded projects.
var GitLabProjects = []GitLabProject{{ID: 1, Path: "demo/app"}, {ID: 2, Path: "demo/lib"}}

// GitLabToken is a project access token as the mock holds it, secret value included.
type GitLabToken struct {
	ID          int64
	ProjectID   int64
	UserID      int64
	Name        string
	Description string
	Scopes      []string
	AccessLevel int
	ExpiresAt   string // YYYY-MM-DD, or "" for none
	CreatedAt   time.Time
	Revoked     bool
	Value       string
}

// Active reports whether GitLab would accept the token at now.
func (t GitLabToken) Active(now time.Time) bool {
	return !t.Revoked && (t.ExpiresAt == "" || t.ExpiresAt > now.UTC().Format(time.DateOnly))
}

type gitlabState struct {
	tokens     []*GitLabToken
	nextID     int64
	nextUserID int64
}

func newGitLabState() *gitlabState {
	return &gitlabState{nextID: 1, nextUserID: 1000}
}

func (s *Server) routeGitLab() {
	for pattern, h := range map[string]http.HandlerFunc{
		RouteGitLabListTokens:  s.gitlabList,
		RouteGitLabGetToken:    s.gitlabGet,
		RouteGitLabCreateToken: s.gitlabCreate,
		RouteGitLabRotateToken: s.gitlabRotate,
		RouteGitLabRevokeToken: s.gitlabRevoke,
	} {
		s.handle(pattern, gitlabError, s.gitlabAuth(h))
	}
}

// gitlabError writes GitLab's {"message": "<status> <text>"} body.
func gitlabError(w http.ResponseWriter, status int, message string) {
	writeJSON(w, status, map[string]string{"message": fmt.Sprintf("%d %s", status, message)})
}

// gitlabInvalid writes a parameter validation error the way GitLab's API framework does.
func gitlabInvalid(w http.ResponseWriter, problems []string) {
	writeJSON(w, http.StatusBadRequest, map[string]string{"error": strings.Join(problems, ", ")})
}

func gitlabBadRequest(w http.ResponseWriter, reason string) {
	gitlabError(w, http.StatusBadRequest, "Bad request - "+reason)
}

func (s *Server) gitlabAuth(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		token := r.Header.Get("PRIVATE-TOKEN")
		if token == "" {
			token, _ = strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		}
		if token != GitLabCredential {
			gitlabError(w, http.StatusUnauthorized, "Unauthorized")
			return
		}
		next(w, r)
	}
}

// gitlabProject resolves {id}: a numeric ID or a full path (URL-encoded on the wire).
func gitlabProject(w http.ResponseWriter, r *http.Request) (GitLabProject, bool) {
	id := r.PathValue("id")
	for _, p := range GitLabProjects {
		if id == strconv.FormatInt(p.ID, 10) || id == p.Path {
			return p, true
		}
	}
	gitlabError(w, http.StatusNotFound, "Project Not Found")
	return GitLabProject{}, false
}

// gitlabFind resolves {id} and {token_id} to a token of that project; the caller holds s.mu.
func (s *Server) gitlabFind(w http.ResponseWriter, r *http.Request) (*GitLabToken, bool) {
	p, ok := gitlabProject(w, r)
	if !ok {
		return nil, false
	}
	raw := r.PathValue("token_id")
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil {
		gitlabInvalid(w, []string{"token_id is invalid"})
		return nil, false
	}
	for _, t := range s.gitlab.tokens {
		if t.ID == id && t.ProjectID == p.ID {
			return t, true
		}
	}
	gitlabError(w, http.StatusNotFound, fmt.Sprintf("Could not find project access token with token_id: %s Not Found", raw))
	return nil, false
}

func (s *Server) gitlabList(w http.ResponseWriter, r *http.Request) {
	p, ok := gitlabProject(w, r)
	if !ok {
		return
	}
	state := r.URL.Query().Get("state")
	if state != "" && state != "active" && state != "inactive" {
		gitlabInvalid(w, []string{"state does not have a valid value"})
		return
	}
	s.mu.Lock()
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

func (s *Server) gitlabGet(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.gitlabFind(w, r)
	if ok {
		writeJSON(w, http.StatusOK, s.gitlabJSON(t, false))
	}
}

func (s *Server) gitlabCreate(w http.ResponseWriter, r *http.Request) {
	p, ok := gitlabProject(w, r)
	if !ok {
		return
	}
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

func (s *Server) gitlabRotate(w http.ResponseWriter, r *http.Request) {
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
	old, ok := s.gitlabFind(w, r)
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

func (s *Server) gitlabRevoke(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.gitlabFind(w, r)
	if !ok {
		return
	}
	if t.Revoked {
		gitlabBadRequest(w, "Token already revoked")
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
	case len(t.Scopes) == 0:
		problems = append(problems, "scopes is empty")
	case slices.ContainsFunc(t.Scopes, func(sc string) bool { return !slices.Contains(GitLabScopes, sc) }):
		problems = append(problems, "scopes does not have a valid value")
	}
	if in.has("access_level") {
		level, err := strconv.Atoi(in.string("access_level"))
		if err != nil || !slices.Contains(gitlabAccessLevels, level) {
			problems = append(problems, "access_level does not have a valid value")
		}
		t.AccessLevel = level
	}
	if t.ExpiresAt == "" {
		problems = append(problems, "expires_at is missing")
	} else if _, err := time.Parse(time.DateOnly, t.ExpiresAt); err != nil {
		problems = append(problems, "expires_at is invalid")
	}
	return t, problems
}

// gitlabExpiryProblem applies GitLab's rules for a well-formed expiry date: in the future, and no
// more than a year ahead (the default maximum lifetime since GitLab 16.0).
func (s *Server) gitlabExpiryProblem(date string) string {
	today := s.now().UTC().Format(time.DateOnly)
	limit := s.now().UTC().AddDate(1, 0, 0).Format(time.DateOnly)
	switch {
	case date <= today:
		return "Expiration date must be in the future"
	case date > limit:
		return "Expiration date must be before " + limit
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
	var expires any
	if t.ExpiresAt != "" {
		expires = t.ExpiresAt
	}
	m := map[string]any{
		"id":           t.ID,
		"user_id":      t.UserID,
		"name":         t.Name,
		"description":  t.Description,
		"scopes":       t.Scopes,
		"expires_at":   expires,
		"active":       t.Active(s.now()),
		"revoked":      t.Revoked,
		"created_at":   t.CreatedAt.Format("2006-01-02T15:04:05.000Z"),
		"last_used_at": nil,
		"access_level": t.AccessLevel,
	}
	if withValue {
		m["token"] = t.Value
	}
	return m
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

// DeleteGitLabToken removes a token entirely, as GitLab does when its bot user is deleted.
func (s *Server) DeleteGitLabToken(id int64) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := len(s.gitlab.tokens)
	s.gitlab.tokens = slices.DeleteFunc(s.gitlab.tokens, func(t *GitLabToken) bool { return t.ID == id })
	return len(s.gitlab.tokens) < n
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

// params are request parameters from a JSON body, a form body or the query string, as GitLab's
// API framework merges them.
type params map[string][]string

func readParams(r *http.Request) (params, error) {
	if strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
		return jsonParams(r)
	}
	if err := r.ParseForm(); err != nil {
		return nil, err
	}
	p := params{}
	for k, v := range r.Form {
		p[strings.TrimSuffix(k, "[]")] = append(p[strings.TrimSuffix(k, "[]")], v...)
	}
	return p, nil
}

func jsonParams(r *http.Request) (params, error) {
	var raw map[string]json.RawMessage
	if err := json.NewDecoder(r.Body).Decode(&raw); err != nil {
		return nil, fmt.Errorf("body is not valid JSON")
	}
	p := params{}
	for k, v := range raw {
		var list []string
		if json.Unmarshal(v, &list) == nil {
			p[k] = list
			continue
		}
		var one any
		_ = json.Unmarshal(v, &one)
		if one != nil {
			p[k] = []string{fmt.Sprint(one)}
		}
	}
	return p, nil
}

func (p params) has(k string) bool { _, ok := p[k]; return ok }

func (p params) string(k string) string {
	if v := p[k]; len(v) > 0 {
		return v[0]
	}
	return ""
}

func (p params) strings(k string) []string { return p[k] }
