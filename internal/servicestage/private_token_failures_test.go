package servicestage_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/gitauth-dev/terraform-provider-gitauth/internal/dev/acctest"
	"github.com/gitauth-dev/terraform-provider-gitauth/internal/dev/mockapi"
)

// named returns the project's authorizations of that name.
func named(env *acctest.Env, name string) []mockapi.ServiceStageAuthorization {
	var out []mockapi.ServiceStageAuthorization
	for _, a := range env.Mock.ServiceStageAuthorizations(project) {
		if a.Name == name {
			out = append(out, a)
		}
	}
	return out
}

// A name already taken gives the vendor's code and how to import it; the existing one is untouched.
func TestAccPrivateToken_duplicateName(t *testing.T) {
	acctest.EngineIndependent(t)
	env := acctest.New(t)
	env.RunLeavingNothing(t, []resource.TestStep{{
		Config: env.Config(`
resource "gitauth_private_token" "ci" {
  name      = "seeded-github"
  repo_type = "github"
  token     = "ghp_other"
}
`),
		ExpectError: acctest.Error(`ServiceStage authorization already exists.*\[SVCSTG.REPO.0403\].*import it: terraform import ` +
			`<address> ` + project + `/seeded-github`),
	}})
	if got := named(env, "seeded-github"); len(got) != 1 || got[0].Secret == "ghp_other" {
		t.Errorf("the seeded authorization was changed: %+v", got)
	}
}

// Deleted out of band: the next plan creates it again.
func TestAccPrivateToken_drift(t *testing.T) {
	env := acctest.New(t)
	config := tokenConfig(env, `token = "ghp_drift"`)
	env.RunLeavingNothing(t, []resource.TestStep{
		{Config: config},
		{
			PreConfig: func() { env.Mock.RemoveServiceStageAuthorization(project, "ci-github") },
			Config:    config,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate),
			}},
			ConfigStateChecks: stateChecks(heldAs(env, "ghp_drift")),
		},
	})
}

// A create whose outcome is unknown leaves exactly one authorization, in state. When the answer
// was lost after ServiceStage made it, the provider finds it by name and creation time and adopts
// it; when a gateway error came before ServiceStage, the name is absent and the create is sent again.
func TestAccPrivateToken_unknownCreateOutcome(t *testing.T) {
	acctest.EngineIndependent(t)
	cases := map[string]struct {
		fault   mockapi.Fault
		creates int
	}{
		"answer lost after the create":  {mockapi.Fault{DropAfterProcessing: true}, 1},
		"bad gateway before the create": {mockapi.Fault{Status: http.StatusBadGateway}, 2},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			env := acctest.New(t)
			env.Mock.InjectFault(mockapi.RouteServiceStageCreatePersonal, 1, c.fault)
			env.RunLeavingNothing(t, []resource.TestStep{{
				Config:            tokenConfig(env, `token = "ghp_unknown"`),
				ConfigStateChecks: stateChecks(heldAs(env, "ghp_unknown")),
			}})
			if n := env.Mock.Calls(mockapi.RouteServiceStageCreatePersonal); n != c.creates {
				t.Errorf("%d create calls, want %d", n, c.creates)
			}
		})
	}
}

// A lost answer, when the name belonged to an older authorization: that one is someone else's. It
// is left alone, and the error says how to import it.
// A gateway answers 502 before ServiceStage saw the create, and meanwhile someone else makes an
// authorization of that name for another repository: it is theirs, and left alone.
func TestAccPrivateToken_lostCreateSparesAnotherHome(t *testing.T) {
	acctest.EngineIndependent(t)
	for _, h := range hostForms {
		for _, theirs := range h.otherHomes {
			t.Run(h.name+" beside "+theirs, func(t *testing.T) {
				env := acctest.New(t)
				env.Mock.InjectFault(mockapi.RouteServiceStageCreatePersonal, 1, mockapi.Fault{Status: 502, Meanwhile: func() {
					env.AddServiceStageAuthorization(mockapi.ServiceStageAuthorization{Project: project, Name: "ci-github",
						RepoType: h.repoType, TokenType: "personal", RepoHome: theirs, Secret: "ghp_theirs"})
				}})
				env.RunLeavingNothing(t, []resource.TestStep{{
					Config:      hostConfig(env, h.repoType, h.host, "ghp_mine"),
					ExpectError: acctest.Error(`ServiceStage authorization already exists.*did not make.*It was left alone`),
				}})
				if got := named(env, "ci-github"); len(got) != 1 || got[0].Secret != "ghp_theirs" {
					t.Errorf("the other authorization of that name was touched: %+v", got)
				}
			})
		}
	}
}

