package gitlab_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/gitauth-dev/terraform-provider-gitauth/internal/dev/mockapi"
	"github.com/gitauth-dev/terraform-provider-gitauth/internal/gitlab"
	"github.com/gitauth-dev/terraform-provider-gitauth/internal/httpclient"
)

func newClient(tb testing.TB, now time.Time) (*gitlab.Client, *mockapi.Server) {
	tb.Helper()
	return newClientOver(tb, now, httpclient.New(httpclient.Config{}))
}

// newClientOver is newClient over the HTTP client hc.
func newClientOver(tb testing.TB, now time.Time, hc *http.Client) (*gitlab.Client, *mockapi.Server) {
	tb.Helper()
	mock := mockapi.New(mockapi.Options{Now: func() time.Time { return now }})
	srv := httptest.NewServer(mock)
	tb.Cleanup(srv.Close)
	c, err := gitlab.NewClient(srv.URL+"/gitlab/api/v4", mockapi.GitLabCredential, hc)
	if err != nil {
		tb.Fatal(err)
	}
	return c, mock
}

func TestListTokensFollowsPagination(t *testing.T) {
	c, mock := newClient(t, time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC))
	ctx := context.Background()
	for range 250 {
		if _, err := c.CreateToken(ctx, "demo/app", gitlab.CreateRequest{Name: "x", Scopes: []string{"api"}, AccessLevel: 40, ExpiresAt: "2026-05-01"}); err != nil {
			t.Fatal(err)
		}
	}
	tokens, err := c.ListTokens(ctx, "1")
	if err != nil {
		t.Fatal(err)
	}
	// The first create listed the empty project once.
	if len(tokens) != 250 || mock.Calls(mockapi.RouteGitLabListTokens) != 1+3 {
		t.Errorf("%d tokens in %d calls, want 250 in 3 pages of 100", len(tokens), mock.Calls(mockapi.RouteGitLabListTokens)-1)
	}
}

// A token's last use is read as GitLab sends it, and is the zero time for a token never used.
func TestListTokensReadsLastUse(t *testing.T) {
	c, mock := newClient(t, time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC))
	used := time.Date(2026, 3, 9, 8, 7, 6, 543e6, time.UTC)
	mock.AddGitLabToken(mockapi.GitLabToken{ProjectID: 1, Name: "never", Scopes: []string{"api"}, AccessLevel: 40})
	mock.AddGitLabToken(mockapi.GitLabToken{ProjectID: 1, Name: "used", Scopes: []string{"api"}, AccessLevel: 40, LastUsedAt: &used})
	tokens, err := c.ListTokensIn(context.Background(), "demo/app", "", -1)
	if err != nil {
		t.Fatal(err)
	}
	if len(tokens) != 2 {
		t.Fatalf("%d tokens, want 2", len(tokens))
	}
	if !tokens[0].LastUsedAt.IsZero() || !tokens[1].LastUsedAt.Equal(used) {
		t.Errorf("last used at %s and %s, want the zero time and %s", tokens[0].LastUsedAt, tokens[1].LastUsedAt, used)
	}
}

// BenchmarkListTokens measures the orphan search after an unconfirmed create, in a project
// holding 500 tokens (five pages).
func BenchmarkListTokens(b *testing.B) {
	c, _ := newClient(b, time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC))
	ctx := context.Background()
	for range 500 {
		if _, err := c.CreateToken(ctx, "demo/app", gitlab.CreateRequest{Name: "x", Scopes: []string{"api"}, AccessLevel: 40, ExpiresAt: "2026-05-01"}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.ListTokens(ctx, "demo/app"); err != nil {
			b.Fatal(err)
		}
	}
}

// A read slower than the per-attempt timeout is cut off and tried again; a create is not.
func TestSlowAnswersAreRetriedOnlyWhenSafe(t *testing.T) {
	now := time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC)
	mock := mockapi.New(mockapi.Options{Now: func() time.Time { return now }})
	srv := httptest.NewServer(mock)
	defer srv.Close()
	hc := httpclient.New(httpclient.Config{Retries: 2, Timeout: 200 * time.Millisecond, RetryWaitMin: time.Millisecond})
	c, err := gitlab.NewClient(srv.URL+"/gitlab/api/v4", mockapi.GitLabCredential, hc)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	slow := mockapi.Fault{Delay: time.Second}

	mock.InjectFault(mockapi.RouteGitLabCreateToken, 1, slow)
	_, err = c.CreateToken(ctx, "1", gitlab.CreateRequest{Name: "ci", Scopes: []string{"api"}, AccessLevel: 40, ExpiresAt: "2026-05-01"})
	if !httpclient.Ambiguous(err) || mock.Calls(mockapi.RouteGitLabCreateToken) != 1 {
		t.Fatalf("slow create: err %v after %d calls; want one call and an ambiguous error", err, mock.Calls(mockapi.RouteGitLabCreateToken))
	}

	listed := mock.Calls(mockapi.RouteGitLabListTokens) // the list before the first create
	mock.InjectFault(mockapi.RouteGitLabListTokens, 1, slow)
	tokens, err := c.ListTokens(ctx, "1")
	if n := mock.Calls(mockapi.RouteGitLabListTokens) - listed; err != nil || n != 2 {
		t.Fatalf("slow list: err %v after %d calls; want success on the second", err, n)
	}
	if len(tokens) != 1 {
		t.Errorf("the slow create was still carried out by the server: want 1 token listed, got %d", len(tokens))
	}
}
