package developerconnect_test

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/gitauth-dev/terraform-provider-gitauth/internal/acctest"
	"github.com/gitauth-dev/terraform-provider-gitauth/internal/mockapi"
)

// echoed is a read token of link, copied into echo.token's data.
func echoed(link string) string {
	return fmt.Sprintf(`
ephemeral "developerconnect_read_token" "app" {
  provider            = gitauth
  git_repository_link = %q
}

provider "echo" {
  data = ephemeral.developerconnect_read_token.app
}

resource "echo" "token" {}
`, link)
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
			env.Run(t, []resource.TestStep{{
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
			env.Run(t, []resource.TestStep{{
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
	env := acctest.New(t)
	env.Mock.InjectFault(mockapi.RouteDeveloperConnectFetch, 1, mockapi.Fault{Status: http.StatusTooManyRequests, RetryAfter: "1"})
	env.Mock.InjectFault(mockapi.RouteDeveloperConnectFetch, 1, mockapi.Fault{Status: http.StatusBadGateway})
	env.Run(t, []resource.TestStep{{
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
	env.Run(t, []resource.TestStep{
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
	env.Run(t, []resource.TestStep{{
		Config: env.Config(`
resource "terraform_data" "link" {
  input = "` + mockapi.DeveloperConnectGitHubLink + `"
}
` + echoed("${terraform_data.link.output}")),
		ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
			acctest.PlanCheck(func(*tfjson.Plan) error {
				if n := env.Mock.Calls(mockapi.RouteDeveloperConnectFetch); n != 0 {
					return fmt.Errorf("the plan made %d fetch calls with an unknown link", n)
				}
				return nil
			}),
		}},
		ConfigStateChecks: []statecheck.StateCheck{lastIssued(env, mockapi.DeveloperConnectGitHubLink)},
	}})
}

// The endpoint may end in v1/, as the Google provider's custom endpoints do, or not.
func TestAccReadToken_endpointForms(t *testing.T) {
	for _, suffix := range []string{"v1/", "v1", ""} {
		t.Run("suffix "+suffix, func(t *testing.T) {
			env := acctest.New(t)
			env.Run(t, []resource.TestStep{{
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

// Provider settings known only at apply: the plan makes no call and the token is unknown; the
// apply fetches it.
func TestAccReadToken_providerSettingsUnknownAtPlan(t *testing.T) {
	env := acctest.New(t)
	env.Run(t, []resource.TestStep{{
		Config: env.ConfigWithProvider(fmt.Sprintf(`
  developerconnect {
    endpoint     = %q
    access_token = terraform_data.token.output
  }`, env.DeveloperConnectURL()), `
resource "terraform_data" "token" {
  input = "`+mockapi.DeveloperConnectToken+`"
}
`+echoed(mockapi.DeveloperConnectGitHubLink)),
		ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
			acctest.PlanCheck(func(*tfjson.Plan) error {
				if n := env.Mock.Calls(mockapi.RouteDeveloperConnectFetch); n != 0 {
					return fmt.Errorf("the plan made %d fetch calls with an unknown access token", n)
				}
				return nil
			}),
		}},
		ConfigStateChecks: []statecheck.StateCheck{lastIssued(env, mockapi.DeveloperConnectGitHubLink)},
	}})
}
