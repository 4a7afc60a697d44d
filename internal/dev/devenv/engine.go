package devenv

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"sync"

	"github.com/hashicorp/go-version"
)

// EngineEnv names the Terraform or OpenTofu binary that every run of this repository uses: the
// acceptance tests (terraform-plugin-testing reads the same variable), the demo, the example checks,
// make docs, make bench and make chaos. Unset, they run the terraform on PATH.
const EngineEnv = "TF_ACC_TERRAFORM_PATH"

// Engine is the binary EngineEnv names, else terraform.
func Engine() string {
	if path := os.Getenv(EngineEnv); path != "" {
		return path
	}
	return "terraform"
}

// OpenTofu reports whether Engine is OpenTofu, by the version it prints ("OpenTofu v1.12.6").
var OpenTofu = sync.OnceValue(func() bool {
	cmd := exec.Command(Engine(), "version")
	cmd.Env = append(os.Environ(), "CHECKPOINT_DISABLE=1")
	out, _ := cmd.Output()
	return bytes.Contains(out, []byte("OpenTofu v"))
})

// NewerEngine starts the line a test logs when it runs a feature of an engine newer than the
// provider's floor (Terraform 1.11): make matrix lists those lines, to show such tests ran.
const NewerEngine = "needs a newer engine:"

// registryHosts are the hosts an engine may resolve gitauth-dev/gitauth to: Terraform's registry,
// and OpenTofu's, which OpenTofu assumes for an address without a host.
var registryHosts = []string{"registry.terraform.io", "registry.opentofu.org"}

// EngineVersion is the version Engine reports of itself, such as 1.15.9.
var EngineVersion = sync.OnceValues(func() (*version.Version, error) {
	cmd := exec.Command(Engine(), "version", "-json")
	cmd.Env = append(os.Environ(), "CHECKPOINT_DISABLE=1", "TF_CLI_CONFIG_FILE=")
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("%s version -json: %w", Engine(), err)
	}
	var v struct {
		Version string `json:"terraform_version"`
	}
	if err := json.Unmarshal(out, &v); err != nil {
		return nil, fmt.Errorf("%s version -json: %w", Engine(), err)
	}
	return version.NewVersion(v.Version)
})
