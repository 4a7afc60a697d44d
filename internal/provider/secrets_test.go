package provider_test

import (
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gitauth-dev/terraform-provider-gitauth/internal/dev/acctest"
	"github.com/gitauth-dev/terraform-provider-gitauth/internal/dev/devenv"
	"github.com/gitauth-dev/terraform-provider-gitauth/internal/dev/mockapi"
	"github.com/gitauth-dev/terraform-provider-gitauth/internal/provider"
)

// What the configurations of TestAccTraceLogHoldsNoSecret are given besides the mock's credentials:
// a token Terraform keeps in state, a write-only one, and credentials the mock refuses.
//
//nolint:gosec // G101: made-up secrets, for the test to look for.
const (
	traceTokenInState = "ghp_traceTokenInState0000"
	traceWriteOnly    = "glpat-traceWriteOnly0000"
	traceWrongGitLab  = "glpat-traceWrongCredential0"
	traceWrongIAM     = "MIItraceWrongIAMToken0000"
	traceWrongSecret  = "traceWrongSecretKey0000"
	traceWrongGoogle  = "ya29.traceWrongAccessToken0"
	traceClientSecret = "GOCSPX-traceClientSecret00"
	traceRefreshToken = "1//traceRefreshToken000000"
	traceNotAKeyFile  = "ya29.traceTokenAsCredentials"
)

// traceWorkspace is a Terraform working directory, run through the built provider against one
// test's mock with the configuration's variables set from the environment.
type traceWorkspace struct {
	t       *testing.T
	mock    *mockapi.Server
	url     string // the mock's
	dir     string // holds work/, the configuration, home/, HOME, and key.json
	key     []byte // the mock service account's key file, key.json
	environ []string
	// extra is the environment of the next commands, besides environ.
	extra []string
	// seen is what Terraform printed and logged, errors included: no secret may be in it.
	seen strings.Builder
	runs int // the commands run, which number their logs
}

// newTraceWorkspace writes the configuration testdata/TestAccTraceLogHoldsNoSecret/<config>, with
// the variables every configuration shares, in a fresh directory served by a fresh mock.
func newTraceWorkspace(t *testing.T, cliConfig, config string) *traceWorkspace {
	t.Helper()
	env := acctest.New(t)
	w := &traceWorkspace{t: t, mock: env.Mock, url: env.URL, dir: t.TempDir()}
	w.key = env.Mock.DeveloperConnectServiceAccountJSON(env.URL + "/developerconnect/token")
	testdata := filepath.Join("testdata", "TestAccTraceLogHoldsNoSecret")
	for from, to := range map[string]string{"variables.tf": "work/variables.tf", config: "work/main.tf"} {
		content, err := os.ReadFile(filepath.Join(testdata, from))
		if err != nil {
			t.Fatal(err)
		}
		w.write(to, content)
	}
	w.write("key.json", w.key)
	// An empty HOME holds no gcloud credentials.
	if err := os.Mkdir(w.path("home"), 0o700); err != nil {
		t.Fatal(err)
	}
	w.environ = append(devenv.Environ(), "TF_CLI_CONFIG_FILE="+cliConfig, "HOME="+w.path("home"), "CHECKPOINT_DISABLE=1",
		// The provider runs out of process: its clock is set to the mock's through the environment.
		provider.NowEnv+"="+env.Clock.Now().Format(time.RFC3339))
	for name, value := range w.variables() {
		w.environ = append(w.environ, "TF_VAR_"+name+"="+value)
	}
	return w
}

// variables are the values of variables.tf.
func (w *traceWorkspace) variables() map[string]string {
	authorizedUser, err := json.Marshal(map[string]string{"type": "authorized_user",
		"client_id": "764086051850-trace.apps.googleusercontent.com", "client_secret": traceClientSecret,
		"refresh_token": traceRefreshToken, "token_uri": w.url + "/developerconnect/token"})
	if err != nil {
		w.t.Fatal(err)
	}
	return map[string]string{
		"mock_url": w.url, "key_file": w.path("key.json"), "token_in_state": traceTokenInState,
		"gitlab_token": mockapi.GitLabCredential, "iam_token": mockapi.ServiceStageAuthToken,
		"access_key": mockapi.ServiceStageAccessKey, "secret_key": mockapi.ServiceStageSecretKey,
		"temporary_access_key": mockapi.ServiceStageTempAccessKey, "temporary_secret_key": mockapi.ServiceStageTempSecretKey,
		"security_token": mockapi.ServiceStageSecurityToken, "google_access_token": mockapi.DeveloperConnectToken,
		"google_credentials": string(w.key), "write_only_token": traceWriteOnly,
		"wrong_gitlab_token": traceWrongGitLab, "wrong_iam_token": traceWrongIAM, "wrong_secret_key": traceWrongSecret,
		"wrong_google_access_token": traceWrongGoogle, "google_token_without_permission": mockapi.DeveloperConnectTokenNoIAM,
		"authorized_user": string(authorizedUser), "not_a_key_file": traceNotAKeyFile,
	}
}

