package httpclient

import (
	"context"
	"errors"
	"net"
	"net/http"

	"github.com/hashicorp/go-retryablehttp"
	"github.com/hashicorp/terraform-plugin-log/tflog"
)

type methodKey struct{}

// retryTransport records the request method in the context, because retryablehttp's CheckRetry
// sees no request when the attempt failed without a response.
type retryTransport struct {
	next *retryablehttp.RoundTripper
}

func (t *retryTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := context.WithValue(req.Context(), methodKey{}, req.Method)
	return t.next.RoundTrip(req.WithContext(ctx))
}

// checkRetry retries a 429 for any method, since a rate-limited request was not processed. A 5xx or
// a broken connection is retried only for idempotent methods: a POST the server may already have
// acted on is left to the caller, which can look for what it created instead of creating it twice.
func checkRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	if ctx.Err() != nil {
		return false, ctx.Err()
	}
	method, _ := ctx.Value(methodKey{}).(string)
	retry := false
	switch {
	case err != nil:
		retry = idempotent(method) || neverSent(err)
	case resp.StatusCode == http.StatusTooManyRequests:
		retry = true
	case resp.StatusCode >= 500 && resp.StatusCode != http.StatusNotImplemented:
		retry = idempotent(method)
	}
	if retry {
		fields := map[string]any{"http.method": method}
		if resp != nil {
			fields["http.status_code"] = resp.StatusCode
		} else {
			fields["error"] = err.Error()
		}
		tflog.Warn(ctx, "API call failed; retrying", fields)
	}
	return retry, nil
}

// idempotent reports whether repeating the method cannot repeat a side effect (RFC 9110 9.2.2).
func idempotent(method string) bool {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodPut, http.MethodDelete:
		return true
	}
	return false
}

// neverSent reports whether the error happened while connecting, before any byte of the request
// left, so that even a POST is safe to send again.
func neverSent(err error) bool {
	var op *net.OpError
	return errors.As(err, &op) && op.Op == "dial"
}
