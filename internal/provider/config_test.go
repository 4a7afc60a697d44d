package provider_test

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/gitauth-dev/terraform-provider-gitauth/internal/acctest"
)

func TestAccProviderConfigValidation(t *testing.T) {
	env := acctest.New(t)
	token := fmt.Sprintf(`
resource "gitlab_project_access_token" "ci" {
  provider   = gitauth
  project    = "demo/app"
  name       = "ci"
  scopes     = ["api"]
  expires_at = %q
}
`, env.Clock.Date(30))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories(),
		Steps: []resource.TestStep{
			{
				Config: env.ConfigWithProvider(`
  gitlab {
    retries = 11
  }`, token),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)gitlab.retries value must be between 0 and 10, got: 11`),
			},
			{
				// A bad GitLab URL is reported when a GitLab type needs the client.
				Config: env.ConfigWithProvider(`
  gitlab {
    base_url = "gitlab.example.com"
    token    = "x"
  }`, token),
				ExpectError: regexp.MustCompile(`(?s)gitlab.base_url \(or GITLAB_BASE_URL\) must be an absolute URL`),
			},
		},
	})
}
