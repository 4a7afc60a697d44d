package gitlab_test

import (
	"fmt"
	"testing"
	"time"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/gitauth-dev/terraform-provider-gitauth/internal/dev/acctest"
	"github.com/gitauth-dev/terraform-provider-gitauth/internal/dev/mockapi"
)

// tokensData is a gitlab_project_access_tokens block named name with the arguments given.
func tokensData(name, args string) string {
	return fmt.Sprintf(`
data "gitlab_project_access_tokens" %q {
  provider = gitauth
  %s
}
`, name, args)
}

// tokensOf is the address of the gitlab_project_access_tokens block named name.
func tokensOf(name string) string { return "data.gitlab_project_access_tokens." + name }

// The data source lists every token of a project across pages, the active or inactive ones on
// request, with the project named by path or by ID and echoed as named.
func TestAccProjectAccessTokens_everyPageAndState(t *testing.T) {
	acctest.EngineIndependent(t)
	env := acctest.New(t)
	const bulk = 150 // more than one page of GitLab's list, at the 100 the client asks for
	revoked, expired := addListed(env, bulk)
	config := env.Config(tokensData("all", `project = "demo/app"`) + tokensData("by_id", `project = "1"`) +
		tokensData("active", "project = \"demo/app\"\n  state = \"active\"") +
		tokensData("inactive", "project = \"demo/app\"\n  state = \"inactive\""))
	id := func(v int64) knownvalue.Check {
		return knownvalue.ObjectPartial(map[string]knownvalue.Check{"id": knownvalue.Int64Exact(v)})
	}
	all, byID, active, inactive := tokensOf("all"), tokensOf("by_id"), tokensOf("active"), tokensOf("inactive")
	tokens := tfjsonpath.New("access_tokens")
	env.RunLeavingNothing(t, []resource.TestStep{{
		Config: config,
		ConfigStateChecks: []statecheck.StateCheck{
			statecheck.ExpectKnownValue(all, tokens, knownvalue.ListSizeExact(bulk+2)),
			statecheck.ExpectKnownValue(all, tokens.AtSliceIndex(0), id(1)),
			statecheck.ExpectKnownValue(all, tokens.AtSliceIndex(bulk+1), id(expired)),
			statecheck.ExpectKnownValue(all, tokens.AtSliceIndex(bulk+1).AtMapKey("project"), knownvalue.StringExact("demo/app")),
			statecheck.ExpectKnownValue(byID, tokens, knownvalue.ListSizeExact(bulk+2)),
			statecheck.ExpectKnownValue(byID, tokens.AtSliceIndex(bulk+1).AtMapKey("project"), knownvalue.StringExact("1")),
			statecheck.ExpectKnownValue(active, tokens, knownvalue.ListSizeExact(bulk)),
			statecheck.ExpectKnownValue(active, tokens.AtSliceIndex(bulk-1), id(bulk)),
			statecheck.ExpectKnownValue(inactive, tokens, knownvalue.ListExact([]knownvalue.Check{id(revoked), id(expired)})),
		},
	}})
}

