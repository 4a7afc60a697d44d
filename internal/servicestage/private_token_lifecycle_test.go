package servicestage_test

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/gitauth-dev/terraform-provider-gitauth/internal/dev/acctest"
	"github.com/gitauth-dev/terraform-provider-gitauth/internal/dev/mockapi"
)

// notInPlan fails when secret appears anywhere in the plan Terraform shows.
func notInPlan(secret string) plancheck.PlanCheck {
	return acctest.PlanCheck(func(p *tfjson.Plan) error {
		data, err := json.Marshal(p)
		if err != nil || strings.Contains(string(data), secret) {
			return fmt.Errorf("the plan holds the write-only token (or cannot be read: %v)", err)
		}
		return nil
	})
}

// The write-only token reaches ServiceStage but never plan or state; a new version replaces the
// authorization with the new token.
func TestAccPrivateToken_writeOnly(t *testing.T) {
	env := acctest.New(t)
	// The token comes from an ephemeral variable, as the docs advise: a literal in the file would
	// be echoed in the configuration part of the plan, as Terraform shows every constant.
	version := func(v int, token string) (string, config.Variables) {
		body := tokenConfig(env, fmt.Sprintf("token_wo = var.token\n  token_wo_version = %d", v)) + `
variable "token" {
  type      = string
  sensitive = true
  ephemeral = true
}
`
		return body, config.Variables{"token": config.StringVariable(token)}
	}
	absent := []statecheck.StateCheck{
		statecheck.ExpectKnownValue(addr, tfjsonpath.New("token"), knownvalue.Null()),
		statecheck.ExpectKnownValue(addr, tfjsonpath.New("token_wo"), knownvalue.Null()),
	}
	v1, token1 := version(1, "ghp_write_only_1")
	v2, token2 := version(2, "ghp_write_only_2")
	env.RunLeavingNothing(t, []resource.TestStep{
		{
			Config:            v1,
			ConfigVariables:   token1,
			ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{notInPlan("ghp_write_only_1")}},
			ConfigStateChecks: append(absent, heldAs(env, "ghp_write_only_1")),
		},
		{
			Config:           v1,
			ConfigVariables:  config.Variables{"token": config.StringVariable("ghp_write_only_other")},
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
		},
		{
			Config:          v2,
			ConfigVariables: token2,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(addr, plancheck.ResourceActionReplace), notInPlan("ghp_write_only_2"),
			}},
			ConfigStateChecks: append(absent, heldAs(env, "ghp_write_only_2"),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("token_wo_version"), knownvalue.Int64Exact(2))),
		},
	})
}

// A project ID known only at apply, from another resource, plans and applies.
func TestAccPrivateToken_projectFromAnotherResource(t *testing.T) {
	env := acctest.New(t)
	env.RunLeavingNothing(t, []resource.TestStep{{
		Config: env.Config(`
resource "terraform_data" "project" {
  input = "` + mockapi.ServiceStageEmptyProject + `"
}

resource "gitauth_private_token" "ci" {
  project_id = terraform_data.project.output
  name       = "ci-github"
  repo_type  = "github"
  token      = "ghp_later"
}
`),
		ConfigStateChecks: []statecheck.StateCheck{
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.StringExact(mockapi.ServiceStageEmptyProject+"/ci-github")),
		},
	}})
}

// An authorization imported from another project than the provider's, into a configuration that
// sets no project_id, is not replaced by the first plan: a warning asks for its project_id.
func TestAccPrivateToken_importFromAnotherProject(t *testing.T) {
	env := acctest.New(t)
	other := mockapi.ServiceStageEmptyProject
	env.AddServiceStageAuthorization(mockapi.ServiceStageAuthorization{Project: other, Name: "ci-github",
		RepoType: "github", TokenType: "personal", RepoUser: "tom-repo", Secret: "ghp_imported"})
	config := tokenConfig(env, `token = "ghp_imported"`)
	env.RunLeavingNothing(t, []resource.TestStep{
		{Config: config, ResourceName: addr, ImportState: true, ImportStateId: other + "/ci-github", ImportStatePersist: true},
		{
			Config: config,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("project_id"), knownvalue.StringExact(other)),
			},
			// As the warning says, the plan after that one moves it to the provider's project.
			ExpectNonEmptyPlan: true,
		},
	})
}

