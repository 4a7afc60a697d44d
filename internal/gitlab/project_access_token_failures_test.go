package gitlab_test

import (
	"fmt"
	"net"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/gitauth-dev/terraform-provider-gitauth/internal/dev/acctest"
	"github.com/gitauth-dev/terraform-provider-gitauth/internal/dev/mockapi"
)

// identicalTokens is n identical tokens in project 2, as in the repro.
func identicalTokens(env *acctest.Env, n int) string {
	return env.Config(fmt.Sprintf(`
resource "gitlab_project_access_token" "deploy" {
  provider   = gitauth
  count      = %d
  project    = "2"
  name       = "deploy"
  scopes     = ["read_repository"]
  expires_at = "2026-06-01"
}
`, n))
}

// stateHoldsActive checks that state holds n tokens and that they are exactly the mock's active ones.
func stateHoldsActive(env *acctest.Env, n int) statecheck.StateCheck {
	return acctest.StateCheck(func(s *tfjson.State) error {
		inState := map[string]bool{}
		for _, r := range s.Values.RootModule.Resources {
			inState[fmt.Sprint(r.AttributeValues["token_id"])] = true
		}
		var active []int64
		for _, t := range env.Mock.GitLabTokens() {
			if t.Active(env.Clock.Now()) {
				active = append(active, t.ID)
				if !inState[fmt.Sprint(t.ID)] {
					return fmt.Errorf("active token %d is in no state: an orphan", t.ID)
				}
			}
		}
		if len(active) != n || len(inState) != n {
			return fmt.Errorf("%d tokens in state, %d active in GitLab (%v); want %d of each", len(inState), len(active), active, n)
		}
		return nil
	})
}

// The fifth create's answer is lost after GitLab made the token: the cleanup revokes that token and
// only that one, never the four identical tokens in state.
func TestAccProjectAccessToken_unconfirmedCreateTouchesOnlyItsOwnToken(t *testing.T) {
	acctest.EngineIndependent(t)
	env := acctest.New(t)
	env.RunLeavingNothing(t, []resource.TestStep{
		{Config: identicalTokens(env, 4), ConfigStateChecks: []statecheck.StateCheck{stateHoldsActive(env, 4)}},
		{
			PreConfig: func() {
				env.Mock.InjectFault(mockapi.RouteGitLabCreateToken, 1, mockapi.Fault{DropAfterProcessing: true})
			},
			Config:            identicalTokens(env, 5),
			ConfigStateChecks: []statecheck.StateCheck{stateHoldsActive(env, 5)},
		},
		{
			Config:           identicalTokens(env, 5),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
		},
	})
	if n := env.Mock.Calls(mockapi.RouteGitLabCreateToken); n != 6 {
		t.Errorf("%d creates, want 6 (4, the lost one, its retry)", n)
	}
}

// A person made an identical token while the provider's create was under way, and the answer was
// lost: the provider cannot tell which token is its own, so it revokes neither and names both.
func TestAccProjectAccessToken_unconfirmedCreateBesideAnIdenticalTokenRevokesNothing(t *testing.T) {
	acctest.EngineIndependent(t)
	env := acctest.New(t)
	var theirs int64
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories(),
		Steps: []resource.TestStep{{
			PreConfig: func() {
				env.Mock.InjectFault(mockapi.RouteGitLabCreateToken, 1, mockapi.Fault{
					DropAfterProcessing: true,
					Meanwhile: func() {
						theirs = env.Mock.AddGitLabToken(mockapi.GitLabToken{ProjectID: 2, Name: "deploy",
							Scopes: []string{"read_repository"}, AccessLevel: 40, ExpiresAt: "2026-06-01"})
					},
				})
			},
			Config:      identicalTokens(env, 1),
			ExpectError: acctest.Error(`may exist outside Terraform.*Tokens \[1 2\] match the request, but the provider cannot show which.*revoked none of them`),
		}},
	})
	for _, tok := range env.Mock.GitLabTokens() {
		if tok.Revoked {
			t.Errorf("token %d was revoked though the provider could not tell it was its own (theirs: %d)", tok.ID, theirs)
		}
		env.Mock.RevokeGitLabToken(tok.ID)
	}
}

// revokedTokens checks which of the mock's tokens are revoked.
func revokedTokens(env *acctest.Env, want ...int64) resource.TestCheckFunc {
	return func(*terraform.State) error {
		var revoked []int64
		for _, t := range env.Mock.GitLabTokens() {
			if t.Revoked {
				revoked = append(revoked, t.ID)
			}
		}
		if !slices.Equal(revoked, want) {
			return fmt.Errorf("revoked tokens %v, want %v", revoked, want)
		}
		return nil
	}
}

