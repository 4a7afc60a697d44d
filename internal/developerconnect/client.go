// Package developerconnect holds the Google Developer Connect family: a client over the official
// Google API client and the developerconnect_read_token ephemeral resource.
package developerconnect

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/google"
	dc "google.golang.org/api/developerconnect/v1"
	"google.golang.org/api/googleapi"
	"google.golang.org/api/option"

	"github.com/gitauth-dev/terraform-provider-gitauth/internal/httpclient"
)

// Client fetches tokens of git repository links. Its errors are *httpclient.APIError where Google
// answered.
type Client struct {
	links *dc.ProjectsLocationsConnectionsGitRepositoryLinksService
}

// ReadToken is what fetchReadToken answers.
type ReadToken struct {
	Token       string
	GitUsername string
	// ExpirationTime is RFC 3339 as Google wrote it, or "" when the token does not expire.
	ExpirationTime string
}

// NewClient builds a Client over the shared HTTP layer hc, which owns retries and logging, with
// the credentials of s. It contacts nothing until the first call.
func NewClient(ctx context.Context, s Settings, hc *http.Client) (*Client, error) {
	tokens, err := tokenSource(ctx, s, hc)
	if err != nil {
		return nil, err
	}
	authed := &http.Client{Transport: &oauth2.Transport{Source: tokens, Base: hc.Transport}}
	svc, err := dc.NewService(ctx, option.WithEndpoint(s.Endpoint), option.WithHTTPClient(authed))
	if err != nil {
		return nil, err
	}
	return &Client{links: svc.Projects.Locations.Connections.GitRepositoryLinks}, nil
}

// tokenSource picks the credentials as the Google provider does: an access token, else a key
// file, else application default credentials. Tokens are minted through hc, so those calls are
// logged with secrets masked, and outlive the call that built the client.
func tokenSource(ctx context.Context, s Settings, hc *http.Client) (oauth2.TokenSource, error) {
	ctx = context.WithoutCancel(ctx)
	minting := &http.Client{Transport: mintingTransport{next: hc.Transport, ctx: ctx}}
	ctx = context.WithValue(ctx, oauth2.HTTPClient, minting)
	switch {
	case s.AccessToken != "":
		return oauth2.StaticTokenSource(&oauth2.Token{AccessToken: s.AccessToken}), nil
	case s.Credentials != nil:
		var key struct {
			Type string `json:"type"`
		}
		_ = json.Unmarshal(s.Credentials, &key) // checked by keyFile
		creds, err := google.CredentialsFromJSONWithType(ctx, s.Credentials, google.CredentialsType(key.Type), Scope)
		if err != nil {
			return nil, err
		}
		return creds.TokenSource, nil
	}
	creds, err := google.FindDefaultCredentials(ctx, Scope)
	if err != nil {
		return nil, err
	}
	return creds.TokenSource, nil
}

// mintingTransport sends the requests that mint access tokens. Some token sources (a service
// account's) send them without a context, so it gives them the one the client was built with,
// which carries the provider's logger, and marks them safe to repeat: minting changes nothing.
type mintingTransport struct {
	next http.RoundTripper
	ctx  context.Context
}

func (t mintingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	if ctx == context.Background() {
		ctx = t.ctx
	}
	return t.next.RoundTrip(req.WithContext(httpclient.SafeToRepeat(ctx)))
}

// TokenEndpointError is the answer of Google's OAuth 2.0 token endpoint refusing the credentials,
// before any call to Developer Connect.
type TokenEndpointError struct{ *httpclient.APIError }

func (e *TokenEndpointError) Unwrap() error { return e.APIError }

// tokenEndpoint names Google's OAuth 2.0 token endpoint in errors.
const tokenEndpoint = "Google's token endpoint" //nolint:gosec // G101: a name, not a credential

// ErrNotAToken is the error of an answer that is not a read token: no body, not JSON, no token.
var ErrNotAToken = errors.New("the answer is not a read token")

// FetchReadToken fetches a read token of the link. The call changes nothing remotely, so the
// shared layer may repeat it like a read.
func (c *Client) FetchReadToken(ctx context.Context, link string) (*ReadToken, error) {
	resp, err := c.links.FetchReadToken(link, &dc.FetchReadTokenRequest{}).Context(httpclient.SafeToRepeat(ctx)).Do()
	var syntax *json.SyntaxError
	var wrongType *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syntax) || errors.As(err, &wrongType) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
		return nil, fmt.Errorf("the answer of Developer Connect is not JSON (%w): %w", err, ErrNotAToken)
	case err != nil:
		return nil, apiError(err)
	case resp == nil || resp.Token == "":
		return nil, fmt.Errorf("the answer of Developer Connect holds no token: %w", ErrNotAToken)
	}
	return &ReadToken{Token: resp.Token, GitUsername: resp.GitUsername, ExpirationTime: resp.ExpirationTime}, nil
}

// apiError turns Google's error answer into an *httpclient.APIError with its status name
// (NOT_FOUND, PERMISSION_DENIED) as the code, and the token endpoint's error with its OAuth code.
func apiError(err error) error {
	var refused *oauth2.RetrieveError
	if errors.As(err, &refused) {
		// A service account's token source leaves the OAuth error in the body.
		var oauthErr struct {
			Error       string `json:"error"`
			Description string `json:"error_description"`
		}
		_ = json.Unmarshal(refused.Body, &oauthErr)
		return &TokenEndpointError{&httpclient.APIError{API: tokenEndpoint, Status: refused.Response.StatusCode,
			Code:    cmp.Or(refused.ErrorCode, oauthErr.Error),
			Message: cmp.Or(refused.ErrorDescription, oauthErr.Description, httpclient.PlainText(refused.Body))}}
	}
	var gerr *googleapi.Error
	if !errors.As(err, &gerr) {
		return err
	}
	var body struct {
		Error struct {
			Status string `json:"status"`
		} `json:"error"`
	}
	out := &httpclient.APIError{API: "Developer Connect", Status: gerr.Code, Message: gerr.Message}
	if json.Unmarshal([]byte(gerr.Body), &body) == nil {
		out.Code = body.Error.Status
	}
	if out.Message == "" {
		out.Message = httpclient.PlainText([]byte(gerr.Body))
	}
	if gerr.Code == http.StatusTooManyRequests || gerr.Code == http.StatusServiceUnavailable {
		out.RetryAfter = gerr.Header.Get("Retry-After")
	}
	return out
}
