package gitlab_test

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
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

const addr = "gitlab_project_access_token.ci"

// tokenConfig is a token named ci in demo/app whose expiry lines are given.
func tokenConfig(env *acctest.Env, expiry string) string {
	return env.Config(fmt.Sprintf(`
resource "gitlab_project_access_token" "ci" {
  provider    = gitauth
  project     = "demo/app"
  name        = "ci"
  description = "CI clone"
  scopes      = ["read_repository", "read_api"]
  %s
}
`, expiry))
}

// matchesMock checks that state holds the secret and ID of a token the mock holds as active.
func matchesMock(env *acctest.Env) statecheck.StateCheck {
	return acctest.StateCheck(func(s *tfjson.State) error {
		id, err := acctest.Attr(s, addr, "token_id")
		if err != nil {
			return err
		}
		value, _ := acctest.Attr(s, addr, "token")
		for _, t := range env.Mock.GitLabTokens() {
			if fmt.Sprint(t.ID) != fmt.Sprint(id) {
				continue
			}
			if t.Value != value {
				return fmt.Errorf("state token is not the value GitLab issued for token %d", t.ID)
			}
			if !t.Active(env.Clock.Now()) {
				return fmt.Errorf("token %d in state is not active in GitLab", t.ID)
			}
			return nil
		}
		return fmt.Errorf("token %v in state is unknown to GitLab", id)
	})
}

// activeTokens counts the tokens that work, to prove nothing was left behind.
func activeTokens(env *acctest.Env) int {
	n := 0
	for _, t := range env.Mock.GitLabTokens() {
		if t.Active(env.Clock.Now()) {
			n++
		}
	}
	return n
}

func TestAccProjectAccessToken_basic(t *testing.T) {
	env := acctest.New(t)
	config := tokenConfig(env, `expires_at = "2026-06-01"`)
	env.RunLeavingNothing(t, []resource.TestStep{
		{
			Config: config,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.StringExact("demo/app:1")),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("token_id"), knownvalue.Int64Exact(1)),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("access_level"), knownvalue.StringExact("maintainer")),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("expires_at"), knownvalue.StringExact("2026-06-01")),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("scopes"), knownvalue.SetExact([]knownvalue.Check{
					knownvalue.StringExact("read_api"), knownvalue.StringExact("read_repository"),
				})),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("active"), knownvalue.Bool(true)),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("revoked"), knownvalue.Bool(false)),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("user_id"), knownvalue.Int64Exact(1000)),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("created_at"), knownvalue.StringExact("2026-03-10T09:30:00Z")),
				statecheck.ExpectSensitiveValue(addr, tfjsonpath.New("token")),
				matchesMock(env),
			},
		},
		{
			Config:           config,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
		},
		{
			ResourceName:            addr,
			ImportState:             true,
			ImportStateVerify:       true,
			ImportStateVerifyIgnore: []string{"token"},
		},
	})
}

// An import block, as users write it, adopts a token made outside Terraform: the apply imports it
// and changes nothing, in GitLab or in state, and the next plan is empty.
func TestAccProjectAccessToken_importBlock(t *testing.T) {
	env := acctest.New(t)
	id := env.Mock.AddGitLabToken(mockapi.GitLabToken{ProjectID: 1, Name: "ci", Description: "CI clone",
		Scopes: []string{"read_repository", "read_api"}, AccessLevel: 40, ExpiresAt: "2026-06-01"})
	config := tokenConfig(env, `expires_at = "2026-06-01"`)
	env.RunLeavingNothing(t, []resource.TestStep{
		{
			Config: config + acctest.ImportBlock(addr, fmt.Sprintf("demo/app:%d", id)),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				acctest.Imported(addr), plancheck.ExpectResourceAction(addr, plancheck.ResourceActionNoop),
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("token_id"), knownvalue.Int64Exact(id)),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("active"), knownvalue.Bool(true)),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("token"), knownvalue.Null()),
			},
		},
		{
			Config:           config,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
		},
	})
	for _, route := range []string{mockapi.RouteGitLabCreateToken, mockapi.RouteGitLabRotateToken} {
		if n := env.Mock.Calls(route); n != 0 {
			t.Errorf("the import made %d calls %s", n, route)
		}
	}
}

