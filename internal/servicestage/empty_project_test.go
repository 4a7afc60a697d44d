package servicestage_test

import (
	"net/http"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/gitauth-dev/terraform-provider-gitauth/internal/dev/acctest"
	"github.com/gitauth-dev/terraform-provider-gitauth/internal/dev/mockapi"
)

// The list of a project without authorizations may leave out its array, or send null, with a
// count of 0 (the official SDK declares the array optional): every reader takes it for an empty
// project. Each test runs under both forms.
var emptyForms = []mockapi.EmptyList{mockapi.EmptyListOmitted, mockapi.EmptyListNull}

// emptyEnv is a test's world whose empty lists answer in form.
func emptyEnv(t *testing.T, form mockapi.EmptyList) *acctest.Env {
	env := acctest.New(t)
	env.Mock.SetServiceStageEmptyList(form)
	return env
}

// emptyProjectConfig is an authorization named ci-github in the empty project.
func emptyProjectConfig(env *acctest.Env) string {
	return env.Config(`
resource "gitauth_private_token" "ci" {
  project_id = "` + mockapi.ServiceStageEmptyProject + `"
  name       = "ci-github"
  repo_type  = "github"
  token      = "ghp_empty"
}
`)
}

func TestAccEmptyProject_dataSource(t *testing.T) {
	for _, form := range emptyForms {
		t.Run(string(form), func(t *testing.T) {
			env := emptyEnv(t, form)
			env.RunLeavingNothing(t, []resource.TestStep{{
				Config: env.Config(`
data "git_authorizations" "empty" {
  provider   = gitauth
  project_id = "` + mockapi.ServiceStageEmptyProject + `"
}
`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.git_authorizations.empty", tfjsonpath.New("authorizations"), knownvalue.ListExact(nil)),
					statecheck.ExpectKnownValue("data.git_authorizations.empty", tfjsonpath.New("total"), knownvalue.Int64Exact(0)),
				},
			}})
		})
	}
}

// The only authorization of a project, deleted out of band, leaves state: the next plan creates it.
func TestAccEmptyProject_refresh(t *testing.T) {
	for _, form := range emptyForms {
		t.Run(string(form), func(t *testing.T) {
			env := emptyEnv(t, form)
			config := emptyProjectConfig(env)
			env.RunLeavingNothing(t, []resource.TestStep{
				{Config: config},
				{
					PreConfig: func() { env.Mock.RemoveServiceStageAuthorization(mockapi.ServiceStageEmptyProject, "ci-github") },
					Config:    config,
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate),
					}},
				},
			})
		})
	}
}

// A create refused by the gateway before ServiceStage saw it, in an empty project: the settling
// list shows the name absent, so the create is sent again, and one authorization is made.
func TestAccEmptyProject_lostCreate(t *testing.T) {
	acctest.EngineIndependent(t)
	for _, form := range emptyForms {
		t.Run(string(form), func(t *testing.T) {
			env := emptyEnv(t, form)
			env.Mock.InjectFault(mockapi.RouteServiceStageCreatePersonal, 1, mockapi.Fault{Status: http.StatusBadGateway})
			env.RunLeavingNothing(t, []resource.TestStep{{
				Config: emptyProjectConfig(env),
				ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"),
					knownvalue.StringExact(mockapi.ServiceStageEmptyProject+"/ci-github"))},
			}})
			if n := env.Mock.Calls(mockapi.RouteServiceStageCreatePersonal); n != 2 {
				t.Errorf("%d create calls, want 2: the second after a list of the empty project", n)
			}
		})
	}
}

func TestAccEmptyProject_list(t *testing.T) {
	for _, form := range emptyForms {
		t.Run(string(form), func(t *testing.T) {
			env := emptyEnv(t, form)
			env.RunLeavingNothing(t, []resource.TestStep{{Config: env.Config("")}, {
				Query: true,
				Config: `
list "gitauth_private_token" "empty" {
  provider = gitauth
  config {
    project_id = "` + mockapi.ServiceStageEmptyProject + `"
  }
}
`,
				QueryResultChecks: []querycheck.QueryResultCheck{querycheck.ExpectLength("gitauth_private_token.empty", 0)},
			}}, acctest.Needs(t, "terraform query", tfversion.Version1_14_0, false))
		})
	}
}
