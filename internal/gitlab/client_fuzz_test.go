package gitlab_test

import (
	"context"
	"testing"

	"github.com/gitauth-dev/terraform-provider-gitauth/internal/dev/acctest/answers"
	"github.com/gitauth-dev/terraform-provider-gitauth/internal/gitlab"
)

// FuzzClientAnswers feeds the client any answer GitLab could give to each call: it never panics,
// an error status is always an error carrying that status, and a success never gives a token
// without an ID.
func FuzzClientAnswers(f *testing.F) {
	for _, body := range []string{
		`{"id":42,"name":"ci","scopes":["api"],"access_level":40,"expires_at":"2026-12-01","active":true,"token":"glpat-x"}`,
		`[{"id":42,"name":"ci"}]`, `{"message":"404 project Access Token Not Found"}`, `{"error":"invalid_token"}`,
		`{"message":{"expires_at":["must be before 2027-11-30"]}}`, `{"id":"42"}`, `{"id":null}`, `[]`, `null`, ``,
		`<html>502 Bad Gateway</html>`, `Retry later`, `{"id":42,"expires_at":"not a date"}`,
	} {
		for _, status := range []int{200, 404, 429} {
			f.Add(status, []byte(body))
		}
	}
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		status = answers.Statuses[uint(status)%uint(len(answers.Statuses))]
		c, err := gitlab.NewClient("https://gitlab.test/api/v4", "glpat-credential", answers.Fixed(status, body))
		if err != nil {
			t.Fatal(err)
		}
		ctx := context.Background()
		want := gitlab.CreateRequest{Name: "ci", Scopes: []string{"api"}, AccessLevel: 40, ExpiresAt: "2026-12-01"}
		tok, err := c.GetToken(ctx, "demo/app", 42)
		checkToken(t, "get", status, tok, err)
		_, err = c.ListTokens(ctx, "demo/app")
		answers.CheckStatus(t, "list", status, err)
		// A create is preceded by a list of the project's tokens (the client's baseline), here empty.
		c, err = gitlab.NewClient("https://gitlab.test/api/v4", "glpat-credential", answers.FixedAfter([]byte(`[]`), status, body))
		if err != nil {
			t.Fatal(err)
		}
		tok, err = c.CreateToken(ctx, "demo/app", want)
		checkToken(t, "create", status, tok, err)
		tok, err = c.RotateToken(ctx, "demo/app", 42, want)
		checkToken(t, "rotate", status, tok, err)
		answers.CheckStatus(t, "revoke", status, c.Revoke(ctx, "demo/app", 42))
	})
}

func checkToken(t *testing.T, call string, status int, tok *gitlab.Token, err error) {
	t.Helper()
	answers.CheckStatus(t, call, status, err)
	if err == nil && (tok == nil || tok.ID == 0) {
		t.Fatalf("%s answered %d: no error and no token", call, status)
	}
}
