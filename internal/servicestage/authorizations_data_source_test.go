package servicestage_test

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/gitauth-dev/terraform-provider-gitauth/internal/acctest"
	"github.com/gitauth-dev/terraform-provider-gitauth/internal/mockapi"
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
	env.Run(t, []resource.TestStep{{
		Config: config,
		ConfigStateChecks: []statecheck.StateCheck{
			statecheck.ExpectKnownValue(at("all"), tfjsonpath.New("authorizations"), names("a-gitee", "old-gitlab", "seeded-bitbucket", "seeded-github")),
			statecheck.ExpectKnownValue(at("all"), tfjsonpath.New("total"), knownvalue.Int64Exact(4)),
			statecheck.ExpectKnownValue(at("all"), tfjsonpath.New("project_id"), knownvalue.StringExact(mockapi.ServiceStageProject)),
			statecheck.ExpectKnownValue(at("all"), tfjsonpath.New("authorizations").AtSliceIndex(2), knownvalue.ObjectExact(map[string]knownvalue.Check{
				"name":        knownvalue.StringExact("seeded-bitbucket"),
				"repo_type":   knownvalue.StringExact("BitBucket"),
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
