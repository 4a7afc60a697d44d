package servicestage_test

import (
	"fmt"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"

	"github.com/gitauth-dev/terraform-provider-gitauth/internal/dev/acctest"
	"github.com/gitauth-dev/terraform-provider-gitauth/internal/dev/mockapi"
)

// Every read in one plan shares one list call per project: 60 authorizations in two projects and
// the data source make two list calls, where a read each would make 61.
func TestAccPrivateToken_sharedList(t *testing.T) {
	acctest.EngineIndependent(t)
	env := acctest.New(t)
	config := env.Config(fmt.Sprintf(`
resource "gitauth_private_token" "many" {
  count     = 30
  name      = "many-${count.index}"
  repo_type = "gitlab"
  token     = "glpat-${count.index}"
}

resource "gitauth_private_token" "other" {
  count      = 30
  project_id = %q
  name       = "other-${count.index}"
  repo_type  = "github"
  token      = "ghp-${count.index}"
}

data "git_authorizations" "all" {
  provider = gitauth
}
`, mockapi.ServiceStageEmptyProject))
	var before int
	mark := func() { before = env.Mock.Calls(mockapi.RouteServiceStageListAuths) }
	env.RunLeavingNothing(t, []resource.TestStep{
		{Config: config},
		{
			PreConfig: mark,
			Config:    config,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectEmptyPlan(),
				acctest.PlanCheck(func(*tfjson.Plan) error {
					if n := env.Mock.Calls(mockapi.RouteServiceStageListAuths) - before; n != 2 {
						return fmt.Errorf("the plan made %d list calls, want 2 (one per project)", n)
					}
					return nil
				}),
			}},
		},
	})
}