// neverStored are the secrets no plan, no state and no log may hold: every credential of the
// provider, right or wrong, write-only and ephemeral tokens, and the OAuth access tokens minted.
func (w *traceWorkspace) neverStored() []string {
	secrets := []string{mockapi.GitLabCredential, mockapi.ServiceStageAuthToken, mockapi.ServiceStageAccessKey,
		mockapi.ServiceStageSecretKey, mockapi.ServiceStageTempAccessKey, mockapi.ServiceStageTempSecretKey,
		mockapi.ServiceStageSecurityToken, mockapi.DeveloperConnectToken, mockapi.DeveloperConnectTokenNoIAM,
		privateKeyLine(w.t, w.key), traceWriteOnly, traceWrongGitLab, traceWrongIAM, traceWrongSecret, traceWrongGoogle,
		traceClientSecret, traceRefreshToken, traceNotAKeyFile}
	secrets = append(secrets, w.mock.DeveloperConnectAccessTokens()...)
	secrets = append(secrets, w.mock.DeveloperConnectAssertions()...)
	for _, issued := range w.mock.DeveloperConnectIssued() {
		secrets = append(secrets, issued.Token)
	}
	return secrets
}

// secrets are neverStored and the sensitive values Terraform keeps in state: the GitLab tokens
// minted and the token of a gitauth_private_token argument.
func (w *traceWorkspace) secrets() []string {
	secrets := append(w.neverStored(), traceTokenInState)
	for _, token := range w.mock.GitLabTokens() {
		secrets = append(secrets, token.Value)
	}
	return secrets
}

// terraform runs a command that must succeed, with TF_LOG=trace.
func (w *traceWorkspace) terraform(args ...string) {
	w.t.Helper()
	w.run("TF_LOG=trace", true, args...)
}

// fails runs a command that must fail, with TF_LOG=trace, and returns its output.
func (w *traceWorkspace) fails(args ...string) string {
	w.t.Helper()
	return w.run("TF_LOG=trace", false, args...)
}

// run runs terraform with args in the workspace, the log asked for by logSetting, and adds what it
// printed and logged to seen. When the command ran the provider, its log must hold every line.
func (w *traceWorkspace) run(logSetting string, succeed bool, args ...string) string {
	w.t.Helper()
	w.runs++
	logFile := w.path(fmt.Sprintf("%d-%s.log", w.runs, args[0]))
	out, err := w.command(slices.Concat(w.extra, []string{logSetting, "TF_LOG_PATH=" + logFile}), args...).CombinedOutput()
	if succeed != (err == nil) {
		w.t.Fatalf("terraform %s (want success: %v): %v\n%s", strings.Join(args, " "), succeed, err, out)
	}
	log, _ := os.ReadFile(logFile)
	if args[0] != "output" { // terraform output -json prints sensitive values by design
		w.seen.Write(out)
	}
	w.seen.Write(log)
	if succeed && args[0] != "output" {
		// Every line comes out when asked for: the SDK's, the framework's and the provider's own.
		for _, line := range []string{"@module=sdk.proto", "@module=sdk.framework", "API request"} {
			if !strings.Contains(string(log), line) {
				w.t.Errorf("terraform %s with %s: the log holds no line with %q", args[0], logSetting, line)
			}
		}
	}
	return string(out)
}

// showJSON returns terraform show -json of args (a saved plan, or none for the state), which
// prints sensitive values by design, so it is not added to seen.
func (w *traceWorkspace) showJSON(args ...string) string {
	w.t.Helper()
	out, err := w.command(w.extra, append([]string{"show", "-json"}, args...)...).Output()
	if err != nil {
		w.t.Fatalf("terraform show -json %s: %v", strings.Join(args, " "), err)
	}
	return string(out)
}

// command is terraform args[0] -no-color args[1:] in the workspace, with the environment extra added.
func (w *traceWorkspace) command(extra []string, args ...string) *exec.Cmd {
	cmd := exec.Command(devenv.Engine(), slices.Concat([]string{"-chdir=" + w.path("work"), args[0], "-no-color"}, args[1:])...)
	cmd.Env = slices.Concat(w.environ, extra)
	return cmd
}

