// Package gitlab holds the GitLab family: a client over the official GitLab Go client and the
// gitlab_project_access_token resource.
package gitlab

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"time"

	gl "gitlab.com/gitlab-org/api/client-go/v2"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/gitauth-dev/terraform-provider-gitauth/internal/httpclient"
)

// ClientSource hands out the configured GitLab client. The provider implements it, and reports a
// missing credential only when a GitLab type asks for the client.
type ClientSource interface {
	GitLab() (*Client, diag.Diagnostics)
}

// Client calls the project access token endpoints. Its errors are *httpclient.APIError where GitLab
// answered.
type Client struct {
	api *gl.Client
}

// NewClient builds a Client that sends token and uses the shared HTTP layer hc, which owns retries.
func NewClient(baseURL, token string, hc *http.Client) (*Client, error) {
	hc = &http.Client{Transport: errorBodies{next: hc.Transport}, Timeout: hc.Timeout}
	api, err := gl.NewClient(token, gl.WithBaseURL(baseURL), gl.WithHTTPClient(hc), gl.WithoutRetries())
	if err != nil {
		return nil, err
	}
	return &Client{api: api}, nil
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

// CreateToken creates a token. It is never retried on an ambiguous failure; see createWithoutOrphans.
func (c *Client) CreateToken(ctx context.Context, project string, in CreateRequest) (*Token, error) {
	expires, err := gl.ParseISOTime(in.ExpiresAt)
	if err != nil {
		return nil, err
	}
	ctx, body := withErrorBody(ctx)
	t, _, err := c.api.ProjectAccessTokens.CreateProjectAccessToken(project, &gl.CreateProjectAccessTokenOptions{
		Name:        &in.Name,
		Description: &in.Description,
		Scopes:      &in.Scopes,
		AccessLevel: gl.Ptr(gl.AccessLevelValue(in.AccessLevel)),
		ExpiresAt:   &expires,
	}, gl.WithContext(ctx))
	return fromAPI(t, err, body)
}

// GetToken reads one token; revoked tokens stay readable.
func (c *Client) GetToken(ctx context.Context, project string, id int64) (*Token, error) {
	ctx, body := withErrorBody(ctx)
	t, _, err := c.api.ProjectAccessTokens.GetProjectAccessToken(project, id, gl.WithContext(ctx))
	return fromAPI(t, err, body)
}

// ListTokens reads every token of the project, following pagination.
func (c *Client) ListTokens(ctx context.Context, project string) ([]*Token, error) {
	ctx, body := withErrorBody(ctx)
	all, err := gl.ScanAndCollect(func(p gl.PaginationOptionFunc) ([]*gl.ProjectAccessToken, *gl.Response, error) {
		opt := &gl.ListProjectAccessTokensOptions{ListOptions: gl.ListOptions{PerPage: 100}}
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

// RotateToken revokes the token and returns its successor, which has a new ID and value.
func (c *Client) RotateToken(ctx context.Context, project string, id int64, expiresAt string) (*Token, error) {
	expires, err := gl.ParseISOTime(expiresAt)
	if err != nil {
		return nil, err
	}
	ctx, body := withErrorBody(ctx)
	t, _, err := c.api.ProjectAccessTokens.RotateProjectAccessToken(project, id,
		&gl.RotateProjectAccessTokenOptions{ExpiresAt: &expires}, gl.WithContext(ctx))
	return fromAPI(t, err, body)
}

// RevokeToken revokes a token.
func (c *Client) RevokeToken(ctx context.Context, project string, id int64) error {
	ctx, body := withErrorBody(ctx)
	_, err := c.api.ProjectAccessTokens.RevokeProjectAccessToken(project, id, gl.WithContext(ctx))
	return apiError(err, body)
}

func fromAPI(t *gl.ProjectAccessToken, err error, body *errorBody) (*Token, error) {
	if err != nil {
		return nil, apiError(err, body)
	}
	return convert(t), nil
}

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
	return out
}

// apiError turns the client library's error answer into an *httpclient.APIError carrying GitLab's
// message as GitLab wrote it.
func apiError(err error, body *errorBody) error {
	var resp *gl.ErrorResponse
	if errors.As(err, &resp) {
		return &httpclient.APIError{API: "GitLab", Status: resp.StatusCode, Message: message(body.data)}
	}
	return err
}

// message reads GitLab's error body: {"message": "..."} or {"error": "..."}, where a validation
// failure's message may be an object of field errors, kept as JSON.
func message(body []byte) string {
	var e struct {
		Message json.RawMessage `json:"message"`
		Error   string          `json:"error"`
	}
	if json.Unmarshal(body, &e) != nil {
		return strings.TrimSpace(string(body))
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
