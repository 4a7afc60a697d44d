package gitlab

import (
	"bytes"
	"context"
	"io"
	"net/http"
)

// The GitLab client library drops the body of a 404 (it answers a shared ErrNotFound), and with it
// GitLab's message, which tells a missing project from a missing token. errorBodies keeps the body
// of an error answer for the call that is waiting for it.

type errorBodyKey struct{}

// errorBody holds the body of the last error answer of one call.
type errorBody struct {
	data []byte
}

func withErrorBody(ctx context.Context) (context.Context, *errorBody) {
	b := &errorBody{}
	return context.WithValue(ctx, errorBodyKey{}, b), b
}

type errorBodies struct {
	next http.RoundTripper
}

func (t errorBodies) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := t.next.RoundTrip(req)
	holder, ok := req.Context().Value(errorBodyKey{}).(*errorBody)
	if err != nil || !ok || resp.StatusCode < 400 {
		return resp, err
	}
	holder.data, _ = io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(holder.data))
	return resp, nil
}
