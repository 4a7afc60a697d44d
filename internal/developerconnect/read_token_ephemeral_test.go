package developerconnect_test

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/gitauth-dev/terraform-provider-gitauth/internal/dev/acctest"
	"github.com/gitauth-dev/terraform-provider-gitauth/internal/dev/devenv"
	"github.com/gitauth-dev/terraform-provider-gitauth/internal/dev/mockapi"
)

// echoed is a read token of link, copied into echo.token's data; lines are added to its block.
func echoed(link string, lines ...string) string {
	return fmt.Sprintf(`
ephemeral "developerconnect_read_token" "app" {
  provider            = gitauth
  git_repository_link = %q
%s}

provider "echo" {
  data = ephemeral.developerconnect_read_token.app
}

resource "echo" "token" {}
`, link, strings.Join(append(lines, ""), "\n"))
}

// lastIssued checks that echo holds the token the mock issued last for the link.
func lastIssued(env *acctest.Env, link string) statecheck.StateCheck {
	return statecheck.ExpectKnownValue("echo.token", tfjsonpath.New("data").AtMapKey("token"), knownvalue.StringFunc(func(got string) error {
		issued := env.Mock.DeveloperConnectIssued()
		for i := len(issued) - 1; i >= 0; i-- {
			if issued[i].Link == link {
				if issued[i].Token != got {
					return fmt.Errorf("token is not the one issued last for %s", link)
				}
				return nil
			}
		}
		return fmt.Errorf("no token was issued for %s", link)
	}))
}

// fetchesNothing is a plan check that the plan made no fetch call, as the unknown value stops it.
func fetchesNothing(env *acctest.Env, unknown string) plancheck.PlanCheck {
	return acctest.PlanCheck(func(*tfjson.Plan) error {
		if n := env.Mock.Calls(mockapi.RouteDeveloperConnectFetch); n != 0 {
			return fmt.Errorf("the plan made %d fetch calls with an unknown %s", n, unknown)
		}
		return nil
	})
}

// Each seeded link answers its own git user and expiry form: Z with nanoseconds, an offset, or none.
func TestAccReadToken_values(t *testing.T) {
	cases := map[string]struct {
		link, user string
		expiry     knownvalue.Check
	}{
		"github":    {mockapi.DeveloperConnectGitHubLink, "x-access-token", knownvalue.StringRegexp(regexp.MustCompile(`^2026-03-10T10:30:00\.\d{9}Z$`))},
		"gitlab":    {mockapi.DeveloperConnectGitLabLink, "oauth2", knownvalue.StringRegexp(regexp.MustCompile(`^2026-03-10T10:30:00(\.\d+)?\+00:00$`))},
		"bitbucket": {mockapi.DeveloperConnectBitbucketLink, "x-token-auth", knownvalue.Null()},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			env := acctest.New(t)
			data := tfjsonpath.New("data")
			env.RunLeavingNothing(t, []resource.TestStep{{
				Config: env.Config(echoed(c.link)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("echo.token", data.AtMapKey("git_repository_link"), knownvalue.StringExact(c.link)),
					statecheck.ExpectKnownValue("echo.token", data.AtMapKey("git_username"), knownvalue.StringExact(c.user)),
					statecheck.ExpectKnownValue("echo.token", data.AtMapKey("expiration_time"), c.expiry),
					lastIssued(env, c.link),
				},
			}})
		})
	}
}