// An authorization deleted and made again outside Terraform under the same name is someone
// else's: it leaves state, the plan to create ours fails on the name, and theirs is untouched.
func TestAccPrivateToken_recreatedOutsideTerraform(t *testing.T) {
	env := acctest.New(t)
	config := tokenConfig(env, `token = "ghp_ours"`)
	env.RunLeavingNothing(t, []resource.TestStep{
		{Config: config},
		{
			PreConfig: func() {
				env.Mock.RemoveServiceStageAuthorization(project, "ci-github")
				env.Clock.Advance(time.Hour)
				env.AddServiceStageAuthorization(mockapi.ServiceStageAuthorization{Project: project, Name: "ci-github",
					RepoType: "github", TokenType: "personal", Secret: "ghp_theirs"})
			},
			Config:      config,
			ExpectError: acctest.Error(`ServiceStage authorization already exists.*SVCSTG.REPO.0403`),
		},
	})
	if got := named(env, "ci-github"); len(got) != 1 || got[0].Secret != "ghp_theirs" {
		t.Errorf("their authorization was changed: %+v", got)
	}
}

// An imported authorization has no token in state. The first plan takes the configured one in
// place, without a call and without replacing it; the next plan is empty.
// An import block, as users write it, adopts an authorization made outside Terraform in one apply:
// the token, which ServiceStage never shows, is written to state without a call, and the next plan
// is empty.
func TestAccPrivateToken_importBlock(t *testing.T) {
	env := acctest.New(t)
	env.AddServiceStageAuthorization(mockapi.ServiceStageAuthorization{Project: project, Name: "ci-github",
		RepoType: "github", TokenType: "personal", RepoUser: "tom-repo", Host: "https://github.com/tom-repo", Secret: "ghp_imported"})
	config := tokenConfig(env, `token = "ghp_imported"`)
	env.RunLeavingNothing(t, []resource.TestStep{
		{
			Config: config + acctest.ImportBlock(addr, project+"/ci-github"),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				acctest.Imported(addr), plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.StringExact(project+"/ci-github")),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("host"), knownvalue.StringExact("https://github.com/tom-repo")),
				heldAs(env, "ghp_imported"),
			},
		},
		{Config: config, ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}},
	})
	if n := env.Mock.Calls(mockapi.RouteServiceStageCreatePersonal); n != 0 {
		t.Errorf("the import made %d create calls", n)
	}
}

func TestAccPrivateToken_importThenPlan(t *testing.T) {
	forms := map[string]string{
		"token":    `token = "ghp_imported"`,
		"token_wo": "token_wo = \"ghp_imported\"\n  token_wo_version = 1",
	}
	for form, token := range forms {
		for _, id := range []string{"ci-github", project + "/ci-github"} {
			t.Run(form+" "+id, func(t *testing.T) {
				env := acctest.New(t)
				env.AddServiceStageAuthorization(mockapi.ServiceStageAuthorization{Project: project, Name: "ci-github",
					RepoType: "github", TokenType: "personal", RepoUser: "tom-repo", Host: "https://github.com/tom-repo", Secret: "ghp_imported"})
				config := tokenConfig(env, token)
				env.RunLeavingNothing(t, []resource.TestStep{
					{Config: config, ResourceName: addr, ImportState: true, ImportStateId: id, ImportStatePersist: true},
					{
						Config: config,
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
							plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
						}},
						ConfigStateChecks: []statecheck.StateCheck{
							statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.StringExact(project+"/ci-github")),
							statecheck.ExpectKnownValue(addr, tfjsonpath.New("host"), knownvalue.StringExact("https://github.com/tom-repo")),
							statecheck.ExpectKnownValue(addr, tfjsonpath.New("repo_user"), knownvalue.StringExact("tom-repo")),
						},
					},
					{Config: config, ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}},
				})
				if n := env.Mock.Calls(mockapi.RouteServiceStageCreatePersonal); n != 0 {
					t.Errorf("import and the plan after it made %d create calls", n)
				}
			})
		}
	}
}

