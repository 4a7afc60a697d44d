package gitlab_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck/queryfilter"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/gitauth-dev/terraform-provider-gitauth/internal/dev/acctest"
	"github.com/gitauth-dev/terraform-provider-gitauth/internal/dev/mockapi"
)

// terraform query lists a project's tokens, every page of them: the active ones by default, the
// inactive or all on request. Each result names the token as a person reads it, carries its
// identity, and with include_resource the state an import gives (no secret).
func TestAccProjectAccessToken_list(t *testing.T) {
	env := acctest.New(t)
	const bulk = 150 // more than one page of GitLab's list, at the 100 the client asks for
	revoked, _ := addListed(env, bulk)
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

// addListed adds tokens out of band: n active ones in demo/app (IDs 1 to n), then a revoked one
// and an expired one there, whose IDs it returns, and one in demo/lib.
func addListed(env *acctest.Env, n int) (revoked, expired int64) {
	add := func(project int64, name, expiry string) int64 {
		return env.AddGitLabToken(mockapi.GitLabToken{ProjectID: project, Name: name, Scopes: []string{"read_api"},
			AccessLevel: 30, ExpiresAt: expiry})
	}
	for i := range n {
		add(1, fmt.Sprintf("bulk-%03d", i), "2026-09-01")
	}
	revoked = add(1, "revoked", "2026-09-01")
	env.Mock.RevokeGitLabToken(revoked)
	expired = add(1, "expired", "2026-03-01")
	add(2, "elsewhere", "2026-09-01")
	return revoked, expired
}

// tokenIdentityIn is the identity of token id of project, as written.
func tokenIdentityIn(project string, id int64) map[string]knownvalue.Check {
	return map[string]knownvalue.Check{"project": knownvalue.StringExact(project), "token_id": knownvalue.Int64Exact(id)}
}

// Past a list block's limit, terraform query shows as many tokens as the limit and one warning that
// there are more, which says to raise it. The test framework drops a query's warnings, so this test
// lists through the provider's server as Terraform does.
func TestListPastTheLimitWarns(t *testing.T) {
	env := acctest.New(t)
	for i := range 3 {
		env.AddGitLabToken(mockapi.GitLabToken{ProjectID: 1, Name: fmt.Sprintf("t%d", i), Scopes: []string{"read_api"},
			AccessLevel: 30, ExpiresAt: "2026-09-01"})
	}
	server, schemas := env.Serve(t, map[string]map[string]tftypes.Value{"gitlab": {
		"base_url": tftypes.NewValue(tftypes.String, env.GitLabURL()),
		"token":    tftypes.NewValue(tftypes.String, mockapi.GitLabCredential),
	}})
	listType := schemas.ListResourceSchemas["gitlab_project_access_token"].ValueType().(tftypes.Object)
	stream, err := server.(tfprotov6.ListResourceServer).ListResource(context.Background(), &tfprotov6.ListResourceRequest{
		TypeName: "gitlab_project_access_token",
		Config:   acctest.Dynamic(t, listType, map[string]tftypes.Value{"project": tftypes.NewValue(tftypes.String, "demo/app")}),
		Limit:    2,
	})
	if err != nil {
		t.Fatal(err)
	}
	var tokens, warnings, others []string
	for r := range stream.Results {
		if r.Identity != nil {
			tokens = append(tokens, r.DisplayName)
		}
		for _, d := range r.Diagnostics {
			if d.Severity == tfprotov6.DiagnosticSeverityWarning {
				warnings = append(warnings, d.Summary+": "+d.Detail)
			} else {
				others = append(others, d.Summary+": "+d.Detail)
			}
		}
	}
	want := "More results than the limit: There are more than 2 active tokens in GitLab project demo/app"
	if len(tokens) != 2 || len(warnings) != 1 || !strings.HasPrefix(warnings[0], want) || len(others) != 0 {
		t.Errorf("tokens %q, warnings %q, other diagnostics %q; want 2 tokens and the one warning %q...",
			tokens, warnings, others, want)
	}
}
