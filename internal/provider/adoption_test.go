package provider_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/gitauth-dev/terraform-provider-gitauth/internal/acctest"
	"github.com/gitauth-dev/terraform-provider-gitauth/internal/devenv"
	"github.com/gitauth-dev/terraform-provider-gitauth/internal/mockapi"
	"github.com/gitauth-dev/terraform-provider-gitauth/internal/provider"
)

// TestAccAdoptionJourney adopts what a team already has, through the CLI as a user does:
// terraform query -generate-config-out writes a resource and an import block for every active
// GitLab token of a project and every private token authorization of a ServiceStage project; once
// the user supplies what no API returns (each authorization's token_wo), the plan imports them all
// and changes nothing, the apply adopts them without a call that changes anything, and the next
// plan is empty.
func TestAccAdoptionJourney(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("set TF_ACC=1: this test runs the Terraform CLI")
	}
	acctest.RequireEngine(t, "terraform query", tfversion.Version1_14_0, false)
	env := acctest.New(t)
	const n = 5
	for i := range n {
		env.AddGitLabToken(mockapi.GitLabToken{ProjectID: 1, Name: fmt.Sprintf("ci-%d", i), Description: "CI clone",
			Scopes: []string{"read_repository"}, AccessLevel: 30, ExpiresAt: "2026-09-01"})
		env.AddServiceStageAuthorization(mockapi.ServiceStageAuthorization{Project: mockapi.ServiceStageProject,
			Name: fmt.Sprintf("deploy-%d", i), RepoType: "gitlab", TokenType: "personal", RepoUser: "bot",
			RepoHome: "https://gitlab.example.com/bot", Secret: "glpat-held"})
	}
	// Not to adopt: a revoked token, and another project's.
	env.Mock.RevokeGitLabToken(env.AddGitLabToken(mockapi.GitLabToken{ProjectID: 1, Name: "old", Scopes: []string{"read_api"},
		AccessLevel: 30, ExpiresAt: "2026-09-01"}))
	env.AddGitLabToken(mockapi.GitLabToken{ProjectID: 2, Name: "lib", Scopes: []string{"read_api"}, AccessLevel: 30, ExpiresAt: "2026-09-01"})

	w := newAdoptionWorkspace(t, env)
	w.run("query", "-generate-config-out=generated.tf")
	generated := w.read("generated.tf")
	// n authorizations and the seeded private token; the seeded OAuth one cannot be managed.
	tokens, authorizations := n, n+1
	for block, want := range map[string]int{`resource "gitlab_project_access_token"`: tokens,
		`resource "gitauth_private_token"`: authorizations, "import {": tokens + authorizations, "identity = {": tokens + authorizations} {
		if got := strings.Count(generated, block); got != want {
			t.Errorf("generated.tf holds %d %s, want %d:\n%s", got, block, want, generated)
		}
	}
	// The user supplies each authorization's token, which ServiceStage never returns.
	supplied := strings.ReplaceAll(generated, "token_wo         = null # sensitive", "token_wo         = var.token")
	if strings.Count(supplied, "var.token") != authorizations {
		t.Fatalf("generated.tf does not give token_wo as expected:\n%s", generated)
	}
	w.write("generated.tf", supplied)
	before := env.Mock.AllCalls()

	w.run("plan", "-input=false", "-out=adopt.tfplan")
	var plan tfjson.Plan
	if err := json.Unmarshal([]byte(w.run("show", "-json", "adopt.tfplan")), &plan); err != nil {
		t.Fatal(err)
	}
	if len(plan.ResourceChanges) != tokens+authorizations {
		t.Errorf("the plan has %d resource changes, want %d", len(plan.ResourceChanges), tokens+authorizations)
	}
	for _, rc := range plan.ResourceChanges {
		if rc.Change.Importing == nil || !rc.Change.Actions.NoOp() {
			t.Errorf("%s: actions %v, importing %v; want an import and no change", rc.Address, rc.Change.Actions, rc.Change.Importing)
		}
	}
	w.run("apply", "-input=false", "adopt.tfplan")
	w.run("plan", "-input=false", "-detailed-exitcode")
	for route, n := range env.Mock.AllCalls() {
		if !strings.HasPrefix(route, "GET ") && !strings.Contains(route, "/_mock/") && n != before[route] {
			t.Errorf("adopting made %d calls %s", n-before[route], route)
		}
	}
}

// adoptionWorkspace is a working directory of the built provider against one test's mock.
type adoptionWorkspace struct {
	t   *testing.T
	dir string
	tf  *devenv.Terraform
}

func newAdoptionWorkspace(t *testing.T, env *acctest.Env) *adoptionWorkspace {
	t.Helper()
	cliConfig, err := devenv.Build(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	w := &adoptionWorkspace{t: t, dir: t.TempDir()}
	w.tf = &devenv.Terraform{Env: append(devenv.Environ(), "TF_CLI_CONFIG_FILE="+cliConfig, "TF_IN_AUTOMATION=1",
		"CHECKPOINT_DISABLE=1", "TF_VAR_mock_url="+env.URL, "TF_VAR_token=ghp_supplied",
		// The provider runs out of process: its clock is set to the mock's through the environment.
		provider.NowEnv+"="+env.Clock.Now().Format(time.RFC3339))}
	for _, file := range []string{"main.tf", "adopt.tfquery.hcl"} {
		w.write(file, w.readFile(filepath.Join("testdata", "TestAccAdoptionJourney", file)))
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