// An authorization of a self-managed server, adopted without host, is never replaced by one for the
// public site: raising token_wo_version while host is unset is refused at plan, naming the server;
// with host set the new token reaches that server.
func TestAccPrivateToken_adoptedServerKeepsItsHost(t *testing.T) {
	acctest.EngineIndependent(t)
	env := acctest.New(t)
	config, adopt := adoptServer(env)
	env.RunLeavingNothing(t, append(adopt, []resource.TestStep{
		{Config: config("token_wo_version = 2"),
			ExpectError: regexp.MustCompile(`(?s)Missing host for the replacement.*host = "https://gitlab.example.com"`)},
		{Config: config(fmt.Sprintf("token_wo_version = 1\n  project_id = %q", mockapi.ServiceStageEmptyProject)),
			ExpectError: regexp.MustCompile(`Missing host for the replacement`)},
		{Config: strings.Replace(config("token_wo_version = 1"), `repo_type = "gitlab"`, `repo_type = "github"`, 1),
			ExpectError: regexp.MustCompile(`(?s)Missing host for the replacement.*made for https://github.com`)},
		{Config: config("token_wo_version = 2\n  host = terraform_data.later.id == \"\" ? null : \"https://gitlab.example.com\"") +
			`resource "terraform_data" "later" {}`,
			ExpectError: regexp.MustCompile(`Host unknown for the replacement`)},
		{
			Config: config("token_wo_version = 2\n  host = \"https://gitlab.example.com\""),
			ConfigStateChecks: []statecheck.StateCheck{acctest.StateCheck(func(*tfjson.State) error {
				for _, a := range env.Mock.ServiceStageAuthorizations(project) {
					if a.Name == "gl-one" && (a.Host != "https://gitlab.example.com" || a.Secret != "glpat-new") {
						return fmt.Errorf("gl-one was made again for %q with another token", a.Host)
					}
				}
				return nil
			})},
		},
		{Config: config("token_wo_version = 2"), ExpectError: regexp.MustCompile(`Missing host for the replacement`)},
	}...))
}

// adoptServer adds gl-one, an authorization of a self-managed GitLab server made outside Terraform,
// and returns the configuration of gitauth_private_token.gl with the lines given, which names
// neither host nor project_id, and the steps that import gl-one and give it token_wo_version 1.
func adoptServer(env *acctest.Env) (func(lines string) string, []resource.TestStep) {
	env.AddServiceStageAuthorization(mockapi.ServiceStageAuthorization{Project: project, Name: "gl-one", RepoType: "gitlab",
		TokenType: "personal", RepoUser: "deploy-bot", Host: "https://gitlab.example.com",
		RepoHome: "https://gitlab.example.com/deploy-bot", Secret: "glpat-adopted"})
	config := func(lines string) string {
		return env.Config(`
resource "gitauth_private_token" "gl" {
  name      = "gl-one"
  repo_type = "gitlab"
  token_wo  = "glpat-new"
  ` + lines + `
}
`)
	}
	return config, []resource.TestStep{
		{Config: config(""), ResourceName: "gitauth_private_token.gl", ImportState: true, ImportStateId: "gl-one",
			ImportStatePersist: true},
		{Config: config("token_wo_version = 1")},
	}
}

