package gitlab_test

import (
	"fmt"
	"strings"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/gitauth-dev/terraform-provider-gitauth/internal/dev/acctest"
	"github.com/gitauth-dev/terraform-provider-gitauth/internal/dev/mockapi"
)

// A token's identity is its project and ID. A rotation gives it a new ID and so a new identity,
// without error; an import by identity gives the state an import by ID gives (a plan with the
// import and no change, the identity unchanged).
func TestAccProjectAccessToken_identity(t *testing.T) {
	env := acctest.New(t)
	rotated := tokenConfig(env, `expires_at = "2026-07-01"`)
	env.RunLeavingNothing(t, []resource.TestStep{
		{
			Config:            tokenConfig(env, `expires_at = "2026-06-01"`),
			ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectIdentity(addr, tokenIdentityIn("demo/app", 1))},
		},
		{
			Config:            rotated,
			ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectIdentity(addr, tokenIdentityIn("demo/app", 2)), matchesMock(env)},
		},
		{
			Config:                 rotated + acctest.ImportByIdentity(addr, `project = "demo/app", token_id = 2`),
			ResourceName:           addr,
			ImportState:            true,
			ImportStateKind:        resource.ImportBlockWithResourceIdentity,
			ImportStateConfigExact: true,
		},
		{
			ResourceName:            addr,
			ImportState:             true,
			ImportStateId:           "demo/app:2",
			ImportStateVerify:       true,
			ImportStateVerifyIgnore: []string{"token"},
		},
	}, acctest.Needs(t, "resource identity", tfversion.Version1_12_0, true))
}

// An identity that names no token, or not as GitLab does, is refused at plan time, naming what an
// identity holds; one of a token the project does not hold says how to name another project in
// the identity.
func TestAccProjectAccessToken_badIdentity(t *testing.T) {
	env := acctest.New(t)
	config := tokenConfig(env, `expires_at = "2026-06-01"`)
	var steps []resource.TestStep
	for _, identity := range []string{`project = "/demo", token_id = 2`, `project = "demo/app", token_id = 0`} {
		steps = append(steps, resource.TestStep{
			Config:      config + acctest.ImportByIdentity(addr, identity),
			PlanOnly:    true,
			ExpectError: acctest.Error(`Invalid import identity.*Expected identity = \{ project = <project>, token_id = <token ID> \}`),
		})
	}
	steps = append(steps, resource.TestStep{
		Config:   config + acctest.ImportByIdentity(addr, `project = "demo/app", token_id = 99`),
		PlanOnly: true,
		ExpectError: acctest.Error(`No such token to import.*has no access token 99. If it is in another project, name ` +
			`that project in the identity: identity = \{ project = "<project>", token_id = <token_id> \}`),
	})
	env.RunLeavingNothing(t, steps, acctest.Needs(t, "resource identity", tfversion.Version1_12_0, true))
}

// A token imported by its project's ID into a configuration that names the project by path keeps
// working: GitLab confirms, when planning, that both name one project, so the plan writes the path
// into state and touches no token. Another project replaces it; one GitLab does not know is an
// error, never a replacement.
func TestAccProjectAccessToken_projectInItsOtherForm(t *testing.T) {
	acctest.EngineIndependent(t)
	env := acctest.New(t)
	imported := env.AddGitLabToken(mockapi.GitLabToken{ProjectID: 1, Name: "ci", Description: "CI clone",
		Scopes: []string{"read_repository", "read_api"}, AccessLevel: 40, ExpiresAt: "2026-06-01"})
	config := tokenConfig(env, `expires_at = "2026-06-01"`)
	elsewhere := func(project string) string { return strings.Replace(config, `"demo/app"`, `"`+project+`"`, 1) }
	env.RunLeavingNothing(t, []resource.TestStep{
		{Config: config, ResourceName: addr, ImportState: true, ImportStateId: fmt.Sprintf("1:%d", imported),
			ImportStatePersist: true},
		{
			Config: config,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate)}},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.StringExact(fmt.Sprintf("demo/app:%d", imported))),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("token_id"), knownvalue.Int64Exact(imported)),
			},
		},
		{Config: config, ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}},
		{Config: elsewhere("demo/gone"), PlanOnly: true,
			ExpectError: acctest.Error(`Cannot tell whether demo/gone is project demo/app.*404 Project Not Found`)},
		{
			Config: elsewhere("demo/lib"),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(addr, plancheck.ResourceActionDestroyBeforeCreate)}},
			ConfigStateChecks: []statecheck.StateCheck{oneRevoke(env)},
		},
	})
}

// oneRevoke checks that GitLab saw one revoke and no rotation: the one revoke of a move to another
// project.
func oneRevoke(env *acctest.Env) statecheck.StateCheck {
	return acctest.StateCheck(func(*tfjson.State) error {
		if n := env.Mock.Calls(mockapi.RouteGitLabRevokeToken) + env.Mock.Calls(mockapi.RouteGitLabRotateToken); n != 1 {
			return fmt.Errorf("GitLab saw %d revokes and rotations, want the one revoke of the move to another project", n)
		}
		return nil
	})
}

// A project known only at apply, from another resource, cannot be compared at plan with the
// token's: the token is replaced (revoked, then made in the project apply finds), as for another
// project known at plan, never planned as an update of the token it has.
func TestAccProjectAccessToken_projectKnownOnlyAtApply(t *testing.T) {
	acctest.EngineIndependent(t)
	env := acctest.New(t)
	config := tokenConfig(env, `expires_at = "2026-06-01"`)
	later := strings.Replace(config, `"demo/app"`, "terraform_data.project.output", 1) + `
resource "terraform_data" "project" {
  input = "demo/lib"
}
`
	env.RunLeavingNothing(t, []resource.TestStep{
		{Config: config},
		{
			Config: later,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(addr, plancheck.ResourceActionDestroyBeforeCreate)}},
			ConfigStateChecks: []statecheck.StateCheck{oneRevoke(env), matchesMock(env),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("project"), knownvalue.StringExact("demo/lib"))},
		},
	})
}