// GitLab rotated the token but the answer was lost: no working token is left outside state, the
// message says what happened, and the next apply replaces the token.
func TestAccProjectAccessToken_unconfirmedRotationLeavesNoWorkingTokenOutsideState(t *testing.T) {
	acctest.EngineIndependent(t)
	env := acctest.New(t)
	env.RunLeavingNothing(t, []resource.TestStep{
		{Config: tokenConfig(env, `expires_at = "2026-06-01"`)},
		{
			PreConfig: func() {
				env.Mock.InjectFault(mockapi.RouteGitLabRotateToken, 1, mockapi.Fault{DropAfterProcessing: true})
			},
			Config:      tokenConfig(env, `expires_at = "2026-07-01"`),
			ExpectError: acctest.Error(`GitLab rotated token 1, but its answer was lost.*revoked the new token \[2\].*the next apply replaces it`),
		},
		{
			PreConfig: func() {
				if n := activeTokens(env); n != 0 {
					t.Errorf("%d working tokens after the lost rotation, want 0", n)
				}
			},
			Config: tokenConfig(env, `expires_at = "2026-07-01"`),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(addr, plancheck.ResourceActionDestroyBeforeCreate),
			}},
			ConfigStateChecks: []statecheck.StateCheck{matchesMock(env), stateHoldsActive(env, 1)},
		},
	})
}

// A rotation answered 502 by a proxy that never passed it on leaves the token as it is, which GitLab
// shows, so the rotation is sent once more; when that fails too, the error says the token is unchanged.
func TestAccProjectAccessToken_rotationRefusedByAProxyIsSentAgain(t *testing.T) {
	acctest.EngineIndependent(t)
	env := acctest.New(t)
	env.RunLeavingNothing(t, []resource.TestStep{
		{Config: tokenConfig(env, `expires_at = "2026-06-01"`)},
		{
			PreConfig: func() {
				env.Mock.InjectFault(mockapi.RouteGitLabRotateToken, 1, mockapi.Fault{Status: 502})
			},
			Config:            tokenConfig(env, `expires_at = "2026-07-01"`),
			Check:             revokedTokens(env, 1), // rotated once, into 2
			ConfigStateChecks: []statecheck.StateCheck{matchesMock(env), stateHoldsActive(env, 1)},
		},
		{
			PreConfig: func() {
				env.Mock.InjectFault(mockapi.RouteGitLabRotateToken, 3, mockapi.Fault{Status: 502})
			},
			Config:      tokenConfig(env, `expires_at = "2026-08-01"`),
			ExpectError: acctest.Error(`502 Bad Gateway.*an HTML page from a proxy.*token 2 is not revoked, so GitLab did not rotate it`),
		},
		{
			Config:            tokenConfig(env, `expires_at = "2026-08-01"`),
			Check:             revokedTokens(env, 1, 2),
			ConfigStateChecks: []statecheck.StateCheck{matchesMock(env), stateHoldsActive(env, 1)},
		},
	})
}

// The read that tells whether an unconfirmed rotation happened outlasts a GitLab busy for longer than one
// call's retries: the rotation is settled, not left in doubt.
func TestAccProjectAccessToken_unconfirmedRotationSettledThroughABusySpell(t *testing.T) {
	acctest.EngineIndependent(t)
	env := acctest.New(t)
	env.RunLeavingNothing(t, []resource.TestStep{
		{Config: tokenConfig(env, `expires_at = "2026-06-01"`)},
		{
			PreConfig: func() {
				env.Mock.InjectFault(mockapi.RouteGitLabRotateToken, 1, mockapi.Fault{DropAfterProcessing: true, Meanwhile: func() {
					env.Mock.InjectFault(mockapi.RouteGitLabGetToken, 5, mockapi.Fault{Status: 503})
				}})
			},
			Config:      tokenConfig(env, `expires_at = "2026-07-01"`),
			ExpectError: acctest.Error(`GitLab rotated token 1, but its answer was lost.*revoked the new token \[2\]`),
		},
		{
			Config:            tokenConfig(env, `expires_at = "2026-07-01"`),
			ConfigStateChecks: []statecheck.StateCheck{matchesMock(env), stateHoldsActive(env, 1)},
		},
	})
}

// An unconfirmed create's token is found, but revoking it fails: the error names it as the provider's
// own, not as a token that may be someone else's.
func TestAccProjectAccessToken_unconfirmedCreateWhoseRevokeFails(t *testing.T) {
	acctest.EngineIndependent(t)
	env := acctest.New(t)
	env.Mock.InjectFault(mockapi.RouteGitLabCreateToken, 1, mockapi.Fault{DropAfterProcessing: true})
	env.Mock.InjectFault(mockapi.RouteGitLabRevokeToken, 1, mockapi.Fault{Status: 403})
	env.RunLeavingNothing(t, []resource.TestStep{{
		Config:      tokenConfig(env, `expires_at = "2026-06-01"`),
		ExpectError: acctest.Error(`Tokens \[1\] were made by its calls, but revoking them failed: revoking token 1`),
	}})
	env.Mock.RevokeGitLabToken(1) // as the error asks
}

