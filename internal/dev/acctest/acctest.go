// Package acctest holds what acceptance tests share: a mock of the APIs per test, a clock the
// provider and the mock both read, provider factories and config builders.
package acctest

import (
	"errors"
	"fmt"
	"io/fs"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/echoprovider"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/gitauth-dev/terraform-provider-gitauth/internal/dev/devenv"
	"github.com/gitauth-dev/terraform-provider-gitauth/internal/dev/mockapi"
	"github.com/gitauth-dev/terraform-provider-gitauth/internal/lean"
	"github.com/gitauth-dev/terraform-provider-gitauth/internal/provider"
)

// Start is where every test clock begins, so that expected dates can be written down.
var Start = time.Date(2026, 3, 10, 9, 30, 0, 0, time.UTC)

// Env is one test's world: its own mock APIs and clock.
type Env struct {
	Mock  *mockapi.Server
	URL   string
	Clock *Clock
	// outside are the ServiceStage authorizations Terraform does not manage: the seeded ones and
	// those a test adds, by project/name.
	mu      sync.Mutex
	outside map[string]bool
	// outsideTokens are the GitLab tokens a test made outside Terraform, by ID.
	outsideTokens map[int64]bool
}

// engineOnce tells the test framework, once per test binary, how to run the provider under the
// engine (devenv.Engine). It is the same for every test, and t.Setenv would forbid t.Parallel.
var engineOnce sync.Once

func setEngine() {
	// Test configs declare source = "gitauth-dev/gitauth", as users do; the test framework maps its
	// in-process provider to that address only when told the namespace, and, under OpenTofu, the
	// registry OpenTofu resolves it on.
	// The host follows the engine, whatever the shell exported for another engine's run.
	_ = os.Setenv(resource.EnvTfAccProviderNamespace, "gitauth-dev") //nolint:usetesting
	host := "registry.terraform.io"
	if devenv.OpenTofu() {
		host = "registry.opentofu.org"
	}
	_ = os.Setenv(resource.EnvTfAccProviderHost, host) //nolint:usetesting
	// A CLI configuration file that does not exist holds no setting, but OpenTofu then prints a
	// warning before its version, which the test framework cannot read.
	if file := os.Getenv("TF_CLI_CONFIG_FILE"); file != "" {
		if _, err := os.Stat(file); errors.Is(err, fs.ErrNotExist) {
			_ = os.Unsetenv("TF_CLI_CONFIG_FILE") //nolint:usetesting
		}
	}
}

// EngineIndependent marks a test of a decision the provider takes alone, within one call (what to
// do with a lost answer, a retry, a refusal, a credential, a date), which no engine changes: go test
// -short skips it, so that the engine matrix (make matrix) spends its time on what engines do
// differently. make test runs it.
func EngineIndependent(t *testing.T) {
	t.Helper()
	if testing.Short() {
		t.Skip("engine-independent: a decision of the provider alone; make test runs it")
	}
}

// New starts a mock for the test, stopped when the test ends.
func New(t *testing.T) *Env {
	t.Helper()
	engineOnce.Do(setEngine)
	clock := NewClock(Start)
	mock := mockapi.New(mockapi.Options{Now: clock.Now})
	srv := httptest.NewServer(mock)
	t.Cleanup(srv.Close)
	e := &Env{Mock: mock, URL: srv.URL, Clock: clock, outside: map[string]bool{}, outsideTokens: map[int64]bool{}}
	for _, project := range []string{mockapi.ServiceStageProject, mockapi.ServiceStageEmptyProject} {
		for _, a := range mock.ServiceStageAuthorizations(project) {
			e.outside[project+"/"+a.Name] = true
		}
	}
	return e
}

// Factories serve the provider in process, reading the test's clock.
func (e *Env) Factories() map[string]func() (tfprotov6.ProviderServer, error) {
	p := provider.New("test", provider.WithClock(e.Clock.Now))()
	return map[string]func() (tfprotov6.ProviderServer, error){
		"gitauth": func() (tfprotov6.ProviderServer, error) { return lean.NewServer(p), nil },
		// Ephemeral results are checked through echo: it copies its data into a managed resource.
		"echo": echoprovider.NewProviderServer(),
	}
}

// GitLabURL is the mock's GitLab API base URL.
func (e *Env) GitLabURL() string { return e.URL + "/gitlab/api/v4" }

