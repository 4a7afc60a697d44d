package developerconnect_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/gitauth-dev/terraform-provider-gitauth/internal/dev/acctest"
	"github.com/gitauth-dev/terraform-provider-gitauth/internal/dev/mockapi"
)

// holdsNoIssuedToken fails when a token Developer Connect issued appears in what Terraform wrote.
func holdsNoIssuedToken(env *acctest.Env, what string, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	for _, issued := range env.Mock.DeveloperConnectIssued() {
		if strings.Contains(string(data), issued.Token) {
			return fmt.Errorf("the %s holds a token Developer Connect issued", what)
		}
	}
	return nil
}

// The point of the ephemeral token: it feeds a write-only argument, so ServiceStage gets exactly
// the token Developer Connect issued, while neither the plan nor the state ever holds it.
func TestAccReadToken_feedsWriteOnlyToken(t *testing.T) {
	env := acctest.New(t)
	config := env.Config(`
ephemeral "developerconnect_read_token" "app" {
  provider            = gitauth
  git_repository_link = "` + mockapi.DeveloperConnectGitHubLink + `"
}

resource "gitauth_private_token" "app" {
  name             = "clone-app"
  repo_type        = "github"
  host             = "https://github.com/demo"
  token_wo         = ephemeral.developerconnect_read_token.app.token
  token_wo_version = 1
}
`)
	env.RunLeavingNothing(t, []resource.TestStep{
		{
			Config: config,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				acctest.PlanCheck(func(p *tfjson.Plan) error { return holdsNoIssuedToken(env, "plan", p) }),
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				acctest.StateCheck(func(s *tfjson.State) error { return holdsNoIssuedToken(env, "state", s) }),
				acctest.StateCheck(func(*tfjson.State) error {
					issued := env.Mock.DeveloperConnectIssued()
					for _, a := range env.Mock.ServiceStageAuthorizations(mockapi.ServiceStageProject) {
						if a.Name == "clone-app" {
							if len(issued) == 0 || a.Secret != issued[len(issued)-1].Token {
								return fmt.Errorf("ServiceStage holds a token other than the one Developer Connect issued at apply")
							}
							return nil
						}
					}
					return fmt.Errorf("ServiceStage holds no clone-app authorization")
				}),
			},
		},
		{
			// Later plans fetch a new token, and change nothing: the version did not change.
			Config:           config,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
		},
	})
}
