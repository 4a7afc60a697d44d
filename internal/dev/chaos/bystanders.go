package main

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/gitauth-dev/terraform-provider-gitauth/internal/dev/mockapi"
)

// addBystanders makes, before the run and through GitLab's API, tokens that the run must never
// touch: in the run's project, one exactly like the token the run makes first (same name, scopes,
// access level and expiry), and one of another name; and one in another project. The provider
// lists a project before its first create there, so none of them is ever taken for its own.
func addBystanders(ctx context.Context, mockURL string, now time.Time) error {
	expires := now.UTC().AddDate(0, 0, 30).Format(time.DateOnly) // as rotation_configuration gives
	for _, b := range []struct{ project, name string }{
		{gitlabProject, namePrefix + "0"}, {gitlabProject, "bystander"}, {"demo/lib", namePrefix + "1"},
	} {
		body := fmt.Sprintf(`{"name":%q,"scopes":["read_repository"],"access_level":20,"expires_at":%q}`, b.name, expires)
		endpoint := mockURL + "/gitlab/api/v4/projects/" + url.PathEscape(b.project) + "/access_tokens"
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint, strings.NewReader(body))
		if err != nil {
			return err
		}
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("PRIVATE-TOKEN", mockapi.GitLabCredential)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return fmt.Errorf("making bystander token %s in %s: %w", b.name, b.project, err)
		}
		_ = resp.Body.Close()
		if resp.StatusCode != http.StatusCreated {
			return fmt.Errorf("making bystander token %s in %s: status %d", b.name, b.project, resp.StatusCode)
		}
	}
	return nil
}
