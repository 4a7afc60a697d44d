package provider_test

import (
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/gitauth-dev/terraform-provider-gitauth/internal/dev/devenv"
	"github.com/gitauth-dev/terraform-provider-gitauth/internal/dev/mockapi"
)

// TestAccTraceLogHoldsNoSecret runs the built provider through the Terraform CLI at TF_LOG=trace,
// as a user debugging a CI job would, with every credential of every family given in each way
// the provider takes it, and commands that fail on purpose. No secret (a credential of the
// provider, right or wrong, a token GitLab minted, a token sent to ServiceStage, a read token or
// OAuth access token Google issued) may appear in the log, on the terminal or in an error.
// terraform show -json of a saved plan may hold a secret only where it flags it as sensitive, and
// neither a plan nor the state may hold a credential, a write-only or ephemeral token, or an
// access token.
func TestAccTraceLogHoldsNoSecret(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("set TF_ACC=1: this test runs the Terraform CLI")
	}
	cliConfig, err := devenv.Build(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	for name, test := range map[string]func(*testing.T, string){
		"settings": traceSettings, "environment": traceEnvironment, "refused": traceRefused, "failed apply": traceFailedApply,
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			test(t, cliConfig)
		})
	}
}

// traceSettings gives every credential through the provider's settings, and application default
// credentials through GOOGLE_APPLICATION_CREDENTIALS. It applies a saved plan, plans again, and
// checks both plans and the state.
func traceSettings(t *testing.T, cliConfig string) {
	w := newTraceWorkspace(t, cliConfig, "settings.tf")
	w.extra = []string{"GOOGLE_APPLICATION_CREDENTIALS=" + w.path("key.json")}
	w.terraform("plan", "-input=false", "-out=create.tfplan")
	// Each of the four ephemeral blocks was opened, and the three without an access token each had one minted.
	if minted, issued := len(w.mock.DeveloperConnectAccessTokens()), len(w.mock.DeveloperConnectIssued()); minted != 3 || issued != 4 {
		t.Errorf("the plan had %d access tokens minted and %d read tokens issued, want 3 and 4", minted, issued)
	}
	w.checkPlan("create.tfplan")
	w.terraform("apply", "-input=false", "create.tfplan")
	// The provider's log alone: the provider must not take it for a run without logs.
	w.run("TF_LOG_PROVIDER=trace", true, "plan", "-input=false", "-out=refresh.tfplan")
	// The check of the plan less its sensitive values proves something only if the plan holds them.
	refresh := w.checkPlan("refresh.tfplan")
	for _, stored := range []string{traceTokenInState, w.mock.GitLabTokens()[0].Value} {
		if !strings.Contains(refresh, stored) {
			t.Errorf("the refresh plan does not hold %.12s..., which is in state", stored)
		}
	}
	w.checkState()
	w.terraform("output", "-json")
	w.terraform("destroy", "-auto-approve", "-input=false")
	if n := len(w.mock.ServiceStageAuthorizations(mockapi.ServiceStageProject)); n != 2 {
		t.Errorf("after destroy the ServiceStage project holds %d authorizations, want the 2 seeded", n)
	}
	w.checkSeen()
}

// traceEnvironment gives every setting through the environment: an IAM token and a Google access
// token to apply, then a temporary signing key and a key file's JSON to plan and destroy.
func traceEnvironment(t *testing.T, cliConfig string) {
	w := newTraceWorkspace(t, cliConfig, "environment.tf")
	for _, kv := range devenv.MockEnv(w.url) {
		w.extra = append(w.extra, kv[0]+"="+kv[1])
	}
	w.terraform("apply", "-auto-approve", "-input=false")
	if minted, issued := len(w.mock.DeveloperConnectAccessTokens()), len(w.mock.DeveloperConnectIssued()); minted != 0 || issued == 0 {
		t.Errorf("apply by GOOGLE_OAUTH_ACCESS_TOKEN had %d access tokens minted and %d read tokens issued, want none and some", minted, issued)
	}
	w.extra = slices.DeleteFunc(w.extra, func(kv string) bool {
		return strings.HasPrefix(kv, "HW_AUTH_TOKEN=") || strings.HasPrefix(kv, "GOOGLE_OAUTH_ACCESS_TOKEN=")
	})
	w.extra = append(w.extra, "HW_ACCESS_KEY="+mockapi.ServiceStageTempAccessKey, "HW_SECRET_KEY="+mockapi.ServiceStageTempSecretKey,
		"HW_SECURITY_TOKEN="+mockapi.ServiceStageSecurityToken, "GOOGLE_CREDENTIALS="+string(w.key))
	w.terraform("plan", "-input=false")
	if minted := len(w.mock.DeveloperConnectAccessTokens()); minted != 1 {
		t.Errorf("a plan by GOOGLE_CREDENTIALS had %d access tokens minted, want 1", minted)
	}
	w.terraform("destroy", "-auto-approve", "-input=false")
	w.checkSeen()
}

