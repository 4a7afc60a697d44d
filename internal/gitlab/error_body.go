package gitlab

import (
	"bytes"
	"context"
	"io"
	"net/http"

	"github.com/gitauth-dev/terraform-provider-gitauth/internal/httpclient"
)

// The GitLab client library drops the body of a 404 (it answers a shared ErrNotFound), and with it
// GitLab's message, which tells a missing project from a missing token. [recordingTransport] keeps
// the body and Retry-After of an error answer for the call that is waiting for it ([withErrorBody]),
// and the server's clock (the Date header) for settling unconfirmed calls ([ledger.send]).

type errorBodyKey struct{}

// errorBody holds the last error answer of one call.
type errorBody struct {
	data       []byte
	retryAfter string
}

func withErrorBody(ctx context.Context) (context.Context, *errorBody) {
	b := &errorBody{}
	return context.WithValue(ctx, errorBodyKey{}, b), b
}

// recordingTransport records what the client's callers need of every answer: GitLab's clock, from
// its Date, and the body of an error, which the official client does not keep.
type recordingTransport struct {
	next   http.RoundTripper
	server *httpclient.ServerClock
}

func (t recordingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := t.next.RoundTrip(req)
	if err != nil {
		return resp, err
	}
	t.server.Observe(resp.Header)
	holder, ok := req.Context().Value(errorBodyKey{}).(*errorBody)
	if !ok || resp.StatusCode < 400 {
		return resp, nil
	}
	holder.data, _ = io.ReadAll(resp.Body)
	holder.retryAfter = resp.Header.Get("Retry-After")
	_ = resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(holder.data))
	return resp, nil
}