// hostForms are the forms of host: an organization URL on the public site, a server with and
// without a sub-path, and none; each with homes that another create's authorization could have.
var hostForms = []struct {
	name, repoType, host string
	otherHomes           []string
}{
	{"organization URL", "github", "https://github.com/tom-repo", []string{"https://github.com/someone-else", "https://github.com/tom-repo/mock-user"}},
	{"server with a sub-path", "gitlab", "https://192.168.1.1:8080/gitlab", []string{"https://192.168.1.1:8080/mock-user", "https://gitlab.example.com/mock-user"}},
	{"server", "gitlab", "https://gitlab.example.com", []string{"https://gitlab.example.org/mock-user", "https://gitlab.example.com/grp/mock-user"}},
	{"no host", "github", "", []string{"https://github.com/tom-repo/x", "https://gitlab.example.com/mock-user"}},
}

// hostConfig is an authorization named ci-github of repoType for host ("" for none), with token.
func hostConfig(env *acctest.Env, repoType, host, token string) string {
	hostLine := ""
	if host != "" {
		hostLine = fmt.Sprintf("host      = %q", host)
	}
	return env.Config(fmt.Sprintf(`
resource "gitauth_private_token" "ci" {
  name      = "ci-github"
  repo_type = %q
  token     = %q
  %s
}
`, repoType, token, hostLine))
}

// Whatever the form of host, a create whose answer was lost after ServiceStage made the
// authorization adopts it, once, with the token sent.
func TestAccPrivateToken_lostCreateAdoptsItsOwnForEveryHost(t *testing.T) {
	acctest.EngineIndependent(t)
	for _, h := range hostForms {
		t.Run(h.name, func(t *testing.T) {
			env := acctest.New(t)
			env.Mock.InjectFault(mockapi.RouteServiceStageCreatePersonal, 1, mockapi.Fault{DropAfterProcessing: true})
			env.RunLeavingNothing(t, []resource.TestStep{{
				Config:            hostConfig(env, h.repoType, h.host, "ghp_"+h.repoType),
				ConfigStateChecks: []statecheck.StateCheck{heldAs(env, "ghp_"+h.repoType)},
			}})
			if n := env.Mock.Calls(mockapi.RouteServiceStageCreatePersonal); n != 1 {
				t.Errorf("%d create calls, want 1", n)
			}
		})
	}
}

func TestAccPrivateToken_lostCreateOfATakenName(t *testing.T) {
	acctest.EngineIndependent(t)
	env := acctest.New(t)
	env.AddServiceStageAuthorization(mockapi.ServiceStageAuthorization{Project: project, Name: "ci-github", RepoType: "github",
		TokenType: "personal", Secret: "ghp_theirs", CreateTime: acctest.Start.Add(-time.Hour).UnixMilli()})
	env.Mock.InjectFault(mockapi.RouteServiceStageCreatePersonal, 1, mockapi.Fault{DropAfterProcessing: true})
	env.RunLeavingNothing(t, []resource.TestStep{{
		Config: tokenConfig(env, `token = "ghp_mine"`),
		ExpectError: acctest.Error(`holds an authorization "ci-github" that this call did not make \(a personal github one, ` +
			`created 2026-03-10T08:30:00Z\). It was left alone. To manage it with Terraform, import it`),
	}})
	if got := named(env, "ci-github"); len(got) != 1 || got[0].Secret != "ghp_theirs" {
		t.Errorf("the other authorization was changed: %+v", got)
	}
}