// Google's errors show the status and what to do next.
func TestAccReadToken_googleErrors(t *testing.T) {
	acctest.EngineIndependent(t)
	unknown := "projects/demo/locations/us-central1/connections/github/gitRepositoryLinks/nope"
	cases := map[string]struct {
		token, link string
		fault       int
		want        string
	}{
		"unauthenticated": {"not-a-token", mockapi.DeveloperConnectGitHubLink, 0,
			`answered 401 Unauthorized \[UNAUTHENTICATED\].*Google refused the credentials: check developerconnect.access_token`},
		"permission denied": {mockapi.DeveloperConnectTokenNoIAM, mockapi.DeveloperConnectGitHubLink, 0,
			`answered 403 Forbidden \[PERMISSION_DENIED\].*lack the IAM permission developerconnect.gitRepositoryLinks.fetchReadToken`},
		"not found": {mockapi.DeveloperConnectToken, unknown, 0,
			`answered 404 Not Found \[NOT_FOUND\].*Check git_repository_link`},
		"unavailable": {mockapi.DeveloperConnectToken, mockapi.DeveloperConnectGitHubLink, http.StatusServiceUnavailable,
			`answered 503 Service Unavailable \[UNAVAILABLE\].*busy or unavailable; run the command again later`},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			env := acctest.New(t)
			if c.fault != 0 {
				env.Mock.InjectFault(mockapi.RouteDeveloperConnectFetch, 10, mockapi.Fault{Status: c.fault})
			}
			env.RunLeavingNothing(t, []resource.TestStep{{
				Config: env.ConfigWithProvider(fmt.Sprintf(`
  developerconnect {
    endpoint     = %q
    access_token = %q
  }`, env.DeveloperConnectURL(), c.token), echoed(c.link)),
				ExpectError: acctest.Error(`Cannot fetch a read token of ` + c.link + `.*Developer Connect ` + c.want),
			}})
		})
	}
}

// A rate limit is waited out: the fetch is safe to repeat, though it is a POST.
func TestAccReadToken_rateLimitThenSuccess(t *testing.T) {
	acctest.EngineIndependent(t)
	env := acctest.New(t)
	env.Mock.InjectFault(mockapi.RouteDeveloperConnectFetch, 1, mockapi.Fault{Status: http.StatusTooManyRequests, RetryAfter: "1"})
	env.Mock.InjectFault(mockapi.RouteDeveloperConnectFetch, 1, mockapi.Fault{Status: http.StatusBadGateway})
	env.RunLeavingNothing(t, []resource.TestStep{{
		Config:            env.Config(echoed(mockapi.DeveloperConnectGitHubLink)),
		ConfigStateChecks: []statecheck.StateCheck{lastIssued(env, mockapi.DeveloperConnectGitHubLink)},
	}})
}

// A plan opens each ephemeral block once: one fetch call per block.
func TestAccReadToken_oneFetchPerBlockPerPlan(t *testing.T) {
	env := acctest.New(t)
	config := env.Config(echoed(mockapi.DeveloperConnectGitHubLink) + `
ephemeral "developerconnect_read_token" "lab" {
  provider            = gitauth
  git_repository_link = "` + mockapi.DeveloperConnectGitLabLink + `"
}
`)
	var before int
	env.RunLeavingNothing(t, []resource.TestStep{
		{Config: config},
		{
			PreConfig: func() { before = env.Mock.Calls(mockapi.RouteDeveloperConnectFetch) },
			Config:    config,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				acctest.PlanCheck(func(*tfjson.Plan) error {
					if n := env.Mock.Calls(mockapi.RouteDeveloperConnectFetch) - before; n != 2 {
						return fmt.Errorf("the plan made %d fetch calls, want 2: one per ephemeral block", n)
					}
					return nil
				}),
			}},
		},
	})
}

// A link known only at apply: the plan makes no call and shows the result as unknown.
func TestAccReadToken_unknownAtPlan(t *testing.T) {
	env := acctest.New(t)
	env.RunLeavingNothing(t, []resource.TestStep{{
		Config: env.Config(`
resource "terraform_data" "link" {
  input = "` + mockapi.DeveloperConnectGitHubLink + `"
}
` + echoed("${terraform_data.link.output}")),
		ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{fetchesNothing(env, "link")}},
		ConfigStateChecks: []statecheck.StateCheck{lastIssued(env, mockapi.DeveloperConnectGitHubLink)},
	}})
}

// The endpoint may end in v1/, as the Google provider's custom endpoints do, or not.
func TestAccReadToken_endpointForms(t *testing.T) {
	acctest.EngineIndependent(t)
	for _, suffix := range []string{"v1/", "v1", ""} {
		t.Run("suffix "+suffix, func(t *testing.T) {
			env := acctest.New(t)
			env.RunLeavingNothing(t, []resource.TestStep{{
				Config: env.ConfigWithProvider(fmt.Sprintf(`
  developerconnect {
    endpoint     = %q
    access_token = %q
  }`, strings.TrimSuffix(env.DeveloperConnectURL(), "/")+"/"+suffix, mockapi.DeveloperConnectToken), echoed(mockapi.DeveloperConnectGitHubLink)),
				ConfigStateChecks: []statecheck.StateCheck{lastIssued(env, mockapi.DeveloperConnectGitHubLink)},
			}})
		})
	}
}

