package devenv

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"slices"
	"strings"
	"time"
)

// Terraform runs the engine (Engine: terraform, or the binary TF_ACC_TERRAFORM_PATH names) with a
// fixed environment.
type Terraform struct {
	Env []string
}

// With returns a Terraform whose environment also holds kv, such as "TF_VAR_x=1"; a variable
// given again takes the new value.
func (t *Terraform) With(kv ...string) *Terraform {
	return &Terraform{Env: append(slices.Clone(t.Env), kv...)}
}

// Command returns the engine with args, run in dir when not empty. When ctx ends, Terraform is
// interrupted as on Ctrl-C, so that it stops cleanly rather than being killed mid-write.
func (t *Terraform) Command(ctx context.Context, dir string, args ...string) *exec.Cmd {
	if dir != "" {
		args = append([]string{"-chdir=" + dir}, args...)
	}
	cmd := exec.CommandContext(ctx, Engine(), args...)
	cmd.Env = t.Env
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.WaitDelay = 30 * time.Second
	return cmd
}

// foreign are the prefixes of the caller's variables that would change what a run against the mock
// does: Terraform's own (TF_CLI_ARGS_plan=-refresh=false, TF_VAR_*, TF_LOG...) and the credentials
// and settings the provider reads (an HW_ACCESS_KEY switches ServiceStage to signed requests).
var foreign = []string{"TF_", "GITLAB_", "HW_", "GOOGLE_", "GITAUTH_", "GCE_METADATA", "CLOUDSDK_"}

// Environ is the caller's environment without foreign, for a terraform command whose settings the
// caller gives.
func Environ() []string {
	return slices.DeleteFunc(os.Environ(), func(kv string) bool {
		return slices.ContainsFunc(foreign, func(prefix string) bool { return strings.HasPrefix(strings.ToUpper(kv), prefix) })
	})
}

// TerraformEnv is the environment of a terraform command run against the mock command at mockURL:
// Environ, the mock's settings and credentials, the CLI configuration whose dev_overrides use the
// fresh build, and a fixed clock for the provider.
func TerraformEnv(cliConfig, mockURL string) []string {
	env := Environ()
	for _, kv := range MockEnv(mockURL) {
		env = append(env, kv[0]+"="+kv[1])
	}
	return append(env,
		"TF_CLI_CONFIG_FILE="+cliConfig,
		"TF_IN_AUTOMATION=1",
		// The provider's "today" stays the day the run started, so that a run that crosses
		// midnight plans no rotation. The mock keeps the real clock, which is the same day or one
		// later: GitLab tokens expire 30 days after it (rotation_configuration), well within its
		// 365-day limit either way.
		"GITAUTH_NOW="+time.Now().UTC().Truncate(time.Second).Format(time.RFC3339),
	)
}

// ExitCode returns the exit code of a finished command, 0 for no error and -1 for a command that
// could not be run.
func ExitCode(err error) int {
	var exit *exec.ExitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &exit):
		return exit.ExitCode()
	}
	return -1
}
