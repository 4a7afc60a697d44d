// Package servicestage holds the Huawei Cloud ServiceStage family: a client of its git
// authorization API (/v1/{project_id}/git/auths), the gitauth_private_token resource and the
// git_authorizations data source.
package servicestage

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/gitauth-dev/terraform-provider-gitauth/internal/httpclient"
	"github.com/gitauth-dev/terraform-provider-gitauth/internal/listcache"
	"github.com/gitauth-dev/terraform-provider-gitauth/internal/servicestage/signer"
)

// Error codes of the git authorization API.
const (
	codeInvalid       = "SVCSTG.REPO.0400"
	codeTypeUnknown   = "SVCSTG.REPO.0401"
	codeAlreadyExists = "SVCSTG.REPO.0403"
	codeAuthInvalid   = "SVCSTG.REPO.0451" // authorization invalid: the repository refused the token
)

// Authorization is a git authorization as the API lists it. The API never returns the token.
type Authorization struct {
	Name     string `json:"name"`
	RepoType string `json:"repo_type"` // lower case (github); compared without case all the same
	RepoHost string `json:"repo_host"`
	RepoHome string `json:"repo_home"`
	RepoUser string `json:"repo_user"`
	// Avatar is sent as "avartar", the vendor's spelling.
	Avatar     string  `json:"avartar"`
	TokenType  string  `json:"token_type"`  // personal, oauth or password
	CreateTime int64   `json:"create_time"` // milliseconds since the epoch
	UpdateTime int64   `json:"update_time"`
	Status     int64   `json:"status"`
	Tag        *string `json:"tag"`
}

// Listing is one answer of the list call.
type Listing struct {
	Authorizations []Authorization `json:"authorizations"`
	Count          int64           `json:"count"`
}

// Find returns the authorization of that name, or nil.
func (l *Listing) Find(name string) *Authorization {
	i := slices.IndexFunc(l.Authorizations, func(a Authorization) bool { return a.Name == name })
	if i < 0 {
		return nil
	}
	return &l.Authorizations[i]
}

// CreateRequest is the body of a private token create.
type CreateRequest struct {
	Name  string `json:"name"`
	Token string `json:"token"`
	Host  string `json:"host,omitempty"`
}

// Client calls the git authorization API. Its errors are *httpclient.APIError where the API
// answered.
type Client struct {
	endpoint       string
	defaultProject string
	hc             *http.Client
	auth           func(req *http.Request, project string) error
	server         *httpclient.ServerClock
	// lists keep each project's listing for every read of a process: with 500 authorizations in a
	// project, a refresh lists it once, not 500 times. A create or delete there forgets it.
	lists *listcache.Cache[*Listing]
}

// NewClient builds a Client from resolved settings over the shared HTTP layer hc, which owns
// retries and logging.
func NewClient(s Settings, hc *http.Client) *Client {
	c := &Client{endpoint: s.Endpoint, defaultProject: s.ProjectID, hc: hc, server: &httpclient.ServerClock{}}
	c.lists = listcache.New(c.list)
	c.auth = tokenAuth(s.AuthToken)
	if s.Key.AccessKey != "" {
		c.auth = keyAuth(s.Key, s.SecurityToken)
	}
	return c
}

// tokenAuth sends an IAM token.
func tokenAuth(token string) func(*http.Request, string) error {
	return func(req *http.Request, _ string) error {
		req.Header.Set("X-Auth-Token", token)
		return nil
	}
}

// keyAuth signs each request with the access key, naming the project it acts on and, for a
// temporary key, its security token; both are signed.
func keyAuth(key signer.Key, securityToken string) func(*http.Request, string) error {
	return func(req *http.Request, project string) error {
		req.Header.Set("X-Project-Id", project)
		if securityToken != "" {
			req.Header.Set("X-Security-Token", securityToken)
		}
		return key.Sign(req, time.Now())
	}
}

// Endpoint is the API URL the client calls, for messages.
func (c *Client) Endpoint() string { return c.endpoint }

// DefaultProject is the provider's project ID, or "" when it has none.
func (c *Client) DefaultProject() string { return c.defaultProject }

// List returns the project's authorizations. Every caller in this process shares one list call
// per project until a create or delete there: concurrent callers wait for the call in flight.
func (c *Client) List(ctx context.Context, project string) (*Listing, error) {
	return c.lists.Get(ctx, project)
}

// Fresh lists the project's authorizations now, whatever was listed before.
func (c *Client) Fresh(ctx context.Context, project string) (*Listing, error) {
	return c.lists.Fresh(ctx, project)
}

// list lists the project. An authorization leaves state only when a real list lacks it, so any
// answer that is not plainly one is an error, never an empty project: the array, with a count (if
// any) that matches it; or, as the official SDK declares the array optional, exactly a count of 0
// with the array left out or null.
func (c *Client) list(ctx context.Context, project string) (*Listing, error) {
	var fields map[string]json.RawMessage
	if err := c.do(ctx, http.MethodGet, project, nil, &fields, "git", "auths"); err != nil {
		return nil, err
	}
	var listing Listing
	array, hasArray := fields["authorizations"]
	count, hasCount := fields["count"]
	switch {
	case hasCount && (string(count) == "null" || json.Unmarshal(count, &listing.Count) != nil):
		return nil, fmt.Errorf("ServiceStage answered the list call with a count that is not a whole number: %s", count)
	case hasArray && json.Unmarshal(array, &listing.Authorizations) != nil:
		return nil, fmt.Errorf("ServiceStage answered the list call with authorizations that are not a list: %.200s", array)
	case listing.Authorizations != nil && hasCount && listing.Count != int64(len(listing.Authorizations)):
		return nil, fmt.Errorf("ServiceStage answered the list call with count %d and %d authorizations",
			listing.Count, len(listing.Authorizations))
	case listing.Authorizations != nil:
		return &listing, nil
	case hasCount && listing.Count == 0 && only(fields, "count", "authorizations"):
		listing.Authorizations = []Authorization{} // an empty project
		return &listing, nil
	}
	return nil, errors.New("ServiceStage answered the list call without an authorizations array")
}