// lostCreateThenFailingList drops the answer of the next create, after ServiceStage made the
// authorization, and fails the next times lists of the project with status.
func lostCreateThenFailingList(env *acctest.Env, times, status int) {
	env.Mock.InjectFault(mockapi.RouteServiceStageCreatePersonal, 1, mockapi.Fault{DropAfterProcessing: true})
	env.Mock.InjectFault(mockapi.RouteServiceStageListAuths, times, mockapi.Fault{Status: status})
}

// The list that settles a lost create outlasts a ServiceStage busy for longer than one call's
// retries: the authorization the create made is adopted, not left in doubt.
func TestAccPrivateToken_lostCreateSettledThroughABusySpell(t *testing.T) {
	acctest.EngineIndependent(t)
	env := acctest.New(t)
	lostCreateThenFailingList(env, 5, http.StatusServiceUnavailable)
	env.RunLeavingNothing(t, []resource.TestStep{{
		Config:            tokenConfig(env, `token = "ghp_busy"`),
		ConfigStateChecks: []statecheck.StateCheck{heldAs(env, "ghp_busy")},
	}})
}

// When the list after a lost answer fails for good, nothing is touched and the error names the
// authorization in doubt.
func TestAccPrivateToken_lostCreateAndFailedList(t *testing.T) {
	acctest.EngineIndependent(t)
	env := acctest.New(t)
	lostCreateThenFailingList(env, 10, http.StatusUnauthorized)
	env.RunLeavingNothing(t, []resource.TestStep{{
		Config: tokenConfig(env, `token = "ghp_doubt"`),
		ExpectError: acctest.Error(`ServiceStage authorization may exist outside Terraform.*listing project ` + project +
			` to find out what happened failed too.*Check whether authorization "ci-github" exists`),
	}})
	env.Mock.ClearFaults()
	if got := named(env, "ci-github"); len(got) != 1 {
		t.Fatalf("want the one authorization the lost call made, got %+v", got)
	}
	env.AddServiceStageAuthorization(named(env, "ci-github")[0]) // in doubt, so outside Terraform
}

// A list that fails (lost permission, wrong project or endpoint, a server error) is an error,
// never an empty project: state keeps the authorization, and the next good plan is empty.
func TestAccPrivateToken_failedListKeepsState(t *testing.T) {
	acctest.EngineIndependent(t)
	env := acctest.New(t)
	config := tokenConfig(env, `token = "ghp_keep"`)
	steps := []resource.TestStep{{Config: config}}
	for status, want := range map[int]string{
		http.StatusNotFound:            `ServiceStage answered 404 Not Found \[SVCSTG.00100404\].*Check the project ID \(` + project + `\)`,
		http.StatusUnauthorized:        `ServiceStage answered 401 Unauthorized \[APIGW.0301\]`,
		http.StatusInternalServerError: `ServiceStage answered 500 Internal Server Error \[APIGW.0201\]`,
		// What ServiceStage answers for a project it does not know is documented nowhere.
		http.StatusBadRequest: `ServiceStage answered 400 Bad Request \[SVCSTG.00100400\]`,
		http.StatusForbidden:  `ServiceStage answered 403 Forbidden \[SVCSTG.00100403\]`,
		// A proxy's 200 that carries an error body is no list either.
		http.StatusOK: `ServiceStage answered 200 OK \[SVCSTG.00100200\]`,
	} {
		steps = append(steps, resource.TestStep{
			PreConfig:   func() { env.Mock.InjectFault(mockapi.RouteServiceStageListAuths, 10, mockapi.Fault{Status: status}) },
			Config:      config,
			PlanOnly:    true,
			ExpectError: acctest.Error(`Cannot read ServiceStage authorization ci-github.*` + want + `.*stays in state`),
		}, resource.TestStep{
			PreConfig:        env.Mock.ClearFaults,
			Config:           config,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
		})
	}
	env.RunLeavingNothing(t, steps)
}

