package gitlab

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/gitauth-dev/terraform-provider-gitauth/internal/family"
	"github.com/gitauth-dev/terraform-provider-gitauth/internal/httpclient"
)

// listFailed reports a failed list of the tokens of project, with what to do next.
func listFailed(err error, client *Client, project string) diag.Diagnostic {
	return family.Diagnostic("Cannot list the access tokens of GitLab project "+project, err, nextStep(err, client, project))
}

// nextStep tells the user what to do about a refused call.
func nextStep(err error, client *Client, project string) string {
	var apiErr *httpclient.APIError
	if !errors.As(err, &apiErr) {
		return "Check that gitlab.base_url (" + client.baseURL() + ") is reachable from here."
	}
	switch {
	case apiErr.Status == http.StatusUnauthorized:
		return fmt.Sprintf("GitLab answers 401 both when the provider's token (gitlab.token or GITLAB_TOKEN) is invalid, "+
			"expired or revoked, and when its user's role on project %q is below Maintainer. Check both.", project)
	case apiErr.Status == http.StatusForbidden:
		return "The provider's GitLab token needs the api scope."
	case apiErr.Status == http.StatusBadRequest && strings.Contains(strings.ToLower(apiErr.Message), "permission"):
		return fmt.Sprintf("The provider's GitLab token's user needs the Maintainer or Owner role on project %q, "+
			"and at least the access_level the token asks for.", project)
	case apiErr.Status == http.StatusNotFound:
		return fmt.Sprintf("Check that project %q exists under that name, that the provider's GitLab token can see it, "+
			"and that gitlab.base_url (%s) is right.", project, client.baseURL())
	case apiErr.Status == http.StatusTooManyRequests:
		return "GitLab is rate limiting the provider's token. Run again later."
	}
	return ""
}
