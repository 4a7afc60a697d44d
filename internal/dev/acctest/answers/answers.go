// Package answers gives clients an HTTP client whose every call gets one fixed answer (or one
// after a first), without a network, for fuzz targets that feed the API clients arbitrary answers;
// and a transport that holds an answer back, for tests of what a call in flight meets (held.go).
package answers

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"sync/atomic"
	"testing"

	"github.com/gitauth-dev/terraform-provider-gitauth/internal/httpclient"
)

// Fixed returns a client whose every call is answered with status and body, as JSON.
func Fixed(status int, body []byte) *http.Client {
	return &http.Client{Transport: fixed{status: status, body: body}}
}

// FixedAfter returns a client whose first call is answered 200 with first, and every later call
// with status and body: for a client that reads before the call under test, such as the list of a
// project's tokens before the first create there.
func FixedAfter(first []byte, status int, body []byte) *http.Client {
	return &http.Client{Transport: &fixedAfter{first: first, then: fixed{status: status, body: body}}}
}

type fixed struct {
	status int
	body   []byte
}

func (f fixed) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Body != nil {
		_ = req.Body.Close()
	}
	return &http.Response{
		StatusCode: f.status,
		Status:     http.StatusText(f.status),
		Header:     http.Header{"Content-Type": {"application/json"}},
		Body:       io.NopCloser(bytes.NewReader(f.body)),
		Request:    req,
	}, nil
}

type fixedAfter struct {
	answered atomic.Bool
	first    []byte
	then     fixed
}

func (f *fixedAfter) RoundTrip(req *http.Request) (*http.Response, error) {
	if f.answered.Swap(true) {
		return f.then.RoundTrip(req)
	}
	return fixed{status: http.StatusOK, body: f.first}.RoundTrip(req)
}

// Statuses are the statuses a fuzz target draws from: success, client and server errors.
var Statuses = []int{200, 201, 204, 400, 401, 403, 404, 409, 429, 500, 502, 503}

// CheckStatus fails t unless an answer of an error status gave an API error with that status.
func CheckStatus(t *testing.T, call string, status int, err error) {
	t.Helper()
	var api *httpclient.APIError
	if status >= 400 && (!errors.As(err, &api) || api.Status != status) {
		t.Fatalf("%s answered %d: error %v, want an API error with that status", call, status, err)
	}
}
