package acctest

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
)

// DevBuild builds the provider into dir/bin and writes dir/cli.tfrc, a Terraform CLI configuration
// whose dev_overrides point the provider's address at that build, so Terraform uses it without a
// registry or init. It returns the CLI configuration's path, for TF_CLI_CONFIG_FILE.
func DevBuild(dir string) (string, error) {
	bin := filepath.Join(dir, "bin")
	build := exec.Command("go", "build", "-o", filepath.Join(bin, "terraform-provider-gitauth"),
		"github.com/gitauth-dev/terraform-provider-gitauth")
	if out, err := build.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build: %w\n%s", err, out)
	}
	cliConfig := filepath.Join(dir, "cli.tfrc")
	err := os.WriteFile(cliConfig, fmt.Appendf(nil, `provider_installation {
  dev_overrides {
    "gitauth-dev/gitauth" = %q
  }
  direct {}
}
`, bin), 0o600)
	return cliConfig, err
}
