// Package gitlab holds the GitLab family: a client over the official GitLab Go client, the
// gitlab_project_access_token resource and its list resource, and the gitlab_project_access_tokens
// data source.
package gitlab

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"regexp"
	"time"

	gl "gitlab.com/gitlab-org/api/client-go/v2"

	"github.com/gitauth-dev/terraform-provider-gitauth/internal/httpclient"
	"github.com/gitauth-dev/terraform-provider-gitauth/internal/listcache"
)

// Client calls the project access token endpoints. Its errors are [httpclient.APIError] where GitLab
// answered, [listError] where a project's list failed, and [unconfirmedError] where a create or
// rotate may have happened without an answer.
type Client struct {
	api    *gl.Client
	server *httpclient.ServerClock
	ledger *ledger
	// lists keep each project's tokens, all states, for every read of the process ([Client.ReadToken]).
	lists *listcache.Cache[*tokenList]
}

// NewClient builds a Client that sends token and uses the shared HTTP layer hc, which owns retries.
func NewClient(baseURL, token string, hc *http.Client) (*Client, error) {
	c := &Client{server: &httpclient.ServerClock{}, ledger: newLedger()}
	c.lists = listcache.New(c.listAll)
	hc = &http.Client{Transport: recordingTransport{next: hc.Transport, server: c.server}, Timeout: hc.Timeout}
	api, err := gl.NewClient(token, gl.WithBaseURL(baseURL), gl.WithHTTPClient(hc), gl.WithoutRetries())
	if err != nil {
		return nil, err
	}
	c.api = api
	return c, nil
}

// Token is a project access token as GitLab describes it.
type Token struct {
	ID          int64
	UserID      int64
	Name        string
	Description string
	Scopes      []string
	AccessLevel int
	// ExpiresAt is YYYY-MM-DD, or "" when the token does not expire.
	ExpiresAt string
	Active    bool
	Revoked   bool
	CreatedAt time.Time
	// LastUsedAt is the zero time when the token was never used.
	LastUsedAt time.Time
	// Value is the secret, returned only by create and rotate.
	Value string
}

// CreateRequest describes a token to create.
type CreateRequest struct {
	Name        string
	Description string
	Scopes      []string
	AccessLevel int
	ExpiresAt   string
}

// CreateToken creates a token. It is never retried once sent; a lost answer makes it unconfirmed, an
// [unconfirmedError], which [Client.settle] resolves. Before the client's first create or rotation
// in the project it lists the project's tokens; when that fails, a [baselineError], nothing was sent.
func (c *Client) CreateToken(ctx context.Context, project string, in CreateRequest) (*Token, error) {
	expires, err := gl.ParseISOTime(in.ExpiresAt)
	if err != nil {
		return nil, err
	}
	return c.sendRecorded(ctx, project, in, func(ctx context.Context) (*gl.ProjectAccessToken, error) {
		t, _, err := c.api.ProjectAccessTokens.CreateProjectAccessToken(project, &gl.CreateProjectAccessTokenOptions{
			Name:        &in.Name,
			Description: &in.Description,
			Scopes:      &in.Scopes,
			AccessLevel: gl.Ptr(gl.AccessLevelValue(in.AccessLevel)),
			ExpiresAt:   &expires,
		}, gl.WithContext(ctx))
		return t, err
	})
}

// GetToken reads one token; revoked tokens stay readable. The token is then accounted for
// ([ledger.account]): no search for an unconfirmed call's token takes it.
func (c *Client) GetToken(ctx context.Context, project string, id int64) (*Token, error) {
	ctx, body := withErrorBody(ctx)
	t, _, err := c.api.ProjectAccessTokens.GetProjectAccessToken(project, id, gl.WithContext(ctx))
	if err != nil {
		return nil, apiError(err, body)
	}
	if notAToken(t) {
		return nil, errNotAToken
	}
	c.ledger.account(t.ID)
	return convert(t), nil
}

// ListTokens lists the project's active tokens now, never from the shared list: the ledger's
// baseline and its search for an unconfirmed call's token must see what GitLab holds at that moment.
func (c *Client) ListTokens(ctx context.Context, project string) ([]*Token, error) {
	return c.listTokens(ctx, project, "active")
}

// listTokens lists the tokens of the project in state, active or inactive ("" for all), page
// after page. GitLab before 17.2 ignores state and lists only active tokens.
func (c *Client) listTokens(ctx context.Context, project, state string) ([]*Token, error) {
	ctx, body := withErrorBody(ctx)
	all, err := gl.ScanAndCollect(func(p gl.PaginationOptionFunc) ([]*gl.ProjectAccessToken, *gl.Response, error) {
		opt := &gl.ListProjectAccessTokensOptions{ListOptions: gl.ListOptions{PerPage: 100}}
		if state != "" {
			opt.State = &state
		}
		return c.api.ProjectAccessTokens.ListProjectAccessTokens(project, opt, p, gl.WithContext(ctx))
	})
	if err != nil {
		return nil, apiError(err, body)
	}
	out := make([]*Token, 0, len(all))
	for _, t := range all {
		out = append(out, convert(t))
	}
	return out, nil
}