func TestAccProjectAccessToken_numericProjectAndAccessLevel(t *testing.T) {
	env := acctest.New(t)
	env.RunLeavingNothing(t, []resource.TestStep{
		{
			Config: env.Config(`
resource "gitlab_project_access_token" "ci" {
  provider     = gitauth
  project      = "2"
  name         = "release"
  scopes       = ["write_repository"]
  access_level = "developer"
  expires_at   = "2026-04-01"
}
`),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.StringExact("2:1")),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("access_level"), knownvalue.StringExact("developer")),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("description"), knownvalue.StringExact("")),
				matchesMock(env),
			},
		},
		{
			ResourceName:      addr,
			ImportState:       true,
			ImportStateId:     "demo/lib:1",
			ImportStateVerify: true,
			// Imported by path, the same token gets another ID than the one made by numeric ID.
			ImportStateVerifyIdentifierAttribute: "token_id",
			ImportStateVerifyIgnore:              []string{"token", "id", "project"},
		},
	})
}

func TestAccProjectAccessToken_rotateByDate(t *testing.T) {
	env := acctest.New(t)
	env.RunLeavingNothing(t, []resource.TestStep{
		{Config: tokenConfig(env, `expires_at = "2026-06-01"`)},
		{
			Config: tokenConfig(env, `expires_at = "2026-07-01"`),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
				plancheck.ExpectUnknownValue(addr, tfjsonpath.New("token")),
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.StringExact("demo/app:2")),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("expires_at"), knownvalue.StringExact("2026-07-01")),
				matchesMock(env),
				acctest.StateCheck(func(*tfjson.State) error {
					if n := activeTokens(env); n != 1 {
						return fmt.Errorf("%d active tokens after rotation; the old one must be revoked", n)
					}
					return nil
				}),
			},
		},
	})
}

func TestAccProjectAccessToken_rotationConfiguration(t *testing.T) {
	env := acctest.New(t)
	config := tokenConfig(env, `rotation_configuration = {
    expiration_days    = 30
    rotate_before_days = 7
  }`)
	day := 24 * time.Hour
	env.RunLeavingNothing(t, []resource.TestStep{
		{
			// A new token's date is picked at apply: planned on 2026-03-10, applied on 2026-03-11.
			Config: config,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectUnknownValue(addr, tfjsonpath.New("expires_at")),
				acctest.AdvanceClock(env.Clock, day),
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("expires_at"), knownvalue.StringExact("2026-04-10")),
			},
		},
		{
			// 2026-04-02: eight days left, not yet due.
			PreConfig:        func() { env.Clock.Advance(22 * day) },
			Config:           config,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
		},
		{
			// 2026-04-03: seven days left, due. The plan is applied a day later, as a saved plan
			// may be: the new date is picked once, at apply, and applies as planned.
			PreConfig: func() { env.Clock.Advance(day) },
			Config:    config,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
				plancheck.ExpectUnknownValue(addr, tfjsonpath.New("expires_at")),
				acctest.AdvanceClock(env.Clock, day),
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.StringExact("demo/app:2")),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("expires_at"), knownvalue.StringExact("2026-05-04")),
				matchesMock(env),
			},
		},
		{
			// A longer lifetime is a policy for the next rotation: no change until it falls due.
			Config: tokenConfig(env, `rotation_configuration = {
    expiration_days    = 60
    rotate_before_days = 7
  }`),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
		},
		{
			// Imported, the token plans no change: the policy is never in state.
			ResourceName:            addr,
			ImportState:             true,
			ImportStateVerify:       true,
			ImportStateVerifyIgnore: []string{"token"},
		},
	})
}

