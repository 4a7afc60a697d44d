package gitlab_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/gitauth-dev/terraform-provider-gitauth/internal/acctest"
	"github.com/gitauth-dev/terraform-provider-gitauth/internal/gitlab"
	"github.com/gitauth-dev/terraform-provider-gitauth/internal/mockapi"
)

// Every bad argument is refused at plan time with a message naming the attribute and what is
// allowed, and GitLab sees no call. Today is 2026-03-10 on the test clock.
func TestAccProjectAccessToken_validation(t *testing.T) {
	env := acctest.New(t)
	const projectForms = `must be a numeric project ID such as "42", or the project's full path`
	cases := []struct {
		name, attrs string
		want        string
	}{
		{"unknown scope", `scopes = ["read_repo"]
  expires_at = "2026-06-01"`, `(?s)scopes\[Value\("read_repo"\)\].*value must be one of:.*"read_repository"`},
		{"no scope", `scopes = []
  expires_at = "2026-06-01"`, `(?s)scopes.*set must contain at least 1 elements`},
		{"unknown access level", `scopes = ["api"]
  access_level = "admin"
  expires_at = "2026-06-01"`, `(?s)access_level value must be one of:.*"guest".*"owner"\], got: "admin"`},
		{"malformed date", `scopes = ["api"]
  expires_at = "2026/06/01"`, `(?s)expires_at must be a date in the form YYYY-MM-DD`},
		{"impossible date", `scopes = ["api"]
  expires_at = "2027-02-29"`, `(?s)Impossible date.*expires_at is 2027-02-29, which is not a day of the calendar`},
		{"date today", `scopes = ["api"]
  expires_at = "2026-03-10"`, `(?s)expires_at is 2026-03-10, which is not after today \(2026-03-10\).*Set a later date`},
		{"date too far ahead", `scopes = ["api"]
  expires_at = "9999-12-31"`, `(?s)expires_at is 9999-12-31; GitLab allows at most 365 days ahead, that is.*2027-03-10 or earlier`},
		{"both expiries", `scopes = ["api"]
  expires_at = "2026-06-01"
  rotation_configuration = { expiration_days = 30, rotate_before_days = 7 }`, `(?s)Exactly one of these attributes must be configured:.*expires_at,rotation_configuration`},
		{"no expiry", `scopes = ["api"]`, `(?s)Exactly one of these attributes must be configured:.*expires_at,rotation_configuration`},
		{"rotation never settles", `scopes = ["api"]
  rotation_configuration = { expiration_days = 30, rotate_before_days = 30 }`, `(?s)rotate_before_days \(30\) must be less than.*expiration_days \(30\)`},
		{"lifetime too long", `scopes = ["api"]
  rotation_configuration = { expiration_days = 400, rotate_before_days = 7 }`, `(?s)expiration_days must be from 1 to 365; got 400`},
		{"fraction of a day", `scopes = ["api"]
  rotation_configuration = { expiration_days = 1.5, rotate_before_days = 1 }`, `(?s)expiration_days must be a whole number of days; got 1.5`},
		{"negative days", `scopes = ["api"]
  rotation_configuration = { expiration_days = 30, rotate_before_days = -3 }`, `(?s)rotate_before_days cannot be negative; got -3`},
		{"name of a no-break space", `name = "\u00a0"
  scopes = ["api"]
  expires_at = "2026-06-01"`, `(?s)name must not be blank`},
		{"name of a zero-width space", `name = "\u200b"
  scopes = ["api"]
  expires_at = "2026-06-01"`, `(?s)name must not be blank`},
		{"blank name", `name = "   "
  scopes = ["api"]
  expires_at = "2026-06-01"`, `(?s)name must not be blank`},
		{"name of 256 characters", `name = "` + strings.Repeat("é", 256) + `"
  scopes = ["api"]
  expires_at = "2026-06-01"`, `name UTF-8 character count must be between 1 and 255, got: 256`},
	}
	for _, project := range []string{"", "  ", "/demo/app", "demo/app/", "https://gitlab.example.com/demo/app", "demo%2Fapp", "app", "0"} {
		cases = append(cases, struct{ name, attrs, want string }{"project " + project, fmt.Sprintf(`project = %q
  scopes = ["api"]
  expires_at = "2026-06-01"`, project), `(?s)project ` + projectForms})
	}
	steps := make([]resource.TestStep, 0, len(cases)+1)
	for _, c := range cases {
		attrs := c.attrs
		if !strings.Contains(attrs, "project =") {
			attrs = `project = "demo/app"
  ` + attrs
		}
		if !strings.Contains(attrs, "name =") {
			attrs = `name = "ci"
  ` + attrs
		}
		steps = append(steps, resource.TestStep{
			Config: env.Config(fmt.Sprintf(`
resource "gitlab_project_access_token" "ci" {
  provider = gitauth
  %s
}
`, attrs)),
			PlanOnly:    true,
			ExpectError: acctest.Error(c.want),
		})
	}
	// 255 characters of two bytes each are fine: lengths count characters.
	steps = append(steps, resource.TestStep{
		Config:             strings.Replace(tokenConfig(env, `expires_at = "2026-06-01"`), `name        = "ci"`, `name = "`+strings.Repeat("é", 255)+`"`, 1),
		PlanOnly:           true,
		ExpectNonEmptyPlan: true,
	})
	for _, id := range []string{"demo/app-42", "demo/app:x", ":42", "/demo/app:42", "demo/app:-1", "1:+9", "1:09"} {
		steps = append(steps, resource.TestStep{
			Config:        tokenConfig(env, `expires_at = "2026-06-01"`),
			ResourceName:  addr,
			ImportState:   true,
			ImportStateId: id,
			ExpectError:   acctest.Error(`Expected <project>:<token_id>, such as "demo/app:42"`),
		})
	}
	resource.ParallelTest(t, resource.TestCase{ProtoV6ProviderFactories: env.Factories(), Steps: steps})
	if calls := env.Mock.AllCalls(); len(calls) != 0 {
		t.Errorf("invalid configurations reached GitLab: %v", calls)
	}
}

