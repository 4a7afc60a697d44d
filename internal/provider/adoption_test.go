package provider_test

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/gitauth-dev/terraform-provider-gitauth/internal/dev/acctest"
	"github.com/gitauth-dev/terraform-provider-gitauth/internal/dev/devenv"
	"github.com/gitauth-dev/terraform-provider-gitauth/internal/dev/mockapi"
	"github.com/gitauth-dev/terraform-provider-gitauth/internal/provider"
)

// TestAccAdoptionJourney adopts an estate through the CLI as a user does: terraform query
// -generate-config-out writes a resource and an import block for every active GitLab token of two
// projects and every private token authorization of a ServiceStage project, and the file applies
// as it is written: the plan imports them all and changes nothing, the import warns once what it
// cannot read, the apply makes no call that changes anything, and the next plan is empty and
// silent.
func TestAccAdoptionJourney(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("set TF_ACC=1: this test runs the Terraform CLI")
	}
	acctest.RequireEngine(t, "terraform query", tfversion.Version1_14_0, false)
	env := acctest.New(t)
	est := seedEstate(env)
	w := newAdoptionWorkspace(t, env, filepath.Join("testdata", "TestAccAdoptionJourney", "adopt.tfquery.hcl"))
	w.run("query", "-generate-config-out=generated.tf")
	generated := w.read("generated.tf")
	for block, want := range map[string]int{`resource "gitlab_project_access_token"`: est.tokens,
		`resource "gitauth_private_token"`: est.authorizations, "import {": est.objects(), "identity = {": est.objects()} {
		if got := strings.Count(generated, block); got != want {
			t.Errorf("generated.tf holds %d %s, want %d:\n%s", got, block, want, generated)
		}
	}
	w.adopt(est)
}

// TestAccAdoptionForEach adopts the estate with the guide's import blocks over
// gitlab_project_access_tokens and git_authorizations, as OpenTofu users do (it has no terraform
// query), then keeps that configuration across what happens next: a token and an authorization
// made outside Terraform are imported, a token revoked or rotated outside Terraform leaves, and no
// token is made or revoked that was active. Frozen into adopted.auto.tfvars.json, as the guide
// says, it adopts nothing more.
func TestAccAdoptionForEach(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("set TF_ACC=1: this test runs the engine's CLI")
	}
	env := acctest.New(t)
	est := seedEstate(env)
	w := forEachWorkspace(t, env)
	w.tf.Env = append(w.tf.Env, `TF_VAR_gitlab_projects=["demo/app","demo/lib"]`)
	w.adopt(est)

	env.AddGitLabToken(mockapi.GitLabToken{ProjectID: 2, Name: "made-later", Scopes: []string{"read_api"}, AccessLevel: 30,
		ExpiresAt: "2026-09-01"})
	env.AddServiceStageAuthorization(mockapi.ServiceStageAuthorization{Project: mockapi.ServiceStageProject, Name: "made-later",
		RepoType: "github", TokenType: "personal", RepoHome: "https://github.com/bot"})
	tokens := env.Mock.GitLabTokens()
	env.Mock.RevokeGitLabToken(tokens[0].ID)
	rotated := tokens[1]
	env.Mock.RevokeGitLabToken(rotated.ID)
	rotated.ID, rotated.Value = 0, ""
	env.AddGitLabToken(rotated)
	active := activeTokens(env)
	before := env.Mock.AllCalls()
	w.planSays("Plan: 3 to import, 0 to add, 0 to change, 2 to destroy.")
	w.run("apply", "-input=false", "-auto-approve")
	after := env.Mock.AllCalls()
	for _, route := range []string{mockapi.RouteGitLabCreateToken, mockapi.RouteGitLabRotateToken} {
		if after[route] != before[route] {
			t.Errorf("the apply made %d calls %s", after[route]-before[route], route)
		}
	}
	if got := activeTokens(env); !maps.Equal(got, active) {
		t.Errorf("the apply changed which tokens are active: %v, was %v", got, active)
	}

	frozen := w.run("output", "-json", "frozen")
	w.write("adopted.auto.tfvars.json", frozen)
	env.AddGitLabToken(mockapi.GitLabToken{ProjectID: 1, Name: "after-freezing", Scopes: []string{"read_api"}, AccessLevel: 30,
		ExpiresAt: "2026-09-01"})
	w.planSays("No changes.")

	// The frozen file is the user's: a new date there rotates the token in place, under its key.
	w.write("adopted.auto.tfvars.json", strings.Replace(frozen, `"expires_at":"2026-09-01"`, `"expires_at":"2026-10-01"`, 1))
	w.planSays("Plan: 0 to add, 1 to change, 0 to destroy.")
	w.run("apply", "-input=false", "-auto-approve")
	w.planSays("No changes.")
	if n := env.Mock.Calls(mockapi.RouteGitLabRotateToken); n != 1 {
		t.Errorf("%d rotations, want 1", n)
	}
}