// Provider settings known only at apply. With depends_on on the resource they come from, as the
// docs advise, every engine plans without a fetch, and the apply fetches the token. Without it,
// Terraform plans the token as unknown, and OpenTofu refuses an unknown ephemeral result.
func TestAccReadToken_providerSettingsUnknownAtPlan(t *testing.T) {
	for name, lines := range map[string][]string{"depends_on": {"  depends_on = [terraform_data.token]"}, "no depends_on": nil} {
		t.Run(name, func(t *testing.T) {
			env := acctest.New(t)
			step := resource.TestStep{
				Config: env.ConfigWithProvider(fmt.Sprintf(`
  developerconnect {
    endpoint     = %q
    access_token = terraform_data.token.output
  }`, env.DeveloperConnectURL()), `
resource "terraform_data" "token" {
  input = "`+mockapi.DeveloperConnectToken+`"
}
`+echoed(mockapi.DeveloperConnectGitHubLink, lines...)),
				ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{fetchesNothing(env, "access token")}},
				ConfigStateChecks: []statecheck.StateCheck{lastIssued(env, mockapi.DeveloperConnectGitHubLink)},
			}
			if lines == nil && devenv.OpenTofu() {
				step = resource.TestStep{Config: step.Config, ExpectError: acctest.Error(`ephemeral.developerconnect_read_token.app that is not wholly known`)}
			}
			env.RunLeavingNothing(t, []resource.TestStep{step})
		})
	}
}

// A plan whose provider settings are not known yet gets an unknown token, no call, and a warning
// that says why and what OpenTofu, which refuses the unknown result, needs: depends_on. The
// warning is printed beside OpenTofu's error, which the test framework does not show, so this test
// opens the block through the provider's server as an engine does.
func TestPlanWithUnknownSettingsSaysWhatOpenTofuNeeds(t *testing.T) {
	env := acctest.New(t)
	ctx := context.Background()
	server, schemas := env.Serve(t, map[string]map[string]tftypes.Value{"developerconnect": {
		"endpoint":     tftypes.NewValue(tftypes.String, env.DeveloperConnectURL()),
		"access_token": tftypes.NewValue(tftypes.String, tftypes.UnknownValue),
	}})
	tokenType := schemas.EphemeralResourceSchemas["developerconnect_read_token"].ValueType().(tftypes.Object)
	opened, err := server.OpenEphemeralResource(ctx, &tfprotov6.OpenEphemeralResourceRequest{
		TypeName: "developerconnect_read_token",
		Config: acctest.Dynamic(t, tokenType, map[string]tftypes.Value{
			"git_repository_link": tftypes.NewValue(tftypes.String, mockapi.DeveloperConnectGitHubLink),
		}),
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(opened.Diagnostics) != 1 || opened.Diagnostics[0].Severity != tfprotov6.DiagnosticSeverityWarning ||
		!strings.Contains(opened.Diagnostics[0].Detail, "developerconnect.access_token is not known until apply") ||
		!strings.Contains(opened.Diagnostics[0].Detail, "unless this block already has depends_on = [the resource that developerconnect.access_token comes from], add it") {
		t.Errorf("diagnostics %+v, want one warning naming developerconnect.access_token and depends_on", opened.Diagnostics)
	}
	result, err := opened.Result.Unmarshal(tokenType)
	if err != nil {
		t.Fatal(err)
	}
	var attrs map[string]tftypes.Value
	if err := result.As(&attrs); err != nil {
		t.Fatal(err)
	}
	if attrs["token"].IsKnown() {
		t.Errorf("the token is %v at plan, want unknown", attrs["token"])
	}
	if n := env.Mock.Calls(mockapi.RouteDeveloperConnectFetch); n != 0 {
		t.Errorf("the plan made %d fetch calls with an unknown access token", n)
	}
}
