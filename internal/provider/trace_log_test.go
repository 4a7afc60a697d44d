package provider_test

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gitauth-dev/terraform-provider-gitauth/internal/acctest"
	"github.com/gitauth-dev/terraform-provider-gitauth/internal/devenv"
	"github.com/gitauth-dev/terraform-provider-gitauth/internal/mockapi"
	"github.com/gitauth-dev/terraform-provider-gitauth/internal/provider"
)

// TestAccTraceLogHoldsNoSecret runs the built provider through the Terraform CLI at TF_LOG=trace,
// as a user debugging a CI job would, and checks that no credential of the provider (the GitLab
// token, the IAM token, the secret key and security token of a signing key), no token GitLab
// minted and no token sent to ServiceStage appears in the log or on the terminal.
func TestAccTraceLogHoldsNoSecret(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("set TF_ACC=1: this test runs the Terraform CLI")
	}
	env := acctest.New(t)
	dir := t.TempDir()
	cliConfig, err := devenv.Build(dir)
	if err != nil {
		t.Fatal(err)
	}
	work := filepath.Join(dir, "work")
	key := env.Mock.DeveloperConnectServiceAccountJSON(env.URL + "/developerconnect/token")
	config := env.Config(`
resource "gitlab_project_access_token" "ci" {
  provider   = gitauth
  project    = "demo/app"
  name       = "ci"
  scopes     = ["read_repository"]
  expires_at = "2026-04-01"
}

output "token" {
  value     = gitlab_project_access_token.ci.token
  sensitive = true
}

resource "gitauth_private_token" "by_iam_token" {
  name      = "trace-iam"
  repo_type = "github"
  token     = "ghp_traceTokenInState0000"
}

provider "gitauth" {
  alias = "signed"
  servicestage {
    endpoint       = "` + env.ServiceStageURL() + `"
    project_id     = "` + mockapi.ServiceStageProject + `"
    access_key     = "` + mockapi.ServiceStageTempAccessKey + `"
    secret_key     = "` + mockapi.ServiceStageTempSecretKey + `"
    security_token = "` + mockapi.ServiceStageSecurityToken + `"
  }
}

resource "gitauth_private_token" "signed" {
  provider         = gitauth.signed
  name             = "trace-signed"
  repo_type        = "gitlab"
  token_wo         = "glpat-traceWriteOnly0000"
  token_wo_version = 1
}

provider "gitauth" {
  alias = "google_key"
  developerconnect {
    endpoint    = "` + env.DeveloperConnectURL() + `"
    credentials = ` + fmt.Sprintf("%q", key) + `
  }
}

ephemeral "developerconnect_read_token" "by_key" {
  provider            = gitauth.google_key
  git_repository_link = "` + mockapi.DeveloperConnectGitHubLink + `"
}

ephemeral "developerconnect_read_token" "by_access_token" {
  provider            = gitauth
  git_repository_link = "` + mockapi.DeveloperConnectGitLabLink + `"
}

resource "gitauth_private_token" "from_developer_connect" {
  name             = "trace-dc"
  repo_type        = "gitlab"
  token_wo         = ephemeral.developerconnect_read_token.by_key.token
  token_wo_version = 1
}

data "git_authorizations" "all" {
  provider   = gitauth.signed
  depends_on = [gitauth_private_token.signed, gitauth_private_token.by_iam_token]
}
`)
	if err := os.MkdirAll(work, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(work, "main.tf"), []byte(config), 0o600); err != nil {
		t.Fatal(err)
	}

	var everything strings.Builder
	for _, run := range []struct {
		args []string
		log  string // how the log is asked for
	}{
		{[]string{"apply", "-auto-approve", "-input=false"}, "TF_LOG=trace"},
		// The provider's log alone: the provider must not take it for a run without logs.
		{[]string{"plan", "-input=false"}, "TF_LOG_PROVIDER=trace"},
		{[]string{"output", "-json"}, "TF_LOG=trace"},
		{[]string{"destroy", "-auto-approve", "-input=false"}, "TF_LOG=trace"},
	} {
		args := run.args
		logFile := filepath.Join(dir, args[0]+".log")
		cmd := exec.Command("terraform", append([]string{"-chdir=" + work}, args...)...)
		cmd.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE="+cliConfig, run.log, "TF_LOG_PATH="+logFile,
			// The provider runs out of process: its clock is set to the mock's through the environment.
			provider.NowEnv+"="+env.Clock.Now().Format(time.RFC3339))
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("terraform %s: %v\n%s", args[0], err, out)
		}
		log, _ := os.ReadFile(logFile)
		if args[0] != "output" {
			// Every line comes out when asked for: the SDK's, the framework's and the provider's own.
			for _, line := range []string{"@module=sdk.proto", "@module=sdk.framework", "API request"} {
				if !strings.Contains(string(log), line) {
					t.Errorf("terraform %s with %s: the log holds no line with %q", args[0], run.log, line)
				}
			}
		}
		if args[0] != "output" { // terraform output -json prints sensitive values by design
			everything.Write(out)
		}
		everything.Write(log)
	}

	tokens := env.Mock.GitLabTokens()
	if len(tokens) != 1 {
		t.Fatalf("mock holds %d tokens, want 1", len(tokens))
	}
	secrets := []string{mockapi.GitLabCredential, tokens[0].Value, mockapi.ServiceStageAuthToken, mockapi.ServiceStageTempSecretKey,
		mockapi.ServiceStageSecurityToken, "ghp_traceTokenInState0000", "glpat-traceWriteOnly0000",
		mockapi.DeveloperConnectToken, privateKeyLine(t, key)}
	secrets = append(secrets, env.Mock.DeveloperConnectAccessTokens()...)
	for _, issued := range env.Mock.DeveloperConnectIssued() {
		secrets = append(secrets, issued.Token)
	}
	if len(env.Mock.DeveloperConnectAccessTokens()) == 0 || len(env.Mock.DeveloperConnectIssued()) < 2 {
		t.Error("no token was minted from the key, or fewer than two read tokens were issued: the test would prove less")
	}
	if n := len(env.Mock.ServiceStageAuthorizations(mockapi.ServiceStageProject)); n != 2 {
		t.Errorf("after destroy the ServiceStage project holds %d authorizations, want the 2 seeded", n)
	}
	for _, secret := range secrets {
		if strings.Contains(everything.String(), secret) {
			t.Errorf("a secret reached the trace log or the terminal: %.12s...", secret)
		}
	}
}

// privateKeyLine is a line from the middle of the key file's private key, which must never be logged.
func privateKeyLine(t *testing.T, key []byte) string {
	t.Helper()
	var file struct {
		PrivateKey string `json:"private_key"`
	}
	if err := json.Unmarshal(key, &file); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(file.PrivateKey, "\n")
	return lines[len(lines)/2]
}