// A plan that creates a token fails at plan time when the GitLab settings the apply needs are
// missing or malformed, so that a CI plan job does not pass for an apply bound to fail.
func TestAccProjectAccessToken_settingsCheckedAtPlan(t *testing.T) {
	env := acctest.New(t)
	t.Setenv(gitlab.TokenEnv, "")
	t.Setenv(gitlab.BaseURLEnv, "")
	body := tokenConfig(env, `expires_at = "2026-06-01"`)
	body = body[strings.Index(body, "\nresource"):]
	cases := map[string]string{
		fmt.Sprintf(`base_url = %q`, env.GitLabURL()): `(?s)Missing GitLab token.*gitlab.token.*GITLAB_TOKEN`,
		fmt.Sprintf(`base_url = %q
    token = ""`, env.GitLabURL()): `(?s)Missing GitLab token`,
		fmt.Sprintf(`base_url = " %s"
    token = "x"`, env.GitLabURL()): `(?s)Invalid gitlab.base_url.*gitlab.base_url must not start or end with white space`,
		fmt.Sprintf(`base_url = %q
    token = "x\n"`, env.GitLabURL()): `(?s)gitlab.token must not start or end with white space \(for a file's content, use trimspace\(file\(...\)\)\)`,
		`base_url = "gitlab.example.com/api/v4"
    token = "x"`: `(?s)must be an absolute http or https URL such as.*"https://gitlab.com/api/v4"`,
		fmt.Sprintf(`base_url = %q
    token = "x"
    cacert_file = "/nonexistent/ca.pem"`, env.GitLabURL()): `(?s)Invalid gitlab.cacert_file.*cannot read CA file`,
	}
	var steps []resource.TestStep
	for block, want := range cases {
		steps = append(steps, resource.TestStep{
			Config:      env.ConfigWithProvider("\n  gitlab {\n    "+block+"\n  }", body),
			PlanOnly:    true,
			ExpectError: acctest.Error(want),
		})
	}
	resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: env.Factories(), Steps: steps})
	if calls := env.Mock.AllCalls(); len(calls) != 0 {
		t.Errorf("bad settings reached GitLab: %v", calls)
	}
}

// The provider's lists follow GitLab's, as the mock holds them.
func TestScopesAndAccessLevelsFollowGitLab(t *testing.T) {
	if !slices.Equal(slices.Sorted(slices.Values(gitlab.Scopes)), slices.Sorted(slices.Values(mockapi.GitLabScopes))) {
		t.Errorf("scopes differ:\nprovider %v\nGitLab   %v", gitlab.Scopes, mockapi.GitLabScopes)
	}
	if got := gitlab.AccessLevelValues(); fmt.Sprint(got) != fmt.Sprint(mockapi.GitLabAccessLevels) {
		t.Errorf("access levels differ: provider %v, GitLab %v", got, mockapi.GitLabAccessLevels)
	}
}
