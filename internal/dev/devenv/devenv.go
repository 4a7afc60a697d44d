// Package devenv sets up Terraform or OpenTofu (the engine, see Engine) to run this checkout's
// provider: a build and a CLI configuration whose dev_overrides point the provider's address at it,
// so that the engine uses it without a registry or init. The demo, the example checks, the docs generator, the CLI tests and
// `make dev` all go through it.
package devenv

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/gitauth-dev/terraform-provider-gitauth/internal/dev/mockapi"
)

// Build builds the provider into dir/bin and writes dir/cli.tfrc, whose dev_overrides point the
// provider's address on both registries at it, so that Terraform and OpenTofu alike use the build.
// It returns the CLI configuration's path, for TF_CLI_CONFIG_FILE.
func Build(dir string) (string, error) {
	bin := filepath.Join(dir, "bin")
	build := exec.Command("go", "build", "-o", filepath.Join(bin, "terraform-provider-gitauth"),
		"github.com/gitauth-dev/terraform-provider-gitauth")
	if out, err := build.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build: %w\n%s", err, out)
	}
	var overrides strings.Builder
	for _, host := range registryHosts {
		fmt.Fprintf(&overrides, "    %q = %q\n", host+"/gitauth-dev/gitauth", bin)
	}
	cliConfig := filepath.Join(dir, "cli.tfrc")
	err := os.WriteFile(cliConfig, fmt.Appendf(nil, `provider_installation {
  dev_overrides {
%s  }
  direct {}
}
`, overrides.String()), 0o600)
	return cliConfig, err
}

// MockEnv returns, for each API family, the environment variables that point the provider at the
// mock served at url with its valid credentials.
func MockEnv(url string) [][2]string {
	return [][2]string{
		{"GITLAB_BASE_URL", url + "/gitlab/api/v4"},
		{"GITLAB_TOKEN", mockapi.GitLabCredential},
		{"GITAUTH_SERVICESTAGE_ENDPOINT", url},
		{"HW_AUTH_TOKEN", mockapi.ServiceStageAuthToken},
		{"HW_PROJECT_ID", mockapi.ServiceStageProject},
		{"GOOGLE_DEVELOPER_CONNECT_CUSTOM_ENDPOINT", url + "/developerconnect/"},
		{"GOOGLE_OAUTH_ACCESS_TOKEN", mockapi.DeveloperConnectToken},
	}
}