// RotateToken revokes the token and returns its successor, which has a new ID and value. A lost
// answer makes it unconfirmed, an [unconfirmedError]; want describes the successor it may have made.
func (c *Client) RotateToken(ctx context.Context, project string, id int64, want CreateRequest) (*Token, error) {
	expires, err := gl.ParseISOTime(want.ExpiresAt)
	if err != nil {
		return nil, err
	}
	return c.sendRecorded(ctx, project, want, func(ctx context.Context) (*gl.ProjectAccessToken, error) {
		t, _, err := c.api.ProjectAccessTokens.RotateProjectAccessToken(project, id,
			&gl.RotateProjectAccessTokenOptions{ExpiresAt: &expires}, gl.WithContext(ctx))
		return t, err
	})
}

// Revoke revokes a token, counting a token that is missing or already revoked as done. Any other
// failure, a 404 for the project among them, is an error.
func (c *Client) Revoke(ctx context.Context, project string, id int64) error {
	err := c.revokeToken(ctx, project, id)
	if err == nil || tokenMissing(err) {
		return nil
	}
	if httpclient.HasStatus(err, http.StatusBadRequest) {
		// GitLab before 17.9 answers 400 to a second revoke.
		tok, getErr := c.GetToken(ctx, project, id)
		if tokenMissing(getErr) || (getErr == nil && tok.Revoked) {
			return nil
		}
	}
	return err
}

func (c *Client) revokeToken(ctx context.Context, project string, id int64) error {
	defer c.lists.Forget(project) // answered or not, the revoke may have changed the project's list
	ctx, body := withErrorBody(ctx)
	_, err := c.api.ProjectAccessTokens.RevokeProjectAccessToken(project, id, gl.WithContext(ctx))
	return apiError(err, body)
}

// request is what a create of t would have asked for.
func (t *Token) request() CreateRequest {
	return CreateRequest{Name: t.Name, Description: t.Description, Scopes: t.Scopes, AccessLevel: t.AccessLevel, ExpiresAt: t.ExpiresAt}
}

// errNotAToken is the error of a successful answer that holds no token, such as an empty body
// from a proxy.
var errNotAToken = errors.New("GitLab answered without a token (no ID)")

func notAToken(t *gl.ProjectAccessToken) bool { return t == nil || t.ID == 0 }

func convert(t *gl.ProjectAccessToken) *Token {
	out := &Token{
		ID:          t.ID,
		UserID:      t.UserID,
		Name:        t.Name,
		Description: t.Description,
		Scopes:      t.Scopes,
		AccessLevel: int(t.AccessLevel),
		Active:      t.Active,
		Revoked:     t.Revoked,
		Value:       t.Token,
	}
	if t.ExpiresAt != nil {
		out.ExpiresAt = t.ExpiresAt.String()
	}
	if t.CreatedAt != nil {
		out.CreatedAt = *t.CreatedAt
	}
	if t.LastUsedAt != nil {
		out.LastUsedAt = *t.LastUsedAt
	}
	return out
}

// apiError turns the client library's error answer into an [httpclient.APIError] carrying GitLab's
// message as GitLab wrote it.
func apiError(err error, body *errorBody) error {
	var resp *gl.ErrorResponse
	if errors.As(err, &resp) {
		return &httpclient.APIError{API: "GitLab", Status: resp.StatusCode, Message: message(body.data), RetryAfter: body.retryAfter}
	}
	return err
}

// message reads GitLab's error body: {"message": "..."} or {"error": "..."}, where a validation
// failure's message may be an object of field errors, kept as JSON. A proxy's HTML page is told by
// its title; other text is kept as sent.
func message(body []byte) string {
	var e struct {
		Message json.RawMessage `json:"message"`
		Error   string          `json:"error"`
	}
	if json.Unmarshal(body, &e) != nil {
		return httpclient.PlainText(body)
	}
	var text string
	switch {
	case json.Unmarshal(e.Message, &text) == nil:
		return text
	case len(e.Message) > 0:
		return string(e.Message)
	}
	return e.Error
}

// tokenMissing reports whether err is GitLab saying that the token itself does not exist, as
// opposed to any other 404: a missing or renamed project, a wrong base URL, lost access. Only a
// token's own GET says so: a failed list never does.
func tokenMissing(err error) bool {
	var apiErr *httpclient.APIError
	var listErr *listError
	return errors.As(err, &apiErr) && !errors.As(err, &listErr) && apiErr.Status == http.StatusNotFound &&
		tokenNotFound.MatchString(apiErr.Message)
}

// tokenNotFound matches GitLab's "404 project Access Token Not Found" and its older wording.
var tokenNotFound = regexp.MustCompile(`(?i)access token not found|could not find .*access token`)

// BaseURL is the GitLab API URL the client calls, for messages.
func (c *Client) baseURL() string { return c.api.BaseURL().String() }
