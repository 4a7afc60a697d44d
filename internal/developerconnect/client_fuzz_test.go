package developerconnect_test

import (
	"context"
	"errors"
	"testing"

	"github.com/gitauth-dev/terraform-provider-gitauth/internal/dev/acctest/answers"
	"github.com/gitauth-dev/terraform-provider-gitauth/internal/dev/mockapi"
	"github.com/gitauth-dev/terraform-provider-gitauth/internal/developerconnect"
	"github.com/gitauth-dev/terraform-provider-gitauth/internal/httpclient"
)

// FuzzFetchReadTokenAnswers feeds fetchReadToken any answer: it never panics, an error status is
// always an API error with a status, and a success always has a token. The status is not compared
// with the answer's: Google's client takes it from the body's error.code when there is one.
func FuzzFetchReadTokenAnswers(f *testing.F) {
	for _, body := range []string{
		`{"token":"ghs_x","expirationTime":"2026-11-30T01:00:00Z","gitUsername":"x-access-token"}`,
		`{"error":{"code":403,"message":"denied","status":"PERMISSION_DENIED"}}`,
		`{"token":""}`, `{"token":42}`, `{}`, `null`, ``, `<html>502</html>`, `{"token":"x"`,
	} {
		for _, status := range []int{200, 403, 429} {
			f.Add(status, []byte(body))
		}
	}
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		status = answers.Statuses[uint(status)%uint(len(answers.Statuses))]
		ctx := context.Background()
		c, err := developerconnect.NewClient(ctx, developerconnect.Settings{Endpoint: "https://developerconnect.test/",
			AccessToken: "ya29.fuzz"}, answers.Fixed(status, body))
		if err != nil {
			t.Fatal(err)
		}
		tok, err := c.FetchReadToken(ctx, mockapi.DeveloperConnectGitHubLink)
		var api *httpclient.APIError
		switch {
		case status >= 400 && (!errors.As(err, &api) || api.Status == 0):
			t.Fatalf("answered %d %q: error %v, want an API error", status, body, err)
		case err == nil && (tok == nil || tok.Token == ""):
			t.Fatalf("answered %d %q: no error and no token", status, body)
		}
	})
}
