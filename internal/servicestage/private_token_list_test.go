package servicestage_test

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck/queryfilter"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/gitauth-dev/terraform-provider-gitauth/internal/dev/acctest"
	"github.com/gitauth-dev/terraform-provider-gitauth/internal/dev/mockapi"
)

// terraform query lists a project's private token authorizations of GitHub and GitLab (OAuth and
// password ones, and those of other repository types, which the resource cannot manage, are left
// out), filtered by repository type in any case and by name, through the list shared with every
// read of the command. Each result names the authorization, carries its identity, and with
// include_resource the state an import gives: neither token nor host.
func TestAccPrivateToken_list(t *testing.T) {
	env := acctest.New(t)
	env.AddServiceStageAuthorization(mockapi.ServiceStageAuthorization{Project: project, Name: "gl-deploy", RepoType: "gitlab",
		TokenType: "personal", RepoHome: "https://gitlab.example.com/deploy"})
	env.AddServiceStageAuthorization(mockapi.ServiceStageAuthorization{Project: project, Name: "gl-password", RepoType: "gitlab",
		TokenType: "password"})
	env.AddServiceStageAuthorization(mockapi.ServiceStageAuthorization{Project: project, Name: "gitee-personal", RepoType: "gitee",
		TokenType: "personal", RepoHome: "https://gitee.com/deploy"})
	identity := func(name string) map[string]knownvalue.Check {
		return map[string]knownvalue.Check{"project_id": knownvalue.StringExact(project), "name": knownvalue.StringExact(name)}
	}
	env.RunLeavingNothing(t, []resource.TestStep{
		{Config: tokenConfig(env, `token = "ghp_listed"`)},
		{
			Query: true,
			Config: `
list "gitauth_private_token" "all" {
  provider         = gitauth
  include_resource = true
  config {}
}

list "gitauth_private_token" "gitlab" {
  provider = gitauth
  config {
    repo_type = "GitLab"
  }
}

list "gitauth_private_token" "ci" {
  provider = gitauth
  config {
    project_id = "` + project + `"
    name_regex = "^ci-"
  }
}

list "gitauth_private_token" "empty" {
  provider = gitauth
  config {
    project_id = "` + mockapi.ServiceStageEmptyProject + `"
  }
}
`,
			QueryResultChecks: []querycheck.QueryResultCheck{
				// seeded-github, gl-deploy and ci-github; not seeded-bitbucket (OAuth), gl-password or gitee-personal
				// (a private token of a repository type the resource cannot create).
				querycheck.ExpectLength("gitauth_private_token.all", 3),
				querycheck.ExpectLength("gitauth_private_token.gitlab", 1),
				querycheck.ExpectLength("gitauth_private_token.ci", 1),
				querycheck.ExpectLength("gitauth_private_token.empty", 0),
				querycheck.ExpectIdentity("gitauth_private_token.gitlab", identity("gl-deploy")),
				querycheck.ExpectResourceDisplayName("gitauth_private_token.ci", queryfilter.ByResourceIdentity(identity("ci-github")),
					knownvalue.StringExact("ci-github (github, https://github.com/tom-repo)")),
				querycheck.ExpectResourceKnownValues("gitauth_private_token.all", queryfilter.ByResourceIdentity(identity("ci-github")),
					[]querycheck.KnownValueCheck{
						{Path: tfjsonpath.New("id"), KnownValue: knownvalue.StringExact(project + "/ci-github")},
						{Path: tfjsonpath.New("repo_type"), KnownValue: knownvalue.StringExact("github")},
						{Path: tfjsonpath.New("repo_home"), KnownValue: knownvalue.StringExact("https://github.com/tom-repo")},
						{Path: tfjsonpath.New("token_type"), KnownValue: knownvalue.StringExact("personal")},
						{Path: tfjsonpath.New("token"), KnownValue: knownvalue.Null()},
						{Path: tfjsonpath.New("host"), KnownValue: knownvalue.Null()},
						{Path: tfjsonpath.New("token_wo_version"), KnownValue: knownvalue.Null()},
					}),
			},
		},
	}, acctest.Needs(t, "terraform query", tfversion.Version1_14_0, false))
}
