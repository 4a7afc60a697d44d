package gitlab_test

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck/queryfilter"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/gitauth-dev/terraform-provider-gitauth/internal/acctest"
	"github.com/gitauth-dev/terraform-provider-gitauth/internal/mockapi"
)

// terraform query lists a project's tokens, every page of them: the active ones by default, the
// inactive or all on request. Each result names the token as a person reads it, carries its
// identity, and with include_resource the state an import gives (no secret).
func TestAccProjectAccessToken_list(t *testing.T) {
	env := acctest.New(t)
	const bulk = 150 // more than one page of GitLab's list, at the 100 the client asks for
	for i := range bulk {
		env.AddGitLabToken(mockapi.GitLabToken{ProjectID: 1, Name: fmt.Sprintf("bulk-%03d", i), Scopes: []string{"read_api"},
			AccessLevel: 30, ExpiresAt: "2026-09-01"})
	}
	revoked := env.AddGitLabToken(mockapi.GitLabToken{ProjectID: 1, Name: "revoked", Scopes: []string{"read_api"},
		AccessLevel: 30, ExpiresAt: "2026-09-01"})
	env.Mock.RevokeGitLabToken(revoked)
	env.AddGitLabToken(mockapi.GitLabToken{ProjectID: 1, Name: "expired", Scopes: []string{"read_api"}, AccessLevel: 30,
		ExpiresAt: "2026-03-01"})
	env.AddGitLabToken(mockapi.GitLabToken{ProjectID: 2, Name: "elsewhere", Scopes: []string{"read_api"}, AccessLevel: 30,
		ExpiresAt: "2026-09-01"})
	const managed = bulk + 4 // the ID of the token the configuration makes
	ci := tokenIdentityIn("demo/app", managed)
	env.RunLeavingNothing(t, []resource.TestStep{
		{Config: tokenConfig(env, `expires_at = "2026-06-01"`)},
		{
			Query: true,
			Config: `
list "gitlab_project_access_token" "active" {
  provider = gitauth
  limit    = 1000
  config {
    project = "demo/app"
  }
}

list "gitlab_project_access_token" "default_limit" {
  provider = gitauth
  config {
    project = "demo/app"
  }
}

list "gitlab_project_access_token" "inactive" {
  provider = gitauth
  limit    = 1000
  config {
    project = "demo/app"
    state   = "inactive"
  }
}

list "gitlab_project_access_token" "all" {
  provider         = gitauth
  limit            = 1000
  include_resource = true
  config {
    project = "1"
    state   = "all"
  }
}
`,
			QueryResultChecks: []querycheck.QueryResultCheck{
				querycheck.ExpectLength("gitlab_project_access_token.active", bulk+1),
				querycheck.ExpectLength("gitlab_project_access_token.default_limit", 100), // and a warning
				querycheck.ExpectLength("gitlab_project_access_token.inactive", 2),
				querycheck.ExpectLength("gitlab_project_access_token.all", bulk+3),
				querycheck.ExpectIdentity("gitlab_project_access_token.active", ci),
				querycheck.ExpectResourceDisplayName("gitlab_project_access_token.active", queryfilter.ByResourceIdentity(ci),
					knownvalue.StringExact(fmt.Sprintf("ci (demo/app:%d, expires 2026-06-01)", managed))),
				querycheck.ExpectResourceDisplayName("gitlab_project_access_token.inactive",
					queryfilter.ByResourceIdentity(tokenIdentityIn("demo/app", revoked)),
					knownvalue.StringExact(fmt.Sprintf("revoked (demo/app:%d, revoked)", revoked))),
				querycheck.ExpectResourceKnownValues("gitlab_project_access_token.all",
					queryfilter.ByResourceIdentity(tokenIdentityIn("1", managed)), []querycheck.KnownValueCheck{
						{Path: tfjsonpath.New("id"), KnownValue: knownvalue.StringExact(fmt.Sprintf("1:%d", managed))},
						{Path: tfjsonpath.New("name"), KnownValue: knownvalue.StringExact("ci")},
						{Path: tfjsonpath.New("description"), KnownValue: knownvalue.StringExact("CI clone")},
						{Path: tfjsonpath.New("expires_at"), KnownValue: knownvalue.StringExact("2026-06-01")},
						{Path: tfjsonpath.New("access_level"), KnownValue: knownvalue.StringExact("maintainer")},
						{Path: tfjsonpath.New("active"), KnownValue: knownvalue.Bool(true)},
						{Path: tfjsonpath.New("token"), KnownValue: knownvalue.Null()},
						{Path: tfjsonpath.New("rotation_configuration"), KnownValue: knownvalue.Null()},
					}),
			},
		},
	}, acctest.Needs(t, "terraform query", tfversion.Version1_14_0, false))
}

// tokenIdentityIn is the identity of token id of project, as written.
func tokenIdentityIn(project string, id int64) map[string]knownvalue.Check {
	return map[string]knownvalue.Check{"project": knownvalue.StringExact(project), "token_id": knownvalue.Int64Exact(id)}
}