// only reports whether fields holds no key but those named, spelt exactly so.
func only(fields map[string]json.RawMessage, keys ...string) bool {
	for k := range fields {
		if !slices.Contains(keys, k) {
			return false
		}
	}
	return true
}

// CreatePrivateToken creates a private token authorization. It is never retried once sent: see
// createAuthorization for a lost answer.
func (c *Client) CreatePrivateToken(ctx context.Context, project, repoType string, in CreateRequest) (*Authorization, error) {
	defer c.lists.Forget(project)
	var out struct {
		Authorization Authorization `json:"authorization"`
	}
	if err := c.do(ctx, http.MethodPost, project, in, &out, "git", "auths", repoType, "personal"); err != nil {
		return nil, err
	}
	if out.Authorization.Name != in.Name {
		// Not the answer of a create: whether one happened is settled by listing.
		return nil, fmt.Errorf("ServiceStage answered the create without authorization %q", in.Name)
	}
	return &out.Authorization, nil
}

// Delete deletes the authorization of that name. ServiceStage documents no answer for a name that
// is gone (its error-code table has no 404; most likely 400 SVCSTG.REPO.0450), so any error is
// settled by listing the project: the name absent, it is deleted; present, or the list failing too,
// the error stands. A wrong endpoint, an unknown project or lost access fails the list.
func (c *Client) Delete(ctx context.Context, project, name string) error {
	defer c.lists.Forget(project)
	err := c.do(ctx, http.MethodDelete, project, nil, nil, "git", "auths", name)
	if err == nil {
		return nil
	}
	listing, listErr := c.Fresh(ctx, project)
	switch {
	case listErr != nil:
		// The list's failure is what stops the destroy: it comes first, for what to do next.
		return fmt.Errorf("%w (after the delete failed: %v)", listErr, err)
	case listing.Find(name) != nil:
		return err
	}
	return nil
}

// ServerTime estimates ServiceStage's clock at local, a time of this machine.
func (c *Client) ServerTime(local time.Time) (time.Time, bool) { return c.server.At(local) }

// do sends one call on project's path /v1/{project}/{segments...}, each segment escaped.
func (c *Client) do(ctx context.Context, method, project string, in, out any, segments ...string) error {
	req, err := c.request(ctx, method, project, in, segments)
	if err != nil {
		return err
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		return err
	}
	defer func() { _ = resp.Body.Close() }()
	c.server.Observe(resp.Header)
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	// A proxy or gateway may answer 200 with an error body: an error, whatever the status.
	if e, isError := vendorError(body); resp.StatusCode >= 400 || isError {
		return apiError(resp, body, e)
	}
	if out == nil {
		return nil
	}
	if err := json.Unmarshal(body, out); err != nil {
		return fmt.Errorf("ServiceStage answered %d with a body that is not the expected JSON (%s): %w",
			resp.StatusCode, httpclient.PlainText(body), err)
	}
	return nil
}

func (c *Client) request(ctx context.Context, method, project string, in any, segments []string) (*http.Request, error) {
	escaped := []string{c.endpoint, "v1", url.PathEscape(project)}
	for _, s := range segments {
		escaped = append(escaped, url.PathEscape(s))
	}
	var body io.Reader
	if in != nil {
		data, err := json.Marshal(in)
		if err != nil {
			return nil, err
		}
		body = bytes.NewReader(data)
	}
	req, err := http.NewRequestWithContext(ctx, method, strings.Join(escaped, "/"), body)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "application/json")
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	return req, c.auth(req, project)
}

// errorBody is the API's error body: {"error_code","error_msg"} from ServiceStage, or
// {"code","message"} from some gateways.
type errorBody struct {
	ErrorCode string `json:"error_code"`
	ErrorMsg  string `json:"error_msg"`
	Code      string `json:"code"`
	Message   string `json:"message"`
}

// vendorError decodes an error body, and reports whether body is one.
func vendorError(body []byte) (*errorBody, bool) {
	var e errorBody
	if json.Unmarshal(body, &e) != nil {
		return nil, false
	}
	return &e, e.ErrorCode != "" || e.Code != ""
}

// apiError is the error of an answer whose decoded error body is e, or nil for a body that is not
// the API's JSON.
func apiError(resp *http.Response, body []byte, e *errorBody) error {
	out := &httpclient.APIError{API: "ServiceStage", Status: resp.StatusCode}
	if e == nil {
		out.Message = httpclient.PlainText(body)
	} else {
		out.Code, out.Message = cmp.Or(e.ErrorCode, e.Code), cmp.Or(e.ErrorMsg, e.Message)
	}
	if resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusServiceUnavailable {
		out.RetryAfter = resp.Header.Get("Retry-After")
	}
	return out
}

// hasCode reports whether err is an API answer with the vendor code.
func hasCode(err error, code string) bool {
	var apiErr *httpclient.APIError
	return errors.As(err, &apiErr) && apiErr.Code == code
}
