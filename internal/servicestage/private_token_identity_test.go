package servicestage_test

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/gitauth-dev/terraform-provider-gitauth/internal/dev/acctest"
)

// An authorization's identity is its project and name. An import by identity, with or without the
// project (the provider's by default), gives the state an import by ID gives: with token_wo alone
// and no host, as terraform query writes them, the authorization keeps the token it holds, and the
// plan imports it and changes nothing.
func TestAccPrivateToken_identity(t *testing.T) {
	env := acctest.New(t)
	identity := map[string]knownvalue.Check{"project_id": knownvalue.StringExact(project), "name": knownvalue.StringExact("ci-github")}
	// As terraform query generates it, with the token supplied: neither host nor token_wo_version.
	adopted := env.Config(`
resource "gitauth_private_token" "ci" {
  name      = "ci-github"
  repo_type = "github"
  token_wo  = "ghp_identity"
}
`)
	steps := []resource.TestStep{{
		Config:            tokenConfig(env, "token_wo = \"ghp_identity\"\n  token_wo_version = 1"),
		ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectIdentity(addr, identity), heldAs(env, "ghp_identity")},
	}}
	for _, by := range []string{`project_id = "` + project + `", name = "ci-github"`, `name = "ci-github"`} {
		steps = append(steps, resource.TestStep{
			Config:                 adopted + acctest.ImportByIdentity(addr, by),
			ResourceName:           addr,
			ImportState:            true,
			ImportStateKind:        resource.ImportBlockWithResourceIdentity,
			ImportStateConfigExact: true,
			ImportPlanChecks: resource.ImportPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.StringExact(project+"/ci-github")),
				plancheck.ExpectKnownValue(addr, tfjsonpath.New("repo_home"), knownvalue.StringExact("https://github.com/tom-repo")),
			}},
		})
	}
	env.RunLeavingNothing(t, steps, acctest.Needs(t, "resource identity", tfversion.Version1_12_0, true))
}

// An identity of an authorization the project does not hold says how to name another project in
// the identity, as the user imported it.
func TestAccPrivateToken_identityOfNothing(t *testing.T) {
	env := acctest.New(t)
	env.RunLeavingNothing(t, []resource.TestStep{{
		Config:   tokenConfig(env, `token = "ghp_x"`) + acctest.ImportByIdentity(addr, `name = "in-another-project"`),
		PlanOnly: true,
		ExpectError: acctest.Error(`No such authorization to import.*If it is in another project, name that project in the ` +
			`identity: identity = \{ project_id = "<project_id>", name = "<name>" \}`),
	}}, acctest.Needs(t, "resource identity", tfversion.Version1_12_0, true))
}
