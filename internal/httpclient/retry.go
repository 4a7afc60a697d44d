package httpclient

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptrace"
	"sync/atomic"
	"time"

	"github.com/hashicorp/go-retryablehttp"
	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// Bounds on waiting, so that a rate limit never holds a plan for long.
const (
	// MaxRetryAfter is the longest Retry-After honoured; a longer one ends the call with the answer.
	MaxRetryAfter = time.Minute
	// MaxTotalWait bounds the waits between the attempts of one call.
	MaxTotalWait = 2 * time.Minute
)

// RetryAfterDoc tells users how waiting is bounded, for the provider's docs.
var RetryAfterDoc = fmt.Sprintf("A `Retry-After` of up to %s is honoured; a longer one ends the call at once with "+
	"the API's answer, and the waits of one call add up to at most %s.", MaxRetryAfter, MaxTotalWait)

// NotSentError wraps the error of a call that never left this machine: refused connection, DNS or
// TLS failure, unsupported URL scheme. The server cannot have acted on it.
type NotSentError struct{ Err error }

func (e *NotSentError) Error() string { return e.Err.Error() + " (the request was not sent)" }
func (e *NotSentError) Unwrap() error { return e.Err }

// call is what one call, across its attempts, keeps in its context.
type call struct {
	method  string
	safe    bool // safe to repeat whatever the method
	attempt int
	waited  time.Duration
	sent    atomic.Bool
}

type callKey struct{}

type safeKey struct{}

// SafeToRepeat marks the calls made with ctx as safe to repeat whatever their method, as a POST
// that changes nothing remotely is (Developer Connect's fetchReadToken).
func SafeToRepeat(ctx context.Context) context.Context {
	return context.WithValue(ctx, safeKey{}, true)
}

// retryTransport gives each call its record, which tells the retry policy the method (it sees no
// request when an attempt failed without a response) and whether any attempt sent its request.
type retryTransport struct {
	next *retryablehttp.RoundTripper
}

func (t *retryTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	c := &call{method: req.Method, safe: req.Context().Value(safeKey{}) != nil}
	ctx := context.WithValue(req.Context(), callKey{}, c)
	ctx = httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{WroteHeaders: func() { c.sent.Store(true) }})
	resp, err := t.next.RoundTrip(req.WithContext(ctx))
	if err != nil && !c.sent.Load() {
		return resp, &NotSentError{Err: err}
	}
	return resp, err
}

// newAttempt forgets whether the previous attempt was sent: only the last attempt's fate is the
// call's (a 429 was not processed, whatever follows).
func newAttempt(req *http.Request) error {
	if c, ok := req.Context().Value(callKey{}).(*call); ok {
		c.sent.Store(false)
	}
	return nil
}

// policy decides whether and how long to wait before another attempt.
type policy struct {
	waitMin, waitMax time.Duration
}

// checkRetry retries a 429 for any method, since a rate-limited request was not processed. A 5xx or
// a broken connection is retried only for idempotent methods, or when the request never left: a
// POST the server may already have acted on is left to the caller, which can look for what it
// created instead of creating it twice. No wait exceeds MaxRetryAfter, nor all of them MaxTotalWait.
func (p policy) checkRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	if ctx.Err() != nil {
		return false, ctx.Err()
	}
	c, _ := ctx.Value(callKey{}).(*call)
	if c == nil {
		c = &call{}
	}
	var reason string
	switch {
	case err != nil:
		if !c.repeatable() && c.sent.Load() {
			return false, nil
		}
		reason = err.Error()
	case resp.StatusCode == http.StatusTooManyRequests:
		reason = resp.Status
	case resp.StatusCode >= 500 && resp.StatusCode != http.StatusNotImplemented && c.repeatable():
		reason = resp.Status
	default:
		return false, nil
	}
	wait := retryablehttp.DefaultBackoff(p.waitMin, p.waitMax, c.attempt, resp)
	c.attempt++
	fields := map[string]any{"http.method": c.method, "reason": reason, "wait": wait.String()}
	if after := retryAfter(resp); after != "" {
		fields["retry_after"] = after
	}
	switch {
	case wait > MaxRetryAfter:
		tflog.Warn(ctx, fmt.Sprintf("Not retrying: the API asked to wait %s, more than the %s this provider waits", wait, MaxRetryAfter), fields)
		return false, nil
	case c.waited+wait > MaxTotalWait:
		tflog.Warn(ctx, fmt.Sprintf("Not retrying: another %s would exceed the %s one call may wait", wait, MaxTotalWait), fields)
		return false, nil
	}
	c.waited += wait
	tflog.Warn(ctx, fmt.Sprintf("API call failed (%s); waiting %s before trying again", reason, wait), fields)
	return true, nil
}

func retryAfter(resp *http.Response) string {
	if resp == nil {
		return ""
	}
	return resp.Header.Get("Retry-After")
}

// repeatable reports whether repeating the call cannot repeat a side effect.
func (c *call) repeatable() bool { return c.safe || idempotent(c.method) }

// idempotent reports whether repeating the method cannot repeat a side effect (RFC 9110 9.2.2).
func idempotent(method string) bool {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodPut, http.MethodDelete:
		return true
	}
	return false
}

// Ambiguous reports whether a call that failed with err may nonetheless have been carried out:
// the server answered 5xx, or the answer was lost after the request left (timeout, dropped
// connection, interruption). A 4xx says the request was refused; a call that never left did nothing.
// The GitLab family calls a create or rotate that failed so unconfirmed.
func Ambiguous(err error) bool {
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		return apiErr.Status >= 500
	}
	var notSent *NotSentError
	return err != nil && !errors.As(err, &notSent)
}

// SettleTries is how often RetryRead tries a read that settles a lost call, by default.
const SettleTries = 4

// RetryRead calls read until it succeeds, fails for good (an API error other than 429 or 5xx), has
// been tried tries times, or ctx ends, waiting 1s, 2s, 4s... between tries. It is for the reads
// that settle what a call whose answer was lost did: finding out matters more than the wait, and
// each try already has this layer's own retries.
func RetryRead[T any](ctx context.Context, tries int, read func(context.Context) (T, error)) (T, error) {
	wait := time.Second
	for try := 1; ; try++ {
		v, err := read(ctx)
		var apiErr *APIError
		final := errors.As(err, &apiErr) && apiErr.Status < 500 && apiErr.Status != http.StatusTooManyRequests
		if err == nil || final || try >= tries {
			return v, err
		}
		tflog.Warn(ctx, fmt.Sprintf("Reading again in %s to settle a call whose answer was lost", wait), map[string]any{"reason": err.Error()})
		select {
		case <-ctx.Done():
			return v, err
		case <-time.After(wait):
		}
		wait *= 2
	}
}