// ServiceStage documents no answer for deleting a name that is gone, so every error of a delete is
// settled by listing: present, the error stands (a proxy's 404, a 200 with an error body, a 400);
// absent, destroy succeeds, whatever the status (the mock's 400 SVCSTG.REPO.0450, or another).
func TestAccPrivateToken_deleteSettledByList(t *testing.T) {
	acctest.EngineIndependent(t)
	path := "/v1/" + project + "/git/auths/ci-github"
	present := map[int]string{
		http.StatusNotFound:   `404 Not Found \[SVCSTG.00100404\]`,
		http.StatusOK:         `answered 200 OK \[SVCSTG.00100200\]`,
		http.StatusBadRequest: `400 Bad Request \[SVCSTG.00100400\]`,
	}
	gone := map[string]int{"as the mock answers (400 SVCSTG.REPO.0450)": 0, "answered 404": http.StatusNotFound,
		"answered 403": http.StatusForbidden, "answered 500": http.StatusInternalServerError}
	for name, status := range gone {
		t.Run("gone, "+name, func(t *testing.T) {
			env := acctest.New(t)
			config := tokenConfig(env, `token = "ghp_delete"`)
			steps := []resource.TestStep{{Config: config}}
			for status, want := range present {
				steps = append(steps, resource.TestStep{
					PreConfig: func() {
						env.Mock.ClearFaults()
						env.Mock.InjectPathFault(http.MethodDelete, path, 1, mockapi.Fault{Status: status})
					},
					Config:      config,
					Destroy:     true,
					ExpectError: acctest.Error(`Cannot delete ServiceStage authorization ci-github.*` + want),
				})
			}
			steps = append(steps, resource.TestStep{
				PreConfig: func() {
					env.Mock.ClearFaults()
					env.Mock.RemoveServiceStageAuthorization(project, "ci-github")
					if status != 0 {
						env.Mock.InjectPathFault(http.MethodDelete, path, 10, mockapi.Fault{Status: status})
					}
				},
				Config:  config,
				Destroy: true,
			})
			env.RunLeavingNothing(t, steps)
		})
	}
}

// A failed delete is settled by a list made after it, never by one the apply made before. Here a
// replacement with create_before_destroy lists the project when its create loses the answer; then
// ServiceStage deletes the old authorization behind a gateway error: the old one is gone, and the
// apply succeeds.
func TestAccPrivateToken_failedDeleteSettledByALaterList(t *testing.T) {
	acctest.EngineIndependent(t)
	env := acctest.New(t)
	config := env.Config(`
resource "gitauth_private_token" "ci" {
  name      = "ci-old"
  repo_type = "github"
  token     = "ghp_renamed"
  lifecycle {
    create_before_destroy = true
  }
}
`)
	env.RunLeavingNothing(t, []resource.TestStep{
		{Config: config},
		{
			PreConfig: func() {
				env.Mock.InjectFault(mockapi.RouteServiceStageCreatePersonal, 1, mockapi.Fault{DropAfterProcessing: true})
				env.Mock.InjectFault(mockapi.RouteServiceStageDeleteAuth, 1,
					mockapi.Fault{Status: http.StatusBadGateway, ProcessFirst: true})
			},
			Config:            strings.Replace(config, `"ci-old"`, `"ci-new"`, 1),
			ConfigStateChecks: []statecheck.StateCheck{heldAs(env, "ghp_renamed")},
		},
	})
}

// When the list after a failed delete fails too, its error is what the destroy reports: it, not
// the delete's, says what to do.
func TestAccPrivateToken_deleteAndListFail(t *testing.T) {
	acctest.EngineIndependent(t)
	env := acctest.New(t)
	config := tokenConfig(env, `token = "ghp_delete"`)
	env.RunLeavingNothing(t, []resource.TestStep{
		{Config: config},
		{
			// The delete fails, and meanwhile the credentials lose access to the project.
			PreConfig: func() {
				env.Mock.InjectFault(mockapi.RouteServiceStageDeleteAuth, 1, mockapi.Fault{Status: http.StatusBadRequest, Meanwhile: func() {
					env.Mock.InjectFault(mockapi.RouteServiceStageListAuths, 10, mockapi.Fault{Status: http.StatusForbidden})
				}})
			},
			Config:  config,
			Destroy: true,
			ExpectError: acctest.Error(`Cannot delete ServiceStage authorization ci-github.*ServiceStage answered 403 Forbidden.*` +
				`\(after the delete failed: ServiceStage answered 400 Bad Request \[SVCSTG.00100400\].*` +
				`or it is not a project of theirs: check the project ID, or grant them a ServiceStage role there. Then run the command again`),
		},
		{PreConfig: env.Mock.ClearFaults, Config: config, Destroy: true},
	})
}