// traceRefused plans with credentials the mock refuses, a permission missing and a link that does
// not exist, beside application default credentials from a metadata server.
func traceRefused(t *testing.T, cliConfig string) {
	metadata, asked := metadataServer(t)
	w := newTraceWorkspace(t, cliConfig, "refused.tf")
	w.extra = []string{"GCE_METADATA_HOST=" + metadata}
	wantErrors(t, w.fails("plan", "-input=false"), map[string]int{"ServiceStage answered 401 Unauthorized [APIGW.0301]": 2,
		"Developer Connect answered 401 Unauthorized [UNAUTHENTICATED]": 1, "Developer Connect answered 403 Forbidden [PERMISSION_DENIED]": 1,
		"Developer Connect answered 404 Not Found [NOT_FOUND]": 1, "token endpoint answered 400 Bad Request [unsupported_grant_type]": 1,
		"is neither JSON nor a readable file: no such file or directory.": 1})
	if issued := len(w.mock.DeveloperConnectIssued()); asked.Load() == 0 || issued != 1 {
		t.Errorf("the metadata server was asked %d times, and %d read tokens were issued, want 1", asked.Load(), issued)
	}
	w.checkSeen()
}

// metadataServer serves, as a Compute Engine metadata server, the access token the mock accepts. It
// returns its host and the count of tokens it served.
func metadataServer(t *testing.T) (string, *atomic.Int32) {
	var served atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Metadata-Flavor") != "Google" || !strings.HasSuffix(r.URL.Path, "/service-accounts/default/token") {
			http.NotFound(w, r)
			return
		}
		served.Add(1)
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"access_token":"` + mockapi.DeveloperConnectToken + `","expires_in":3599,"token_type":"Bearer"}`))
	}))
	t.Cleanup(srv.Close)
	return strings.TrimPrefix(srv.URL, "http://"), &served
}

// traceFailedApply applies a plan whose every create fails: refused credentials, a project that
// does not exist, and a 403, with application default credentials from gcloud's file.
func traceFailedApply(t *testing.T, cliConfig string) {
	w := newTraceWorkspace(t, cliConfig, "failed_apply.tf")
	w.write("home/.config/gcloud/application_default_credentials.json", w.key)
	w.mock.InjectPathFault(http.MethodPost, "/v1/"+mockapi.ServiceStageProject+"/git/auths/gitlab/personal", 1,
		mockapi.Fault{Status: http.StatusForbidden})
	wantErrors(t, w.fails("apply", "-auto-approve", "-input=false"), map[string]int{"GitLab answered 401 Unauthorized": 1, "GitLab answered 404 Not Found: 404 Project Not Found": 1,
		"ServiceStage answered 401 Unauthorized [APIGW.0301]": 1, "ServiceStage answered 403 Forbidden": 1})
	if len(w.mock.DeveloperConnectAccessTokens()) == 0 || len(w.mock.GitLabTokens()) != 0 {
		t.Error("no access token was minted from gcloud's file, or a GitLab token was created")
	}
	w.checkSeen()
}

// wantErrors checks that out, a failed command's output, holds each error as many times as given.
func wantErrors(t *testing.T, out string, errors map[string]int) {
	t.Helper()
	out = strings.Join(strings.Fields(out), " ") // Terraform wraps its messages
	for text, n := range errors {
		if got := strings.Count(out, text); got != n {
			t.Errorf("the command failed %d times with %q, want %d:\n%s", got, text, n, out)
		}
	}
}
