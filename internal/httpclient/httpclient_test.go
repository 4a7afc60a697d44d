package httpclient

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflogtest"
)

// server answers each request with the statuses in turn, then 200, and counts the requests.
func server(t *testing.T, statuses ...int) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := int(calls.Add(1))
		if n <= len(statuses) {
			w.Header().Set("Retry-After", "0")
			w.WriteHeader(statuses[n-1])
			return
		}
		_, _ = io.WriteString(w, `{"ok":true}`)
	}))
	t.Cleanup(srv.Close)
	return srv, &calls
}

func fastClient() *http.Client {
	return New(Config{Retries: 2, RetryWaitMin: time.Millisecond, RetryWaitMax: time.Millisecond})
}

func TestRetryPolicy(t *testing.T) {
	cases := []struct {
		method    string
		status    int
		wantCalls int32
		safe      bool
	}{
		{method: http.MethodGet, status: 503, wantCalls: 3},
		{method: http.MethodDelete, status: 502, wantCalls: 3},
		{method: http.MethodGet, status: 429, wantCalls: 3},
		{method: http.MethodPost, status: 429, wantCalls: 3},             // rate limited: not processed, safe to send again
		{method: http.MethodPost, status: 503, wantCalls: 1},             // may have been processed: left to the caller
		{method: http.MethodPost, status: 500, wantCalls: 1},             // likewise
		{method: http.MethodGet, status: 501, wantCalls: 1},              // permanent
		{method: http.MethodGet, status: 404, wantCalls: 1},              // an answer, not a failure
		{method: http.MethodPost, status: 400, wantCalls: 1},             // refused
		{method: http.MethodPost, status: 503, wantCalls: 3, safe: true}, // a POST that changes nothing, marked SafeToRepeat
	}
	for _, c := range cases {
		t.Run(c.method+" "+http.StatusText(c.status), func(t *testing.T) {
			srv, calls := server(t, c.status, c.status, c.status)
			ctx := context.Background()
			if c.safe {
				ctx = SafeToRepeat(ctx)
			}
			req, _ := http.NewRequestWithContext(ctx, c.method, srv.URL, strings.NewReader(`{"name":"x"}`))
			resp, err := fastClient().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			_ = resp.Body.Close()
			if got := calls.Load(); got != c.wantCalls {
				t.Errorf("%d calls, want %d", got, c.wantCalls)
			}
			if resp.StatusCode != c.status {
				t.Errorf("final status %d, want the server's %d", resp.StatusCode, c.status)
			}
		})
	}
}

func TestRetryEndsInSuccessWithBodyResent(t *testing.T) {
	var bodies []string
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		bodies = append(bodies, string(b))
		if calls.Add(1) == 1 {
			w.WriteHeader(http.StatusTooManyRequests)
			return
		}
		w.WriteHeader(http.StatusCreated)
	}))
	defer srv.Close()
	resp, err := fastClient().Post(srv.URL, "application/json", strings.NewReader(`{"name":"ci"}`))
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusCreated || len(bodies) != 2 || bodies[1] != `{"name":"ci"}` {
		t.Fatalf("status %d, bodies %q: want 201 after the same body was sent twice", resp.StatusCode, bodies)
	}
}

func TestRetryAfterIsHonoured(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) == 1 {
			w.Header().Set("Retry-After", "1")
			w.WriteHeader(http.StatusTooManyRequests)
		}
	}))
	defer srv.Close()
	start := time.Now()
	resp, err := fastClient().Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	// The client's own backoff is 1ms here; only Retry-After can make it wait a second.
	if waited := time.Since(start); waited < 900*time.Millisecond {
		t.Errorf("retried after %v, before the server's Retry-After of 1s", waited)
	}
}

// dropper reads each request, counts it and closes the connection without answering, as a proxy
// that loses GitLab's answer would.
func dropper(t *testing.T) (string, *atomic.Int32) {
	t.Helper()
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		conn, _, err := http.NewResponseController(w).Hijack()
		if err == nil {
			_ = conn.Close()
		}
	}))
	t.Cleanup(srv.Close)
	return srv.URL, &calls
}

func closedPort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	_ = ln.Close()
	return "http://" + addr
}