// Each attribute of a token holds what GitLab says of it, in the form the resource takes: the
// role by name, the expiry as a date or null, times in RFC 3339, null for a token never used.
func TestAccProjectAccessTokens_attributes(t *testing.T) {
	acctest.EngineIndependent(t)
	env := acctest.New(t)
	used := time.Date(2026, 3, 9, 8, 7, 6, 543e6, time.UTC)
	never := env.AddGitLabToken(mockapi.GitLabToken{ProjectID: 1, Name: "forever", Scopes: []string{"read_api"}, AccessLevel: 10})
	ci := env.AddGitLabToken(mockapi.GitLabToken{ProjectID: 1, Name: "ci", Description: "CI clone",
		Scopes: []string{"read_repository", "read_api"}, AccessLevel: 40, ExpiresAt: "2026-06-01", LastUsedAt: &used})
	created := knownvalue.StringExact(acctest.Start.Format(time.RFC3339))
	env.RunLeavingNothing(t, []resource.TestStep{{
		Config: env.Config(tokensData("app", `project = "demo/app"`)),
		ConfigStateChecks: []statecheck.StateCheck{
			statecheck.ExpectKnownValue(tokensOf("app"), tfjsonpath.New("access_tokens"), knownvalue.ListExact([]knownvalue.Check{
				knownvalue.ObjectExact(map[string]knownvalue.Check{
					"id":           knownvalue.Int64Exact(never),
					"project":      knownvalue.StringExact("demo/app"),
					"name":         knownvalue.StringExact("forever"),
					"description":  knownvalue.StringExact(""),
					"scopes":       knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("read_api")}),
					"access_level": knownvalue.StringExact("guest"),
					"expires_at":   knownvalue.Null(),
					"created_at":   created,
					"last_used_at": knownvalue.Null(),
					"active":       knownvalue.Bool(true),
					"revoked":      knownvalue.Bool(false),
					"user_id":      knownvalue.Int64Exact(userOf(env, never)),
				}),
				knownvalue.ObjectExact(map[string]knownvalue.Check{
					"id":          knownvalue.Int64Exact(ci),
					"project":     knownvalue.StringExact("demo/app"),
					"name":        knownvalue.StringExact("ci"),
					"description": knownvalue.StringExact("CI clone"),
					"scopes": knownvalue.SetExact([]knownvalue.Check{
						knownvalue.StringExact("read_api"), knownvalue.StringExact("read_repository")}),
					"access_level": knownvalue.StringExact("maintainer"),
					"expires_at":   knownvalue.StringExact("2026-06-01"),
					"created_at":   created,
					"last_used_at": knownvalue.StringExact("2026-03-09T08:07:06Z"),
					"active":       knownvalue.Bool(true),
					"revoked":      knownvalue.Bool(false),
					"user_id":      knownvalue.Int64Exact(userOf(env, ci)),
				}),
			})),
		},
	}})
}

// userOf is the ID of the bot user of token id.
func userOf(env *acctest.Env, id int64) int64 {
	for _, t := range env.Mock.GitLabTokens() {
		if t.ID == id {
			return t.UserID
		}
	}
	return 0
}

// A list that fails, on its first page or a later one, is an error that says what to check,
// never an empty or partial list.
func TestAccProjectAccessTokens_failedListIsAnError(t *testing.T) {
	acctest.EngineIndependent(t)
	env := acctest.New(t)
	for i := range 101 { // two pages
		env.AddGitLabToken(mockapi.GitLabToken{ProjectID: 2, Name: fmt.Sprintf("lib-%d", i), Scopes: []string{"read_api"},
			AccessLevel: 30, ExpiresAt: "2026-09-01"})
	}
	lib := tokensData("lib", `project = "demo/lib"`)
	secondPageRefused := func() {
		env.Mock.ClearFaults()
		env.Mock.InjectFault(mockapi.RouteGitLabListTokens, 1, mockapi.Fault{Meanwhile: func() {
			env.Mock.InjectFault(mockapi.RouteGitLabListTokens, 1, mockapi.Fault{Status: 403})
		}})
	}
	env.RunLeavingNothing(t, []resource.TestStep{
		{
			Config: env.Config(tokensData("gone", `project = "demo/gone"`)),
			ExpectError: acctest.Error(`Cannot list the access tokens of GitLab project demo/gone.*404 Not Found: 404 Project Not Found` +
				`.*Check that project "demo/gone" exists`),
		},
		{
			Config: env.ConfigWithProvider(fmt.Sprintf("\n  gitlab {\n    base_url = %q\n    token = %q\n  }",
				env.GitLabURL(), mockapi.GitLabDeveloperCredential), tokensData("app", `project = "demo/app"`)),
			ExpectError: acctest.Error(`Cannot list the access tokens of GitLab project demo/app.*401.*role on project "demo/app" is below Maintainer`),
		},
		{
			PreConfig:   secondPageRefused,
			Config:      env.Config(lib),
			ExpectError: acctest.Error(`Cannot list the access tokens of GitLab project demo/lib.*403 Forbidden.*needs the api scope`),
		},
		{
			PreConfig: func() {
				env.Mock.ClearFaults()
				env.Mock.InjectFault(mockapi.RouteGitLabListTokens, 10, mockapi.Fault{Status: 503})
			},
			Config:      env.Config(lib),
			ExpectError: acctest.Error(`Cannot list the access tokens of GitLab project demo/lib.*503 Service Unavailable`),
		},
		{
			PreConfig: env.Mock.ClearFaults,
			Config:    env.Config(lib),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(tokensOf("lib"), tfjsonpath.New("access_tokens"),
					knownvalue.ListSizeExact(101)),
			},
		},
	})
}

