// Package httpclient is the one HTTP layer every API family uses: user agent, per-attempt timeout,
// bounded retries that never repeat a non-idempotent call the server may have acted on, and tflog
// logging with every secret redacted.
package httpclient

import (
	"crypto/tls"
	"net/http"
	"time"

	"github.com/hashicorp/go-cleanhttp"
	"github.com/hashicorp/go-retryablehttp"
)

// Config says how to build a client. The zero value of each field picks a sensible default.
type Config struct {
	// UserAgent is sent on every request, replacing whatever an API client library sets.
	UserAgent string
	// Retries is how many times a retryable failure is tried again.
	Retries int
	// Timeout bounds one attempt, not the whole call with its retries.
	Timeout time.Duration
	// RetryWaitMin and RetryWaitMax bound the backoff when the server gives no Retry-After.
	RetryWaitMin, RetryWaitMax time.Duration
	// TLS, when set, replaces the transport's TLS configuration (custom CA, insecure).
	TLS *tls.Config
	// Secrets are values, such as the API token, that must never reach a log line.
	Secrets []string
}

// Defaults used where Config leaves a field zero.
const (
	DefaultTimeout      = 30 * time.Second
	DefaultRetryWaitMin = 500 * time.Millisecond
	DefaultRetryWaitMax = 30 * time.Second
)

// New returns an *http.Client for an API client library. Hand it to the library with its own
// retries turned off, so that this client's policy is the only one.
func New(cfg Config) *http.Client {
	transport := cleanhttp.DefaultPooledTransport()
	if cfg.TLS != nil {
		transport.TLSClientConfig = cfg.TLS
	}
	attempt := &http.Client{
		Transport: &loggingTransport{next: transport, userAgent: cfg.UserAgent, secrets: cfg.Secrets},
		Timeout:   orDefault(cfg.Timeout, DefaultTimeout),
	}
	p := policy{waitMin: orDefault(cfg.RetryWaitMin, DefaultRetryWaitMin), waitMax: orDefault(cfg.RetryWaitMax, DefaultRetryWaitMax)}
	retrying := &retryablehttp.Client{
		HTTPClient:   attempt,
		RetryMax:     cfg.Retries,
		RetryWaitMin: p.waitMin,
		RetryWaitMax: p.waitMax,
		CheckRetry:   p.checkRetry,
		Backoff:      retryablehttp.DefaultBackoff,
		PrepareRetry: newAttempt,
		// Hand the last answer back unchanged so the caller sees the vendor's error body.
		ErrorHandler: retryablehttp.PassthroughErrorHandler,
	}
	return &http.Client{Transport: &retryTransport{next: &retryablehttp.RoundTripper{Client: retrying}}}
}

func orDefault(d, def time.Duration) time.Duration {
	if d <= 0 {
		return def
	}
	return d
}