// A change of the provider's project replaces the authorizations that rely on it. For one of a
// self-managed server, adopted without host, that replacement is refused as any other is, not made
// for the public site in the new project.
func TestAccPrivateToken_adoptedServerKeepsItsHostWhenTheProviderProjectChanges(t *testing.T) {
	acctest.EngineIndependent(t)
	env := acctest.New(t)
	config, adopt := adoptServer(env)
	moved := strings.Replace(config("token_wo_version = 1"), `"`+project+`"`, `"`+mockapi.ServiceStageEmptyProject+`"`, 1)
	env.RunLeavingNothing(t, append(adopt, resource.TestStep{Config: moved,
		ExpectError: acctest.Error(`Missing host for the replacement.*its repo_home is https://gitlab.example.com/deploy-bot`)}))
}

// An adopted authorization whose repo_home is empty tells no server, so its replacement is not
// refused for host: a new token replaces it.
func TestAccPrivateToken_adoptedWithoutHomeIsReplaced(t *testing.T) {
	acctest.EngineIndependent(t)
	env := acctest.New(t)
	env.AddServiceStageAuthorization(mockapi.ServiceStageAuthorization{Project: project, Name: "gh-one", RepoType: "github",
		TokenType: "personal", RepoUser: "deploy-bot", Secret: "ghp_adopted"})
	config := func(version int) string {
		return env.Config(fmt.Sprintf(`
resource "gitauth_private_token" "gh" {
  name             = "gh-one"
  repo_type        = "github"
  token_wo         = "ghp_new"
  token_wo_version = %d
}
`, version))
	}
	env.RunLeavingNothing(t, []resource.TestStep{
		{Config: config(1), ResourceName: "gitauth_private_token.gh", ImportState: true, ImportStateId: "gh-one",
			ImportStatePersist: true},
		{Config: config(1)},
		{Config: config(2), ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
			plancheck.ExpectResourceAction("gitauth_private_token.gh", plancheck.ResourceActionDestroyBeforeCreate),
		}}},
	})
}

// An authorization adopted with neither token nor token_wo, as terraform query writes its block,
// keeps the token it holds: the import changes nothing, and the next plan is empty. Whatever would
// send a token (a replacement, also one forced by taint) asks for one at plan, before any call.
func TestAccPrivateToken_adoptedWithoutToken(t *testing.T) {
	env := acctest.New(t)
	env.AddServiceStageAuthorization(mockapi.ServiceStageAuthorization{Project: project, Name: "gl-one", RepoType: "gitlab",
		TokenType: "personal", RepoUser: "deploy-bot", Host: "https://gitlab.example.com",
		RepoHome: "https://gitlab.example.com/deploy-bot", Secret: "glpat-adopted"})
	const to = "gitauth_private_token.gl"
	config := func(name, host string) string {
		return env.Config(fmt.Sprintf(`
resource "gitauth_private_token" "gl" {
  project_id = %q
  name       = %q
  repo_type  = "gitlab"
  host       = %s
  token      = null
  token_wo   = null
}
`, project, name, host))
	}
	missing := regexp.MustCompile(`(?s)Missing token.*set token, or token_wo`)
	env.RunLeavingNothing(t, []resource.TestStep{
		{
			Config: config("gl-one", "null") + acctest.ImportBlock(to, project+"/gl-one"),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				acctest.Imported(to), plancheck.ExpectResourceAction(to, plancheck.ResourceActionNoop),
			}},
		},
		{Config: config("gl-one", "null"), ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}},
		{Config: config("gl-two", `"https://gitlab.example.com"`), ExpectError: missing},
		{Config: config("gl-one", "null"), Taint: []string{to}, ExpectError: missing},
	})
	for route, n := range map[string]int{mockapi.RouteServiceStageCreatePersonal: 0, mockapi.RouteServiceStageDeleteAuth: 1} {
		if got := env.Mock.Calls(route); got != n {
			t.Errorf("%d calls %s, want %d (the destroy at the end)", got, route, n)
		}
	}
}