// The point of the data source: its tokens feed import blocks and resources with for_each as they
// are, with no conversion. The plan imports every active token and changes none, the apply calls
// nothing that changes a token, and the next plan is empty.
func TestAccProjectAccessTokens_adoptWithImportForEach(t *testing.T) {
	env := acctest.New(t)
	adopted := []int64{
		env.AddGitLabToken(mockapi.GitLabToken{ProjectID: 1, Name: "forever", Scopes: []string{"read_api"}, AccessLevel: 10}),
		env.AddGitLabToken(mockapi.GitLabToken{ProjectID: 1, Name: "ci", Description: "CI clone",
			Scopes: []string{"read_repository", "read_api"}, AccessLevel: 30, ExpiresAt: "2026-06-01"}),
		env.AddGitLabToken(mockapi.GitLabToken{ProjectID: 1, Name: "deploy", Scopes: []string{"write_repository"},
			AccessLevel: 40, ExpiresAt: "2026-12-31"}),
		// GitLab allows several tokens of one name.
		env.AddGitLabToken(mockapi.GitLabToken{ProjectID: 1, Name: "deploy", Scopes: []string{"api"}, AccessLevel: 50,
			ExpiresAt: "2027-01-15"}),
	}
	addListed(env, 0) // not to adopt: a revoked token, an expired one, and another project's
	data := tokensData("app", "project = \"demo/app\"\n  state   = \"active\"")
	config := env.Config(data + `
locals {
  adopted = { for t in data.gitlab_project_access_tokens.app.access_tokens : t.id => t }
}

import {
  for_each = local.adopted
  provider = gitauth
  to       = gitlab_project_access_token.adopted[each.key]
  id       = "${each.value.project}:${each.value.id}"
}

resource "gitlab_project_access_token" "adopted" {
  for_each = local.adopted
  provider = gitauth

  project      = each.value.project
  name         = each.value.name
  description  = each.value.description
  scopes       = each.value.scopes
  access_level = each.value.access_level
  expires_at   = each.value.expires_at
}
`)
	var importedUnchanged []plancheck.PlanCheck
	for _, id := range adopted {
		to := fmt.Sprintf("gitlab_project_access_token.adopted[%q]", fmt.Sprint(id))
		importedUnchanged = append(importedUnchanged, acctest.Imported(to), plancheck.ExpectResourceAction(to, plancheck.ResourceActionNoop))
	}
	env.RunLeavingNothing(t, []resource.TestStep{
		{
			Config: config,
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply:             append(importedUnchanged, resourceCount(len(adopted))),
				PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
			ConfigStateChecks: []statecheck.StateCheck{nothingChanged(env)},
		},
		{
			Config:            config,
			ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			ConfigStateChecks: []statecheck.StateCheck{nothingChanged(env)},
		},
		// The test framework reads the last state through a shim that takes no for_each key, so
		// the tokens are destroyed here, before it does.
		{Config: env.Config(data)},
	})
}

// resourceCount is a plan check that the plan changes, or imports, exactly n resources.
func resourceCount(n int) plancheck.PlanCheck {
	return acctest.PlanCheck(func(p *tfjson.Plan) error {
		if got := len(p.ResourceChanges); got != n {
			return fmt.Errorf("the plan has %d resource changes, want %d", got, n)
		}
		return nil
	})
}

// nothingChanged is a state check that GitLab saw no create, rotation or revocation.
func nothingChanged(env *acctest.Env) statecheck.StateCheck {
	return acctest.StateCheck(func(*tfjson.State) error {
		for _, route := range []string{mockapi.RouteGitLabCreateToken, mockapi.RouteGitLabRotateToken, mockapi.RouteGitLabRevokeToken} {
			if n := env.Mock.Calls(route); n != 0 {
				return fmt.Errorf("GitLab saw %d calls %s", n, route)
			}
		}
		return nil
	})
}