// A project given in two forms, by path and by ID, adopts each of its tokens once: dropping one
// form later changes nothing, and revokes no token.
func TestAccAdoptionForEach_projectInTwoForms(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("set TF_ACC=1: this test runs the engine's CLI")
	}
	env := acctest.New(t)
	for _, name := range []string{"ci", "deploy"} {
		env.AddGitLabToken(mockapi.GitLabToken{ProjectID: 1, Name: name, Scopes: []string{"read_repository"}, AccessLevel: 30,
			ExpiresAt: "2026-09-01"})
	}
	w := forEachWorkspace(t, env)
	if out := w.run("apply", "-input=false", "-auto-approve", `-var=gitlab_projects=["demo/app","1"]`); !strings.Contains(out,
		"Resources: 3 imported, 0 added, 0 changed, 0 destroyed.") {
		t.Errorf("the apply does not import the two tokens and the seeded authorization once each:\n%s", out)
	}
	active := activeTokens(env)
	w.run("apply", "-input=false", "-auto-approve", `-var=gitlab_projects=["demo/app"]`)
	if got := activeTokens(env); !maps.Equal(got, active) {
		t.Errorf("removing the second form of project demo/app revoked tokens: active %v, was %v", got, active)
	}
}

// forEachWorkspace is a workspace of the guide's configuration that adopts through import blocks
// with for_each over the data sources.
func forEachWorkspace(t *testing.T, env *acctest.Env) *adoptionWorkspace {
	var files []string
	for _, f := range []string{"variables.tf", "adopt.tf", "manage.tf"} {
		files = append(files, filepath.Join("..", "..", "examples", "guides", "adopting-with-for-each", f))
	}
	return newAdoptionWorkspace(t, env, files...)
}

// activeTokens are the IDs of the mock's active GitLab tokens.
func activeTokens(env *acctest.Env) map[int64]bool {
	out := map[int64]bool{}
	for _, t := range env.Mock.GitLabTokens() {
		if !t.Revoked {
			out[t.ID] = true
		}
	}
	return out
}

// planSays plans and fails the test unless the plan's output holds want.
func (w *adoptionWorkspace) planSays(want string) {
	w.t.Helper()
	if out := w.run("plan", "-input=false"); !strings.Contains(out, want) {
		w.t.Errorf("the plan does not say %q:\n%s", want, out)
	}
}

// estate is what a team made outside Terraform: GitLab tokens over two projects, and ServiceStage
// private token authorizations of GitHub and of a self-managed GitLab.
type estate struct {
	env                    *acctest.Env
	tokens, authorizations int
}

func (e estate) objects() int { return e.tokens + e.authorizations }

// seedEstate makes 50 active GitLab tokens, 25 in each seeded project, and 20 authorizations (the
// seeded one makes 21), besides what is not to adopt: a revoked token, and an OAuth authorization.
func seedEstate(env *acctest.Env) estate {
	for i := range 50 {
		env.AddGitLabToken(mockapi.GitLabToken{ProjectID: int64(1 + i%2), Name: fmt.Sprintf("ci-%d", i), Description: "CI clone",
			Scopes: []string{"read_repository"}, AccessLevel: 30, ExpiresAt: "2026-09-01"})
	}
	for i := range 20 {
		a := mockapi.ServiceStageAuthorization{Project: mockapi.ServiceStageProject, Name: fmt.Sprintf("deploy-%d", i),
			RepoType: "github", TokenType: "personal", RepoUser: "bot", RepoHome: "https://github.com/bot", Secret: "ghp_held"}
		if i%2 == 1 {
			a.RepoType, a.RepoHome, a.Secret = "gitlab", "https://gitlab.example.com/bot", "glpat-held"
		}
		env.AddServiceStageAuthorization(a)
	}
	env.Mock.RevokeGitLabToken(env.AddGitLabToken(mockapi.GitLabToken{ProjectID: 1, Name: "old", Scopes: []string{"read_api"},
		AccessLevel: 30, ExpiresAt: "2026-09-01"}))
	return estate{env: env, tokens: 50, authorizations: 21}
}