// A proxy answers 502 while GitLab goes on with the rotation. The provider reads the old token
// before GitLab finished, sees it unchanged and sends the rotation again, which GitLab refuses: the
// token is revoked by then. The refusal is settled like the unconfirmed rotation: the late successor is
// revoked, and the next apply replaces the token.
func TestAccProjectAccessToken_rotationFinishedLateIsSettled(t *testing.T) {
	acctest.EngineIndependent(t)
	env := acctest.New(t)
	rotateBehindTheProxy := func() {
		req, _ := http.NewRequest("POST", env.GitLabURL()+"/projects/1/access_tokens/1/rotate",
			strings.NewReader(`{"expires_at":"2026-07-01"}`))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("PRIVATE-TOKEN", mockapi.GitLabCredential)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Error(err)
			return
		}
		_ = resp.Body.Close()
	}
	env.RunLeavingNothing(t, []resource.TestStep{
		{Config: tokenConfig(env, `expires_at = "2026-06-01"`)},
		{
			PreConfig: func() {
				env.Mock.InjectFault(mockapi.RouteGitLabRotateToken, 1, mockapi.Fault{Status: 502})
				env.Mock.InjectFault(mockapi.RouteGitLabRotateToken, 1, mockapi.Fault{Meanwhile: rotateBehindTheProxy})
			},
			Config:      tokenConfig(env, `expires_at = "2026-07-01"`),
			ExpectError: acctest.Error(`GitLab rotated token 1, but its answer was lost.*revoked the new token \[2\]`),
		},
		{
			Config:            tokenConfig(env, `expires_at = "2026-07-01"`),
			Check:             revokedTokens(env, 1, 2),
			ConfigStateChecks: []statecheck.StateCheck{matchesMock(env), stateHoldsActive(env, 1)},
		},
	})
}

// Only GitLab saying that the token is missing removes it from state. A missing project, a wrong
// base URL or a credential that lost access is an error that names the project, whether the list
// of the project or the token's own GET met it, and the token stays in state and in GitLab.
func TestAccProjectAccessToken_only404ForTheTokenRemovesIt(t *testing.T) {
	acctest.EngineIndependent(t)
	env := acctest.New(t)
	config := identicalTokens(env, 1)
	body := config[len(env.Config("")):]
	withProvider := func(baseURL, token string) string {
		return env.ConfigWithProvider(fmt.Sprintf("\n  gitlab {\n    base_url = %q\n    token = %q\n  }", baseURL, token), body)
	}
	env.RunLeavingNothing(t, []resource.TestStep{
		{Config: config},
		{
			// The credential lost its access to project 2: GitLab answers 404 Project Not Found.
			Config:      withProvider(env.GitLabURL(), mockapi.GitLabDeveloperCredential),
			ExpectError: acctest.Error(`404 Not Found: 404 Project Not Found.*Check that project "2" exists.*stays in state`),
		},
		{
			Config:      withProvider(env.URL+"/gitlab/api/v3", mockapi.GitLabCredential),
			ExpectError: acctest.Error(`Cannot read GitLab project access token 2:1.*404.*gitlab.base_url \(` + env.URL + `/gitlab/api/v3/api/v4/\)`),
		},
		{
			// Lower role on project 1: GitLab answers 401, which may mean either cause.
			PreConfig: func() {
				env.Mock.InjectFault(mockapi.RouteGitLabListTokens, 1, mockapi.Fault{Status: 401})
			},
			Config:      config,
			ExpectError: acctest.Error(`401.*role on project "2" is below Maintainer`),
		},
		{
			// A credential without the api scope: the refresh's list of the project is refused.
			PreConfig: func() {
				env.Mock.InjectFault(mockapi.RouteGitLabListTokens, 1, mockapi.Fault{Status: 403})
			},
			Config: config,
			ExpectError: acctest.Error(`Cannot read GitLab project access token 2:1.*listing the access tokens of project "2": ` +
				`GitLab answered 403.*needs the api scope.*stays in state`),
		},
		{
			Config:            config,
			ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			ConfigStateChecks: []statecheck.StateCheck{stateHoldsActive(env, 1)},
		},
		{
			ResourceName:  "gitlab_project_access_token.deploy[0]",
			ImportState:   true,
			ImportStateId: "demo/gone:1",
			ExpectError:   acctest.Error(`404 Project Not Found.*Check that project "demo/gone" exists.*Nothing was imported`),
		},
		{
			ResourceName:  "gitlab_project_access_token.deploy[0]",
			ImportState:   true,
			ImportStateId: "2:99",
			ExpectError: acctest.Error(`No such token to import.*GitLab project 2 has no access token 99. If it is in ` +
				`another project, import it as <project>:<token_id> naming that project`),
		},
	})
}