func TestAccProjectAccessToken_revokedOutOfBandIsReplaced(t *testing.T) {
	env := acctest.New(t)
	config := tokenConfig(env, `expires_at = "2026-06-01"`)
	env.RunLeavingNothing(t, []resource.TestStep{
		{Config: config},
		{
			PreConfig: func() { env.Mock.RevokeGitLabToken(1) },
			Config:    config,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(addr, plancheck.ResourceActionDestroyBeforeCreate),
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.StringExact("demo/app:2")),
				matchesMock(env),
			},
		},
	})
}

func TestAccProjectAccessToken_expiredIsReplaced(t *testing.T) {
	env := acctest.New(t)
	config := tokenConfig(env, `rotation_configuration = {
    expiration_days    = 10
    rotate_before_days = 2
  }`)
	env.RunLeavingNothing(t, []resource.TestStep{
		{Config: config},
		{
			// Nobody applied while the token ran out; GitLab cannot rotate an expired token.
			PreConfig: func() { env.Clock.Advance(11 * 24 * time.Hour) },
			Config:    config,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(addr, plancheck.ResourceActionDestroyBeforeCreate),
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("expires_at"), knownvalue.StringExact("2026-03-31")),
				matchesMock(env),
			},
		},
	})
}

func TestAccProjectAccessToken_deletedOutOfBandIsRecreated(t *testing.T) {
	env := acctest.New(t)
	config := tokenConfig(env, `expires_at = "2026-06-01"`)
	env.RunLeavingNothing(t, []resource.TestStep{
		{Config: config},
		{
			PreConfig: func() { env.Mock.DeleteGitLabToken(1) },
			Config:    config,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate),
			}},
			ConfigStateChecks: []statecheck.StateCheck{matchesMock(env)},
		},
	})
}

// GitLab before 17.2 lists only active tokens. A token revoked out of band is missing from the
// list, so its own GET reads it, and it is replaced; a token deleted (GitLab before 17.9) is
// missing there too, its GET says so, and it is made again.
func TestAccProjectAccessToken_olderGitLabListsOnlyActiveTokens(t *testing.T) {
	env := acctest.New(t)
	config := identicalTokens(env, 2)
	ids := map[string]int64{} // token IDs by address
	first, second := "gitlab_project_access_token.deploy[0]", "gitlab_project_access_token.deploy[1]"
	env.RunLeavingNothing(t, []resource.TestStep{
		{
			Config: config,
			ConfigStateChecks: []statecheck.StateCheck{acctest.StateCheck(func(s *tfjson.State) error {
				for _, addr := range []string{first, second} {
					id, err := acctest.Attr(s, addr, "token_id")
					if err != nil {
						return err
					}
					if ids[addr], err = strconv.ParseInt(fmt.Sprint(id), 10, 64); err != nil {
						return err
					}
				}
				return nil
			})},
		},
		{
			PreConfig: func() {
				env.Mock.SetGitLabListsOnlyActive(true)
				env.Mock.RevokeGitLabToken(ids[first])
				env.Mock.DeleteGitLabToken(ids[second])
			},
			Config: config,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(first, plancheck.ResourceActionDestroyBeforeCreate),
				plancheck.ExpectResourceAction(second, plancheck.ResourceActionCreate),
			}},
			ConfigStateChecks: []statecheck.StateCheck{stateHoldsActive(env, 2)},
		},
	})
}

func TestAccProjectAccessToken_rateLimitAndServerErrorsEndInSuccess(t *testing.T) {
	acctest.EngineIndependent(t)
	env := acctest.New(t)
	config := tokenConfig(env, `expires_at = "2026-06-01"`)
	env.RunLeavingNothing(t, []resource.TestStep{
		{
			PreConfig: func() {
				env.Mock.InjectFault(mockapi.RouteGitLabCreateToken, 1, mockapi.Fault{Status: 429, RetryAfter: "1"})
			},
			Config: config,
			ConfigStateChecks: []statecheck.StateCheck{
				matchesMock(env),
				acctest.StateCheck(func(*tfjson.State) error {
					if n := env.Mock.Calls(mockapi.RouteGitLabCreateToken); n != 2 {
						return fmt.Errorf("create called %d times, want 2 (one 429, one retry)", n)
					}
					return nil
				}),
			},
		},
		{
			PreConfig: func() {
				env.Mock.InjectFault(mockapi.RouteGitLabListTokens, 2, mockapi.Fault{Status: 503})
				env.Mock.InjectFault(mockapi.RouteGitLabRevokeToken, 1, mockapi.Fault{Status: 502})
			},
			Config:           config,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
		},
	})
}