// checkPlan checks terraform show -json of the saved plan, and returns it: it holds no secret that
// must never be stored, and no secret at all once the values it flags as sensitive are removed.
func (w *traceWorkspace) checkPlan(plan string) string {
	w.t.Helper()
	shown := w.showJSON(plan)
	assertNoSecret(w.t, "terraform show -json "+plan, shown, w.neverStored())
	assertNoSecret(w.t, "terraform show -json "+plan+" less its sensitive values", withoutSensitive(w.t, shown), w.secrets())
	return shown
}

// checkState checks that the state, as terraform show -json prints it and as the file holds it,
// has no secret that must never be stored.
func (w *traceWorkspace) checkState() {
	w.t.Helper()
	assertNoSecret(w.t, "terraform show -json", w.showJSON(), w.neverStored())
	state, err := os.ReadFile(w.path("work/terraform.tfstate"))
	if err != nil {
		w.t.Fatal(err)
	}
	assertNoSecret(w.t, "terraform.tfstate", string(state), w.neverStored())
}

// checkSeen checks that no secret reached the logs, the terminal or an error.
func (w *traceWorkspace) checkSeen() {
	w.t.Helper()
	assertNoSecret(w.t, "the trace log, the terminal or an error", w.seen.String(), w.secrets())
}

func (w *traceWorkspace) path(name string) string { return filepath.Join(w.dir, name) }

func (w *traceWorkspace) write(name string, content []byte) {
	w.t.Helper()
	if err := os.MkdirAll(filepath.Dir(w.path(name)), 0o700); err != nil {
		w.t.Fatal(err)
	}
	if err := os.WriteFile(w.path(name), content, 0o600); err != nil {
		w.t.Fatal(err)
	}
}

// assertNoSecret fails the test for each secret text holds, as it is or encoded as a form value
// (an OAuth request body) or inside a JSON string.
func assertNoSecret(t *testing.T, where, text string, secrets []string) {
	t.Helper()
	for _, secret := range secrets {
		quoted, _ := json.Marshal(secret)
		for _, form := range []string{secret, url.QueryEscape(secret), string(quoted[1 : len(quoted)-1])} {
			if strings.Contains(text, form) {
				t.Errorf("a secret reached %s: %.12s...", where, secret)
				break
			}
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

// withoutSensitive returns a plan, as terraform show -json prints it, less every value the plan
// flags as sensitive: in resources' values (sensitive_values), changes (before_sensitive,
// after_sensitive), outputs and input variables.
func withoutSensitive(t *testing.T, shown string) string {
	t.Helper()
	var plan map[string]any
	if err := json.Unmarshal([]byte(shown), &plan); err != nil {
		t.Fatal(err)
	}
	for _, values := range []any{plan["planned_values"], object(plan["prior_state"])["values"]} {
		withoutSensitiveValues(object(values))
	}
	for _, key := range []string{"resource_changes", "resource_drift"} {
		for _, change := range list(plan[key]) {
			withoutSensitiveChange(object(object(change)["change"]))
		}
	}
	for _, change := range object(plan["output_changes"]) {
		withoutSensitiveChange(object(change))
	}
	declared := object(object(object(plan["configuration"])["root_module"])["variables"])
	for name, variable := range object(plan["variables"]) {
		if object(declared[name])["sensitive"] == true {
			delete(object(variable), "value")
		}
	}
	out, err := json.Marshal(plan)
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

// withoutSensitiveValues removes the sensitive values of a state's outputs and resources.
func withoutSensitiveValues(values map[string]any) {
	for _, output := range object(values["outputs"]) {
		if object(output)["sensitive"] == true {
			delete(object(output), "value")
		}
	}
	modules := []any{values["root_module"]}
	for len(modules) > 0 {
		module := object(modules[0])
		modules = append(modules[1:], list(module["child_modules"])...)
		for _, r := range list(module["resources"]) {
			r := object(r)
			r["values"] = masked(r["values"], r["sensitive_values"])
		}
	}
}

func withoutSensitiveChange(change map[string]any) {
	change["before"] = masked(change["before"], change["before_sensitive"])
	change["after"] = masked(change["after"], change["after_sensitive"])
}

// masked is v less what mask, a tree of the same shape, marks true.
func masked(v, mask any) any {
	switch mask := mask.(type) {
	case bool:
		if mask {
			return nil
		}
	case map[string]any:
		values := object(v)
		for key, value := range values {
			values[key] = masked(value, mask[key])
		}
	case []any:
		values := list(v)
		for i := range min(len(values), len(mask)) {
			values[i] = masked(values[i], mask[i])
		}
	}
	return v
}

// object and list read JSON of unknown shape: nil when it is not one.
func object(v any) map[string]any { m, _ := v.(map[string]any); return m }

func list(v any) []any { l, _ := v.([]any); return l }