func TestOnlyACallThatLeftIsAmbiguous(t *testing.T) {
	dropURL, drops := dropper(t)
	tlsSrv := httptest.NewTLSServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	t.Cleanup(tlsSrv.Close)
	cases := []struct {
		name, method, url string
		ambiguous         bool
	}{
		{"refused connection", http.MethodPost, closedPort(t), false},
		{"unknown host", http.MethodPost, "http://gitauth-test.invalid", false},
		{"untrusted certificate", http.MethodPost, tlsSrv.URL, false},
		{"unsupported scheme", http.MethodPost, "ftp://127.0.0.1/x", false},
		{"answer lost after the request left", http.MethodPost, dropURL, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			req, _ := http.NewRequest(c.method, c.url, strings.NewReader(`{"name":"ci"}`))
			_, err := fastClient().Do(req)
			if err == nil {
				t.Fatal("no error")
			}
			if got := Ambiguous(err); got != c.ambiguous {
				t.Errorf("Ambiguous(%v) = %v, want %v", err, got, c.ambiguous)
			}
		})
	}
	if n := drops.Load(); n != 1 {
		t.Errorf("a POST whose answer was lost was sent %d times, want once", n)
	}
}

func TestLostAnswerOfAReadIsRetried(t *testing.T) {
	url, calls := dropper(t)
	if _, err := fastClient().Get(url); !Ambiguous(err) {
		t.Errorf("err %v", err)
	}
	if n := calls.Load(); n != 3 {
		t.Errorf("%d GETs, want 3 (two retries)", n)
	}
}

func TestLongRetryAfterEndsTheCall(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		w.Header().Set("Retry-After", "3600")
		w.Header().Set("Content-Type", "text/plain")
		w.WriteHeader(http.StatusTooManyRequests)
		_, _ = io.WriteString(w, "Retry later")
	}))
	defer srv.Close()
	var logs bytes.Buffer
	ctx := tflogtest.RootLogger(context.Background(), &logs)
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL, nil)
	start := time.Now()
	resp, err := fastClient().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	if took := time.Since(start); took > 5*time.Second || calls.Load() != 1 || resp.StatusCode != 429 {
		t.Errorf("took %v over %d calls, ending in %d; want the 429 at once", took, calls.Load(), resp.StatusCode)
	}
	if !strings.Contains(logs.String(), "asked to wait 1h0m0s, more than the 1m0s this provider waits") {
		t.Errorf("the log does not say why it stopped:\n%s", logs.String())
	}
}

// A Retry-After longer than a minute ends the call, though two minutes of waiting are allowed per
// call; a minute or less is waited.
func TestRetryAfterOverAMinuteIsNotWaited(t *testing.T) {
	p := policy{waitMin: time.Millisecond, waitMax: time.Millisecond}
	for after, want := range map[string]bool{"1": true, "60": true, "61": false, "90": false, "120": false} {
		resp := &http.Response{StatusCode: 429, Header: http.Header{"Retry-After": {after}}}
		ctx := context.WithValue(context.Background(), callKey{}, &call{method: http.MethodGet})
		if retry, _ := p.checkRetry(ctx, resp, nil); retry != want {
			t.Errorf("Retry-After %s: retry %v, want %v", after, retry, want)
		}
	}
}

func TestWaitsOfOneCallAreBounded(t *testing.T) {
	p := policy{waitMin: time.Millisecond, waitMax: time.Millisecond}
	resp := &http.Response{StatusCode: 429, Header: http.Header{"Retry-After": {"50"}}}
	c := &call{method: http.MethodGet}
	ctx := context.WithValue(context.Background(), callKey{}, c)
	if retry, _ := p.checkRetry(ctx, resp, nil); !retry {
		t.Fatal("a first wait of 50s is within bounds")
	}
	c.waited = MaxTotalWait - 10*time.Second
	if retry, _ := p.checkRetry(ctx, resp, nil); retry {
		t.Error("a wait beyond the total bound was allowed")
	}
}

func TestTimeoutBoundsEachAttempt(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(2 * time.Second):
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	_, err := New(Config{Timeout: 50 * time.Millisecond}).Get(srv.URL)
	if err == nil {
		t.Fatal("a request slower than the timeout succeeded")
	}
}

func TestUserAgentReplacesTheLibrarys(t *testing.T) {
	var got string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { got = r.UserAgent() }))
	defer srv.Close()
	req, _ := http.NewRequest(http.MethodGet, srv.URL, nil)
	req.Header.Set("User-Agent", "go-gitlab")
	resp, err := New(Config{UserAgent: "terraform-provider-gitauth/1.2.3"}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	if got != "terraform-provider-gitauth/1.2.3" {
		t.Errorf("User-Agent %q", got)
	}
}