func TestAccProjectAccessToken_unconfirmedCreateLeavesNoOrphan(t *testing.T) {
	acctest.EngineIndependent(t)
	env := acctest.New(t)
	env.RunLeavingNothing(t, []resource.TestStep{
		{
			// GitLab creates token 1 but the answer never arrives; then a 500 that created nothing.
			PreConfig: func() {
				env.Mock.InjectFault(mockapi.RouteGitLabCreateToken, 1, mockapi.Fault{DropAfterProcessing: true})
			},
			Config: tokenConfig(env, `expires_at = "2026-06-01"`),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("token_id"), knownvalue.Int64Exact(2)),
				matchesMock(env),
				acctest.StateCheck(func(*tfjson.State) error {
					if n := activeTokens(env); n != 1 {
						return fmt.Errorf("%d active tokens, want only the one in state", n)
					}
					return nil
				}),
			},
		},
	})
}

func TestAccProjectAccessToken_unconfirmedOnEveryTryFailsCleanly(t *testing.T) {
	acctest.EngineIndependent(t)
	env := acctest.New(t)
	env.RunLeavingNothing(t, []resource.TestStep{
		{
			PreConfig: func() {
				env.Mock.InjectFault(mockapi.RouteGitLabCreateToken, 3, mockapi.Fault{DropAfterProcessing: true})
			},
			Config:      tokenConfig(env, `expires_at = "2026-06-01"`),
			ExpectError: regexp.MustCompile(`No token was left behind`),
		},
		{
			// The three tokens GitLab made were revoked; the next apply starts clean.
			PreConfig: func() {
				if n := activeTokens(env); n != 0 {
					t.Errorf("%d active tokens after a failed create, want 0", n)
				}
			},
			Config:            tokenConfig(env, `expires_at = "2026-06-01"`),
			ConfigStateChecks: []statecheck.StateCheck{matchesMock(env)},
		},
	})
}

func TestAccProjectAccessToken_apiErrors(t *testing.T) {
	acctest.EngineIndependent(t)
	env := acctest.New(t)
	body := `
resource "gitlab_project_access_token" "ci" {
  provider   = gitauth
  project    = "%s"
  name       = "ci"
  scopes     = ["api"]
  expires_at = "2026-06-01"
}
`
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories(),
		Steps: []resource.TestStep{
			{
				Config: env.ConfigWithProvider(fmt.Sprintf(`
  gitlab {
    base_url = %q
    token    = "glpat-not-the-right-one"
  }`, env.GitLabURL()), fmt.Sprintf(body, "demo/app")),
				ExpectError: regexp.MustCompile(`(?s)GitLab answered 401 Unauthorized: 401 Unauthorized.*gitlab.token`),
			},
			{
				Config:      env.Config(fmt.Sprintf(body, "demo/nope")),
				ExpectError: regexp.MustCompile(`(?s)404 Project Not Found.*Check that project "demo/nope" exists`),
			},
		},
	})
}

// Names are counted in characters: 255 characters of two bytes each are fine. Bad names and every
// other bad input are in the provider's TestAccBadInput.
func TestAccProjectAccessToken_nameOf255Characters(t *testing.T) {
	env := acctest.New(t)
	config := strings.Replace(tokenConfig(env, `expires_at = "2026-06-01"`), `name        = "ci"`, `name = "`+strings.Repeat("é", 255)+`"`, 1)
	env.RunLeavingNothing(t, []resource.TestStep{{Config: config, PlanOnly: true, ExpectNonEmptyPlan: true}})
	if calls := env.Mock.AllCalls(); len(calls) != 0 {
		t.Errorf("a plan made calls: %v", calls)
	}
}
