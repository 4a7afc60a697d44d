package servicestage_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/gitauth-dev/terraform-provider-gitauth/internal/dev/acctest"
	"github.com/gitauth-dev/terraform-provider-gitauth/internal/dev/mockapi"
)

func names(values ...string) knownvalue.Check {
	checks := make([]knownvalue.Check, len(values))
	for i, v := range values {
		checks[i] = knownvalue.ObjectPartial(map[string]knownvalue.Check{"name": knownvalue.StringExact(v)})
	}
	return knownvalue.ListExact(checks)
}

// The data source returns every kind of authorization as the API lists it, sorted by name, and
// filters by repository type in any case, by name and by status.
func TestAccAuthorizations_filters(t *testing.T) {
	env := acctest.New(t)
	tag := "gitee.com"
	env.AddServiceStageAuthorization(mockapi.ServiceStageAuthorization{Project: mockapi.ServiceStageProject, Name: "a-gitee",
		RepoType: "gitee", TokenType: "personal", Tag: &tag})
	env.AddServiceStageAuthorization(mockapi.ServiceStageAuthorization{Project: mockapi.ServiceStageProject, Name: "old-gitlab",
		RepoType: "gitlab", TokenType: "personal"})
	env.Mock.SetServiceStageStatus(mockapi.ServiceStageProject, "old-gitlab", 1)
	config := env.Config(`
data "git_authorizations" "all" {
  provider = gitauth
}

data "git_authorizations" "github" {
  provider  = gitauth
  repo_type = "GITHUB"
}

data "git_authorizations" "seeded_normal" {
  provider    = gitauth
  project_id  = "` + mockapi.ServiceStageProject + `"
  name_regex  = "^seeded-"
  status_text = "normal"
}

data "git_authorizations" "overdue" {
  provider    = gitauth
  status_text = "overdue"
}

data "git_authorizations" "empty" {
  provider   = gitauth
  project_id = "` + mockapi.ServiceStageEmptyProject + `"
}
`)
	at := func(name string) string { return "data.git_authorizations." + name }
	env.RunLeavingNothing(t, []resource.TestStep{{
		Config: config,
		ConfigStateChecks: []statecheck.StateCheck{
			statecheck.ExpectKnownValue(at("all"), tfjsonpath.New("authorizations"), names("a-gitee", "old-gitlab", "seeded-bitbucket", "seeded-github")),
			statecheck.ExpectKnownValue(at("all"), tfjsonpath.New("total"), knownvalue.Int64Exact(4)),
			statecheck.ExpectKnownValue(at("all"), tfjsonpath.New("project_id"), knownvalue.StringExact(mockapi.ServiceStageProject)),
			statecheck.ExpectKnownValue(at("all"), tfjsonpath.New("authorizations").AtSliceIndex(2), knownvalue.ObjectExact(map[string]knownvalue.Check{
				"name":        knownvalue.StringExact("seeded-bitbucket"),
				"repo_type":   knownvalue.StringExact("bitbucket"),
				"token_type":  knownvalue.StringExact("oauth"),
				"tag":         knownvalue.StringExact("bitbucket.org"),
				"status":      knownvalue.Int64Exact(0),
				"status_text": knownvalue.StringExact("normal"),
				"repo_host":   knownvalue.StringExact("https://api.bitbucket.org"),
				"repo_home":   knownvalue.StringExact("https://bitbucket.org/seed-user"),
				"repo_user":   knownvalue.StringExact("seed-user"),
				"avatar":      knownvalue.NotNull(),
				"created_at":  knownvalue.StringExact("2025-11-20T09:30:00Z"),
				"updated_at":  knownvalue.NotNull(),
			})),
			statecheck.ExpectKnownValue(at("all"), tfjsonpath.New("authorizations").AtSliceIndex(3).AtMapKey("tag"), knownvalue.Null()),
			statecheck.ExpectKnownValue(at("github"), tfjsonpath.New("authorizations"), names("seeded-github")),
			statecheck.ExpectKnownValue(at("github"), tfjsonpath.New("total"), knownvalue.Int64Exact(4)),
			statecheck.ExpectKnownValue(at("seeded_normal"), tfjsonpath.New("authorizations"), names("seeded-bitbucket", "seeded-github")),
			statecheck.ExpectKnownValue(at("overdue"), tfjsonpath.New("authorizations"), names("old-gitlab")),
			statecheck.ExpectKnownValue(at("overdue"), tfjsonpath.New("authorizations").AtSliceIndex(0).AtMapKey("status_text"), knownvalue.StringExact("overdue")),
			statecheck.ExpectKnownValue(at("empty"), tfjsonpath.New("authorizations"), knownvalue.ListExact(nil)),
			statecheck.ExpectKnownValue(at("empty"), tfjsonpath.New("total"), knownvalue.Int64Exact(0)),
		},
	}})
}

// In one apply, a list read after a create holds what the create made: the list read before it,
// shared within the apply, is forgotten. (Terraform destroys before it reads the data sources of an
// apply, so no apply can list, delete, then list; lists_test.go checks the delete.)
func TestAccAuthorizations_listAfterACreateInTheSameApply(t *testing.T) {
	env := acctest.New(t)
	env.RunLeavingNothing(t, []resource.TestStep{{
		Config: env.Config(`
resource "terraform_data" "gate" {
  input = 1
}

data "git_authorizations" "before" {
  provider   = gitauth
  depends_on = [terraform_data.gate]
}

resource "gitauth_private_token" "ci" {
  name       = "ci-github"
  repo_type  = "github"
  token      = "ghp_between"
  depends_on = [data.git_authorizations.before]
}

data "git_authorizations" "after" {
  provider   = gitauth
  depends_on = [gitauth_private_token.ci]
}
`),
		ConfigStateChecks: []statecheck.StateCheck{
			statecheck.ExpectKnownValue("data.git_authorizations.before", tfjsonpath.New("authorizations"),
				names("seeded-bitbucket", "seeded-github")),
			statecheck.ExpectKnownValue("data.git_authorizations.after", tfjsonpath.New("authorizations"),
				names("ci-github", "seeded-bitbucket", "seeded-github")),
		},
	}})
}

// A list that fails is an error, never an empty project, whatever ServiceStage answers for a
// project it does not know (no page documents it).
func TestAccAuthorizations_failedListIsAnError(t *testing.T) {
	acctest.EngineIndependent(t)
	env := acctest.New(t)
	config := func(project string) string {
		return env.Config(`
data "git_authorizations" "x" {
  provider   = gitauth
  project_id = "` + project + `"
}
`)
	}
	steps := []resource.TestStep{{
		Config:      config("00000000000000000000000000000000"),
		ExpectError: acctest.Error(`Cannot list.*ServiceStage answered 404 Not Found`),
	}}
	for _, status := range []int{http.StatusBadRequest, http.StatusForbidden, http.StatusOK} {
		steps = append(steps, resource.TestStep{
			PreConfig: func() {
				env.Mock.ClearFaults()
				env.Mock.InjectFault(mockapi.RouteServiceStageListAuths, 10, mockapi.Fault{Status: status})
			},
			Config:      config(mockapi.ServiceStageEmptyProject),
			ExpectError: acctest.Error(fmt.Sprintf(`Cannot list.*ServiceStage answered %d`, status)),
		})
	}
	env.RunLeavingNothing(t, steps)
}