func TestLogsHoldNoSecret(t *testing.T) {
	const credential = "mock-credential-value"
	const minted = "glpat-AbCdEfGhIjKlMnOpQrSt"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Set-Cookie", "session=abc")
		_, _ = io.WriteString(w, `{"id":7,"token":"`+minted+`","echo":"header was `+credential+`"}`)
	}))
	defer srv.Close()

	var logs bytes.Buffer
	ctx := tflogtest.RootLogger(context.Background(), &logs)
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, srv.URL+"/access_tokens",
		strings.NewReader(`{"name":"ci","password":"hunter2"}`))
	req.Header.Set("PRIVATE-TOKEN", credential)
	req.Header.Set("Authorization", "Bearer "+credential)
	resp, err := New(Config{Secrets: []string{credential}}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	_ = resp.Body.Close()

	if !strings.Contains(string(body), minted) {
		t.Fatal("the caller must still get the body as sent")
	}
	out := logs.String()
	for _, want := range []string{"API request", "API response", `\"id\":7`, "/access_tokens"} {
		if !strings.Contains(out, want) {
			t.Errorf("log lacks %q:\n%s", want, out)
		}
	}
	for _, secret := range []string{credential, minted, "hunter2", "session=abc"} {
		if strings.Contains(out, secret) {
			t.Errorf("log holds secret %q:\n%s", secret, out)
		}
	}
}

func TestAPIError(t *testing.T) {
	err := error(&APIError{API: "ServiceStage", Status: 400, Code: "SVCSTG.REPO.0403", Message: "already exists"})
	if got, want := err.Error(), "ServiceStage answered 400 Bad Request [SVCSTG.REPO.0403]: already exists"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if !HasStatus(err, 400) || HasStatus(err, 404) {
		t.Error("HasStatus")
	}
	if Ambiguous(err) || !Ambiguous(&APIError{Status: 502}) || !Ambiguous(io.ErrUnexpectedEOF) ||
		Ambiguous(&NotSentError{Err: io.ErrUnexpectedEOF}) {
		t.Error("only a 5xx or an answer lost after sending is ambiguous")
	}
}

func TestRedactBody(t *testing.T) {
	cases := map[string]string{
		`{"id":1000000,"token":"glpat-x","token_type":"personal"}`: `{"id":1000000,"token":"***","token_type":"personal"}`,
		`[{"nested":{"access_token":"ya29.x","Password":"p"}}]`:    `[{"nested":{"Password":"***","access_token":"***"}}]`,
		`{"secret_key":"sk","scopes":["api"],"active":true}`:       `{"active":true,"scopes":["api"],"secret_key":"***"}`,
		`{"token":"glpat-cut-off-by-truncati`:                      `{"token":"***"`,
		`{"token":"glpat-x","name":"ci"} trailing`:                 `{"token":"***","name":"ci"} trailing`,
		`not json, "password": "hunter2"`:                          `not json, "password": "***"`,
	}
	for in, want := range cases {
		if got := redactBody([]byte(in)); got != want {
			t.Errorf("redactBody(%s)\n got %s\nwant %s", in, got, want)
		}
	}
}

// An OAuth 2.0 token request is a form whose assertion can mint tokens: only the grant type and
// scope are logged.
func TestLogsHoldNoFormSecret(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		_, _ = io.WriteString(w, `{"access_token":"ya29.minted","expires_in":3599}`)
	}))
	defer srv.Close()
	var logs bytes.Buffer
	ctx := tflogtest.RootLogger(context.Background(), &logs)
	form := "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion=eyJhbGciOi.signed.jwt&client_secret=s3cr3t"
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, srv.URL+"/token", strings.NewReader(form))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := New(Config{}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	out := logs.String()
	if !strings.Contains(out, "jwt-bearer") {
		t.Errorf("the grant type is not logged:\n%s", out)
	}
	for _, secret := range []string{"eyJhbGciOi", "s3cr3t", "ya29.minted"} {
		if strings.Contains(out, secret) {
			t.Errorf("log holds secret %q:\n%s", secret, out)
		}
	}
}

func TestRetryRead(t *testing.T) {
	ctx := context.Background()
	busy := &APIError{Status: 503}
	for _, c := range []struct {
		name  string
		errs  []error // the answers of the tries, in order; nil is a success
		tries int
		calls int
		fails bool
	}{
		{"succeeds after two busy answers", []error{busy, errors.New("EOF"), nil}, 4, 3, false},
		{"gives up after its tries", []error{busy, busy, busy}, 2, 2, true},
		{"a 404 is final", []error{&APIError{Status: 404}, nil}, 4, 1, true},
		{"a 429 is not", []error{&APIError{Status: 429}, nil}, 4, 2, false},
	} {
		calls := 0
		start := time.Now()
		_, err := RetryRead(ctx, c.tries, func(context.Context) (int, error) {
			calls++
			return calls, c.errs[calls-1]
		})
		if calls != c.calls || (err != nil) != c.fails {
			t.Errorf("%s: %d calls, error %v", c.name, calls, err)
		}
		if waited := time.Since(start); calls == 3 && waited < 3*time.Second {
			t.Errorf("%s: waited %s, want 1s then 2s", c.name, waited)
		}
	}
}
