package devenv

import (
	"slices"
	"strings"
	"testing"
)

// A caller's Terraform arguments, variables and credentials never reach a run against the mock.
func TestTerraformEnvDropsTheCallersSettings(t *testing.T) {
	for _, kv := range [][2]string{{"TF_CLI_ARGS_plan", "-refresh=false"}, {"TF_VAR_round", "9"}, {"HW_ACCESS_KEY", "AK"},
		{"GITLAB_TOKEN", "mine"}, {"GOOGLE_CREDENTIALS", "{}"}, {"tf_log", "trace"}} {
		t.Setenv(kv[0], kv[1])
	}
	env := TerraformEnv("/cli.tfrc", "http://mock")
	for _, kv := range env {
		if kv == "GITLAB_TOKEN=mine" {
			t.Error("the caller's GitLab token reached the run")
		}
		for _, dropped := range []string{"TF_CLI_ARGS_plan=", "TF_VAR_round=", "HW_ACCESS_KEY=", "GOOGLE_CREDENTIALS=", "tf_log="} {
			if strings.HasPrefix(kv, dropped) {
				t.Errorf("%s reached the run", kv)
			}
		}
	}
	for _, want := range []string{"GITLAB_TOKEN=mock-gitlab-token", "TF_CLI_CONFIG_FILE=/cli.tfrc", "PATH="} {
		if !slices.ContainsFunc(env, func(kv string) bool { return strings.HasPrefix(kv, want) }) {
			t.Errorf("no %s in the run's environment", want)
		}
	}
}
