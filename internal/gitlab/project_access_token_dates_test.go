package gitlab_test

import (
	"regexp"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/gitauth-dev/terraform-provider-gitauth/internal/dev/acctest"
	"github.com/gitauth-dev/terraform-provider-gitauth/internal/dev/mockapi"
)

const day = 24 * time.Hour

// Once a fixed expires_at has passed, refresh, import, plan and destroy still work; the plan warns
// that the expired token needs a new date, and a new date then replaces it.
func TestAccProjectAccessToken_passedDateNeverLocksTheWorkspace(t *testing.T) {
	acctest.EngineIndependent(t)
	env := acctest.New(t)
	config := tokenConfig(env, `expires_at = "2026-03-20"`)
	env.RunLeavingNothing(t, []resource.TestStep{
		{Config: config},
		{
			// 2026-03-25: the token has expired.
			PreConfig:    func() { env.Clock.Advance(15 * day) },
			RefreshState: true,
			RefreshPlanChecks: resource.RefreshPlanChecks{PostRefresh: []plancheck.PlanCheck{
				plancheck.ExpectKnownValue(addr, tfjsonpath.New("active"), knownvalue.Bool(false)),
			}},
		},
		{
			// No replacement can be made with that date: the plan warns and changes nothing,
			// rather than fail, since `terraform destroy` runs the same plan first.
			Config:           config,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
		},
		{
			Config:        config,
			ResourceName:  addr,
			ImportState:   true,
			ImportStateId: "demo/app:1",
		},
		{
			Config: tokenConfig(env, `expires_at = "2026-04-20"`),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(addr, plancheck.ResourceActionDestroyBeforeCreate),
			}},
			ConfigStateChecks: []statecheck.StateCheck{matchesMock(env)},
		},
	})
}

// Destroy works after the date passed: the last step leaves an expired token in state.
func TestAccProjectAccessToken_destroyAfterTheDatePassed(t *testing.T) {
	env := acctest.New(t)
	config := tokenConfig(env, `expires_at = "2026-03-20"`)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories(),
		CheckDestroy: func(*terraform.State) error {
			for _, tok := range env.Mock.GitLabTokens() {
				if !tok.Revoked {
					t.Errorf("token %d was not revoked by destroy", tok.ID)
				}
			}
			return nil
		},
		Steps: []resource.TestStep{
			{Config: config},
			{PreConfig: func() { env.Clock.Advance(30 * day) }, RefreshState: true},
		},
	})
}

// A saved plan with a fixed date, applied once the date has passed, fails before any call.
func TestAccProjectAccessToken_savedPlanAppliedLateFailsBeforeAnyCall(t *testing.T) {
	env := acctest.New(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories(),
		Steps: []resource.TestStep{{
			Config: tokenConfig(env, `expires_at = "2026-03-12"`),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				acctest.AdvanceClock(env.Clock, 3*day),
			}},
			ExpectError: acctest.Error(`expires_at is 2026-03-12, which is not after today \(2026-03-13\)`),
		}},
	})
	if n := env.Mock.Calls(mockapi.RouteGitLabCreateToken); n != 0 {
		t.Errorf("%d creates reached GitLab, want none", n)
	}
}

// A rotation applied nine days after it fell due settles: the plan right after shows no change.
func TestAccProjectAccessToken_lateRotationSettles(t *testing.T) {
	acctest.EngineIndependent(t)
	env := acctest.New(t)
	config := tokenConfig(env, `rotation_configuration = {
    expiration_days    = 10
    rotate_before_days = 7
  }`)
	env.RunLeavingNothing(t, []resource.TestStep{
		{Config: config}, // 2026-03-10, expires 2026-03-20, due 2026-03-13
		{
			PreConfig: func() { env.Clock.Advance(3 * day) },
			Config:    config,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
				acctest.AdvanceClock(env.Clock, 9*day), // applied on 2026-03-22
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("expires_at"), knownvalue.StringExact("2026-04-01")),
				matchesMock(env),
			},
		},
		{
			Config:           config,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
		},
	})
}

// Imported, a token configured with rotation_configuration plans no change.
func TestAccProjectAccessToken_importWithRotationPlansNoChange(t *testing.T) {
	env := acctest.New(t)
	env.Mock.AddGitLabToken(mockapi.GitLabToken{ProjectID: 1, Name: "ci", Description: "CI clone",
		Scopes: []string{"read_repository", "read_api"}, AccessLevel: 40, ExpiresAt: "2026-03-25"})
	config := tokenConfig(env, `rotation_configuration = {
    expiration_days    = 30
    rotate_before_days = 7
  }`)
	env.RunLeavingNothing(t, []resource.TestStep{
		{
			Config:             config,
			ResourceName:       addr,
			ImportState:        true,
			ImportStateId:      "demo/app:1",
			ImportStatePersist: true,
		},
		{
			Config:           config,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
		},
	})
}

// A token GitLab shows without an expiry date (an instance that does not require one) is adopted
// with neither expires_at nor rotation_configuration, and plans no change; giving it a date
// rotates it, and from then on it needs one.
func TestAccProjectAccessToken_importWithoutExpiry(t *testing.T) {
	acctest.EngineIndependent(t)
	env := acctest.New(t)
	env.Mock.AddGitLabToken(mockapi.GitLabToken{ProjectID: 1, Name: "ci", Description: "CI clone",
		Scopes: []string{"read_repository", "read_api"}, AccessLevel: 40})
	config := tokenConfig(env, "")
	env.RunLeavingNothing(t, []resource.TestStep{
		{Config: config, ResourceName: addr, ImportState: true, ImportStateId: "demo/app:1", ImportStatePersist: true},
		{
			Config:            config,
			ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectKnownValue(addr, tfjsonpath.New("expires_at"), knownvalue.Null())},
		},
		{
			Config: tokenConfig(env, `expires_at = "2026-06-30"`),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("expires_at"), knownvalue.StringExact("2026-06-30")),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("token"), knownvalue.NotNull()),
			},
		},
		{Config: config, ExpectError: regexp.MustCompile(`Missing expiry date`)},
	})
}

// A token adopted without an expiry date and then revoked is not replaced while the configuration
// gives no date: the plan warns and changes nothing, so destroy (which plans first) still works.
func TestAccProjectAccessToken_revokedWithoutExpiryNeverLocksTheWorkspace(t *testing.T) {
	acctest.EngineIndependent(t)
	env := acctest.New(t)
	env.Mock.AddGitLabToken(mockapi.GitLabToken{ProjectID: 1, Name: "ci", Description: "CI clone",
		Scopes: []string{"read_repository", "read_api"}, AccessLevel: 40, Revoked: true})
	config := tokenConfig(env, "")
	env.RunLeavingNothing(t, []resource.TestStep{
		{Config: config, ResourceName: addr, ImportState: true, ImportStateId: "demo/app:1", ImportStatePersist: true},
		{
			Config:           config,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
		},
		{
			Config: tokenConfig(env, `expires_at = "2026-06-30"`),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(addr, plancheck.ResourceActionDestroyBeforeCreate),
			}},
			ConfigStateChecks: []statecheck.StateCheck{matchesMock(env)},
		},
	})
}