// A call that never reached GitLab is a plain error, not unconfirmed: nothing can exist outside Terraform.
func TestAccProjectAccessToken_refusedConnectionIsNotUnconfirmed(t *testing.T) {
	acctest.EngineIndependent(t)
	env := acctest.New(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := "http://" + ln.Addr().String() + "/api/v4"
	_ = ln.Close()
	body := identicalTokens(env, 1)[len(env.Config("")):]
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories(),
		Steps: []resource.TestStep{{
			Config:      env.ConfigWithProvider(fmt.Sprintf("\n  gitlab {\n    base_url = %q\n    token = \"x\"\n  }", closed), body),
			ExpectError: acctest.Error(`Cannot create GitLab project access token.*connection refused \(the request was not sent\).*is reachable from here`),
		}},
	})
}

// A rate limit that asks for an hour fails the plan at once instead of holding it.
func TestAccProjectAccessToken_longRetryAfterFailsFast(t *testing.T) {
	acctest.EngineIndependent(t)
	env := acctest.New(t)
	config := tokenConfig(env, `expires_at = "2026-06-01"`)
	env.RunLeavingNothing(t, []resource.TestStep{
		{Config: config},
		{
			PreConfig: func() {
				env.Mock.InjectFault(mockapi.RouteGitLabListTokens, 1, mockapi.Fault{Status: 429, RetryAfter: "3600"})
			},
			Config:      config,
			ExpectError: acctest.Error(`429 Too Many Requests: Retry later \(Retry-After: 3600; the provider gave up: it waits at most 1m0s at a time and 2m0s in all, over a bounded number of retries\).*Run again later`),
		},
	})
}

// Two identical creates both lose their answers: together they account for both tokens GitLab
// made, so both are revoked and both creates succeed on their second try.
func TestAccProjectAccessToken_twoUnconfirmedIdenticalCreatesSettleTogether(t *testing.T) {
	acctest.EngineIndependent(t)
	env := acctest.New(t)
	// The first create is held until the second has arrived, so that both are under way at once and
	// neither fault is left for a retry.
	second := make(chan struct{})
	env.RunLeavingNothing(t, []resource.TestStep{{
		PreConfig: func() {
			env.Mock.InjectFault(mockapi.RouteGitLabCreateToken, 1, mockapi.Fault{DropAfterProcessing: true, Meanwhile: func() {
				select {
				case <-second:
				case <-time.After(10 * time.Second):
				}
			}})
			env.Mock.InjectFault(mockapi.RouteGitLabCreateToken, 1, mockapi.Fault{DropAfterProcessing: true, Meanwhile: func() { close(second) }})
		},
		Config:            identicalTokens(env, 2),
		ConfigStateChecks: []statecheck.StateCheck{stateHoldsActive(env, 2)},
	}})
	if n := env.Mock.Calls(mockapi.RouteGitLabCreateToken); n != 4 {
		t.Errorf("%d creates, want 4 (two lost, two retried)", n)
	}
}

// An unconfirmed rotation whose successor looks exactly like another token in state revokes the successor
// only: the other token existed before, and the rotation lists the project first.
func TestAccProjectAccessToken_unconfirmedRotationSparesAnIdenticalTokenInState(t *testing.T) {
	acctest.EngineIndependent(t)
	env := acctest.New(t)
	two := func(first string) string {
		return env.Config(fmt.Sprintf(`
resource "gitlab_project_access_token" "a" {
  provider   = gitauth
  project    = "1"
  name       = "x"
  scopes     = ["read_repository"]
  expires_at = %q
}

resource "gitlab_project_access_token" "c" {
  provider   = gitauth
  project    = "1"
  name       = "x"
  scopes     = ["read_repository"]
  expires_at = "2026-07-01"
}
`, first))
	}
	env.RunLeavingNothing(t, []resource.TestStep{
		{Config: two("2026-06-01")},
		{
			PreConfig: func() {
				env.Mock.InjectFault(mockapi.RouteGitLabRotateToken, 1, mockapi.Fault{DropAfterProcessing: true})
			},
			Config:      two("2026-07-01"),
			ExpectError: acctest.Error(`GitLab rotated token \d, but its answer was lost.*revoked the new token \[3\]`),
		},
		{
			PreConfig: func() {
				for _, tok := range env.Mock.GitLabTokens() {
					if tok.ExpiresAt == "2026-07-01" && tok.ID != 3 && tok.Revoked {
						t.Errorf("token %d, in state and untouched, was revoked", tok.ID)
					}
				}
			},
			Config:            two("2026-07-01"),
			ConfigStateChecks: []statecheck.StateCheck{stateHoldsActive(env, 2)},
		},
	})
}