// A call that never left the machine is a plain error: no list, no retry of the create.
func TestAccPrivateToken_notSent(t *testing.T) {
	acctest.EngineIndependent(t)
	env := acctest.New(t)
	body := tokenConfig(env, `token = "ghp_x"`)
	env.RunLeavingNothing(t, []resource.TestStep{{
		Config: env.ConfigWithProvider(`
  servicestage {
    endpoint   = "http://127.0.0.1:1"
    auth_token = "t"
    project_id = "`+project+`"
  }`, body[len(env.Config("")):]),
		ExpectError: acctest.Error(`Cannot create ServiceStage authorization ci-github.*the request was not sent.*` +
			`The request never reached ServiceStage: check the endpoint \(http://127.0.0.1:1\)`),
	}})
}

// A token the repository refuses (400 SVCSTG.REPO.0451) fails the create with an error on the
// argument it came from, and what to check; nothing is made.
func TestAccPrivateToken_tokenRefusedByTheRepository(t *testing.T) {
	acctest.EngineIndependent(t)
	for arg, lines := range map[string]string{
		"token":    `token = "` + mockapi.ServiceStageRejectedToken + `"`,
		"token_wo": "token_wo = \"" + mockapi.ServiceStageRejectedToken + "\"\n  token_wo_version = 1",
	} {
		t.Run(arg, func(t *testing.T) {
			env := acctest.New(t)
			env.RunLeavingNothing(t, []resource.TestStep{{
				Config: tokenConfig(env, lines),
				ExpectError: acctest.Error(`ServiceStage refused the token of ci-github.*answered 400 Bad Request \[SVCSTG.REPO.0451\].*` +
					`The repository did not accept the token in ` + arg + `. Check that it is a valid github token of ` +
					`https://github.com, not expired or revoked, with read access to the repositories.`),
			}})
			if got := named(env, "ci-github"); len(got) != 0 {
				t.Errorf("a refused token left %+v", got)
			}
		})
	}
}

// A token refused when the create is sent again after a lost answer is refused for good: the list
// had shown nothing made, so the error is the token's, and the create is not sent a third time.
func TestAccPrivateToken_tokenRefusedAfterALostAnswer(t *testing.T) {
	acctest.EngineIndependent(t)
	env := acctest.New(t)
	env.Mock.InjectFault(mockapi.RouteServiceStageCreatePersonal, 1, mockapi.Fault{Status: http.StatusBadGateway})
	env.RunLeavingNothing(t, []resource.TestStep{{
		Config:      tokenConfig(env, `token = "`+mockapi.ServiceStageRejectedToken+`"`),
		ExpectError: acctest.Error(`ServiceStage refused the token of ci-github.*\[SVCSTG.REPO.0451\].*did not accept the token in token`),
	}})
	if n := env.Mock.Calls(mockapi.RouteServiceStageCreatePersonal); n != 2 {
		t.Errorf("%d create calls, want 2: the lost one and the refused one", n)
	}
}

// A token a self-managed server refuses names that server in the error, sub-path included, so that
// the user checks the token of the right one.
func TestAccPrivateToken_tokenRefusedNamesTheServer(t *testing.T) {
	acctest.EngineIndependent(t)
	env := acctest.New(t)
	env.RunLeavingNothing(t, []resource.TestStep{{
		Config:      hostConfig(env, "gitlab", "https://192.168.1.1:8080/gitlab", mockapi.ServiceStageRejectedToken),
		ExpectError: acctest.Error(`Check that it is a valid gitlab token of https://192.168.1.1:8080/gitlab, not expired`),
	}})
}