// ServiceStageURL is the mock's ServiceStage endpoint: its root, as for the official clients.
func (e *Env) ServiceStageURL() string { return e.URL }

// DeveloperConnectURL is the mock's Developer Connect endpoint.
func (e *Env) DeveloperConnectURL() string { return e.URL + "/developerconnect/" }

// providerBlocks write, for each API family, its provider block pointed at the test's mock with
// valid credentials.
var providerBlocks = []func(*Env) string{
	func(e *Env) string {
		return fmt.Sprintf(`
  gitlab {
    base_url = %q
    token    = %q
  }`, e.GitLabURL(), mockapi.GitLabCredential)
	},
	func(e *Env) string {
		return fmt.Sprintf(`
  servicestage {
    endpoint   = %q
    auth_token = %q
    project_id = %q
  }`, e.ServiceStageURL(), mockapi.ServiceStageAuthToken, mockapi.ServiceStageProject)
	},
	func(e *Env) string {
		return fmt.Sprintf(`
  developerconnect {
    endpoint     = %q
    access_token = %q
  }`, e.DeveloperConnectURL(), mockapi.DeveloperConnectToken)
	},
}

// Config returns body behind the terraform and provider blocks a user would write, pointed at the
// mock with its valid credentials.
func (e *Env) Config(body string) string {
	var blocks strings.Builder
	for _, block := range providerBlocks {
		blocks.WriteString(block(e))
	}
	return e.ConfigWithProvider(blocks.String(), body)
}

// ConfigWithProvider is Config with the provider block's content given.
func (e *Env) ConfigWithProvider(providerBody, body string) string {
	return fmt.Sprintf(`terraform {
  required_providers {
    gitauth = {
      source = "gitauth-dev/gitauth"
    }%s
  }
}

provider "gitauth" {%s
}
%s`, echoRequirement(body), providerBody, body)
}

// ImportBlock is an import block of the resource at to by its ID, as users write it: a type that
// does not start with gitauth_ names its provider, as its resource block does, since OpenTofu takes
// an import block's provider from the import block alone (Terraform accepts one that matches the
// resource's).
func ImportBlock(to, id string) string {
	return importBlock(to, fmt.Sprintf("id = %q", id))
}

// ImportByIdentity is ImportBlock by identity (Terraform 1.12 and later), its attributes given as
// HCL, such as `project = "demo/app", token_id = 2`.
func ImportByIdentity(to, identity string) string {
	return importBlock(to, "identity = { "+identity+" }")
}

func importBlock(to, by string) string {
	provider := ""
	if !strings.HasPrefix(to, "gitauth_") {
		provider = "\n  provider = gitauth"
	}
	return fmt.Sprintf("\nimport {%s\n  to = %s\n  %s\n}\n", provider, to, by)
}

// echoRequirement declares echo, which checks ephemeral results, for a body that uses it. The test
// framework serves every provider under one namespace.
func echoRequirement(body string) string {
	if !strings.Contains(body, `provider "echo"`) {
		return ""
	}
	return `
    echo = {
      source = "gitauth-dev/echo"
    }`
}

// Clock is a settable clock, safe for concurrent use.
type Clock struct {
	mu  sync.Mutex
	now time.Time
}

// NewClock returns a clock stopped at t.
func NewClock(t time.Time) *Clock { return &Clock{now: t} }

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Advance moves the clock forward by d.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// Date formats the clock's day plus days as YYYY-MM-DD.
func (c *Clock) Date(days int) string {
	return c.Now().UTC().AddDate(0, 0, days).Format(time.DateOnly)
}

// RunLeavingNothing runs steps as one parallel acceptance test against the test's mock, and
// asserts after the final destroy that the mock holds no working credential Terraform made
// (NothingLeft). It skips the test below the provider's floor, Terraform 1.11 (write-only
// attributes need it, ephemeral resources 1.10), and for the checks given, such as Needs for a test
// of a newer engine's feature.
func (e *Env) RunLeavingNothing(t *testing.T, steps []resource.TestStep, checks ...tfversion.TerraformVersionCheck) {
	t.Helper()
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		CheckDestroy:             e.NothingLeft,
		Steps:                    steps,
		TerraformVersionChecks:   append([]tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_11_0)}, checks...),
	})
}
