package gitlab_test

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/gitauth-dev/terraform-provider-gitauth/internal/acctest"
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
// identity holds.
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
	env.RunLeavingNothing(t, steps, acctest.Needs(t, "resource identity", tfversion.Version1_12_0, true))
}
