// Package answers gives clients an HTTP client whose every call gets one fixed answer, without a
// network, for fuzz targets that feed the API clients arbitrary answers.
package answers

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"testing"

	"github.com/gitauth-dev/terraform-provider-gitauth/internal/httpclient"
)

// Fixed returns a client whose every call is answered with status and body, as JSON.
func Fixed(status int, body []byte) *http.Client {
	return &http.Client{Transport: fixed{status: status, body: body}}
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