// adopt plans the workspace's imports, applies them and plans again: every object of the estate is
// imported without a change or a warning after the import's own, and no call changes anything.
func (w *adoptionWorkspace) adopt(est estate) {
	w.t.Helper()
	before := est.env.Mock.AllCalls()
	out := w.run("plan", "-input=false", "-out=adopt.tfplan")
	if want := fmt.Sprintf("%d to import, 0 to add, 0 to change, 0 to destroy.", est.objects()); !strings.Contains(out, want) {
		w.t.Errorf("the plan does not say %q:\n%s", want, out)
	}
	if !strings.Contains(out, "Imported without its token") {
		w.t.Errorf("the import does not say that ServiceStage keeps the token:\n%s", out)
	}
	var plan tfjson.Plan
	if err := json.Unmarshal([]byte(w.run("show", "-json", "adopt.tfplan")), &plan); err != nil {
		w.t.Fatal(err)
	}
	for _, rc := range plan.ResourceChanges {
		if rc.Change.Importing == nil || !rc.Change.Actions.NoOp() {
			w.t.Errorf("%s: actions %v, importing %v; want an import and no change", rc.Address, rc.Change.Actions, rc.Change.Importing)
		}
	}
	w.run("apply", "-input=false", "adopt.tfplan")
	if out := w.run("plan", "-input=false", "-detailed-exitcode"); !strings.Contains(out, "No changes.") || len(warnings(out)) > 0 {
		w.t.Errorf("the plan after the adoption is not empty and silent (%q):\n%s", warnings(out), out)
	}
	for route, n := range est.env.Mock.AllCalls() {
		if !strings.HasPrefix(route, "GET ") && !strings.Contains(route, "/_mock/") && n != before[route] {
			w.t.Errorf("adopting made %d calls %s", n-before[route], route)
		}
	}
}

// warnings are the summaries of the warnings an engine printed, but the one of the development
// overrides the workspace runs the provider through.
func warnings(out string) []string {
	var found []string
	for line := range strings.Lines(out) {
		if summary, ok := strings.CutPrefix(line, "Warning: "); ok && !strings.HasPrefix(summary, "Provider development overrides") {
			found = append(found, strings.TrimSpace(summary))
		}
	}
	return found
}

// adoptionWorkspace is a working directory of the built provider against one test's mock.
type adoptionWorkspace struct {
	t   *testing.T
	dir string
	tf  *devenv.Terraform
}

// newAdoptionWorkspace is a workspace of testdata/mock.tf, the provider set to the test's mock, and
// the files given, paths from this package's folder.
func newAdoptionWorkspace(t *testing.T, env *acctest.Env, files ...string) *adoptionWorkspace {
	t.Helper()
	cliConfig, err := devenv.Build(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	w := &adoptionWorkspace{t: t, dir: t.TempDir()}
	w.tf = &devenv.Terraform{Env: append(devenv.Environ(), "TF_CLI_CONFIG_FILE="+cliConfig, "TF_IN_AUTOMATION=1",
		"CHECKPOINT_DISABLE=1", "TF_VAR_mock_url="+env.URL,
		// The provider runs out of process: its clock is set to the mock's through the environment.
		provider.NowEnv+"="+env.Clock.Now().Format(time.RFC3339))}
	for _, file := range append(files, filepath.Join("testdata", "mock.tf")) {
		w.write(filepath.Base(file), w.readFile(file))
	}
	return w
}

// run runs the engine with args in the workspace and returns its output; a failure fails the test.
func (w *adoptionWorkspace) run(args ...string) string {
	w.t.Helper()
	out, err := w.tf.Command(context.Background(), w.dir, append(args, "-no-color")...).CombinedOutput()
	if err != nil {
		w.t.Fatalf("%s %s: %v\n%s", devenv.Engine(), strings.Join(args, " "), err, out)
	}
	return string(out)
}

func (w *adoptionWorkspace) read(file string) string {
	return w.readFile(filepath.Join(w.dir, file))
}

func (w *adoptionWorkspace) readFile(path string) string {
	w.t.Helper()
	content, err := os.ReadFile(path)
	if err != nil {
		w.t.Fatal(err)
	}
	return string(content)
}

func (w *adoptionWorkspace) write(file, content string) {
	w.t.Helper()
	if err := os.WriteFile(filepath.Join(w.dir, file), []byte(content), 0o600); err != nil {
		w.t.Fatal(err)
	}
}
