package servicestage_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/gitauth-dev/terraform-provider-gitauth/internal/acctest"
	"github.com/gitauth-dev/terraform-provider-gitauth/internal/servicestage"
)

// Every bad argument is refused at plan time with a message naming the attribute and what is
// allowed, and ServiceStage sees no call.
func TestAccPrivateToken_validation(t *testing.T) {
	env := acctest.New(t)
	const nameRule = `name must be 4 to 63 characters, each a letter, a digit, ".", "_" or "-"`
	cases := map[string]string{
		`name = "ci"`: nameRule,
		`name = "` + strings.Repeat("a", 64) + `"`: nameRule,
		`name = "ci github"`:                       nameRule,
		`name = "ci/github"`:                       nameRule,
		`name = "ci-gïthub"`:                       nameRule,
		`repo_type = "GitHub"`:                     `repo_type value must be one of: \["github" "gitlab"\], got: "GitHub"`,
		`repo_type = "bitbucket"`:                  `repo_type value must be one of: \["github" "gitlab"\]`,
		`host = "github.com/tom"`:                  `host must be an absolute http or https URL such as "https://github.com/my-org"; got "github.com/tom"`,
		`host = "ftp://github.com"`:                `host must be an absolute http or https URL`,
		`token = ""`:                               `token must not be blank`,
		`token = " \u200b "`:                       `token must not be blank`,
		`token = "ghp_x\n"`:                        `token must not start or end with white space \(a file's final newline: use trimspace\(file\(...\)\)\)`,
		`token_wo = " ghp_x"
  token_wo_version = 1`: `token_wo must not start or end with white space`,
		`project_id = "0123456789ABCDEF0123456789ABCDEF"`: `project_id must be a project ID: 32 lower-case hexadecimal digits`,
		`project_id = "my-project"`:                       `project_id must be a project ID`,
		`token = "x"
  token_wo = "y"
  token_wo_version = 1`: `Exactly one of these attributes must be configured: \[token,token_wo\]`,
		`token_wo = "y"`:       `These attributes must be configured together: \[token_wo,token_wo_version\]`,
		`token_wo_version = 1`: `Exactly one of these attributes must be configured: \[token,token_wo\]`,
		`token_wo = ""
  token_wo_version = 1`: `token_wo must not be blank`,
	}
	var steps []resource.TestStep
	for line, want := range cases {
		attrs := map[string]string{"name": `name = "ci-github"`, "repo_type": `repo_type = "github"`, "token": `token = "ghp_x"`}
		key := strings.TrimSpace(line[:strings.Index(line, "=")])
		if strings.HasPrefix(key, "token") {
			delete(attrs, "token")
		}
		attrs[key] = line
		var body strings.Builder
		for _, a := range attrs {
			body.WriteString("  " + a + "\n")
		}
		steps = append(steps, resource.TestStep{
			Config:      env.Config("resource \"gitauth_private_token\" \"ci\" {\n" + body.String() + "}\n"),
			PlanOnly:    true,
			ExpectError: acctest.Error(want),
		})
	}
	for _, id := range []string{"ci", "a b c d", "0123/ci-github", project + "/", project + "/ci", "/ci-github", project + "/ci-github/x"} {
		steps = append(steps, resource.TestStep{
			Config:        tokenConfig(env, `token = "ghp_x"`),
			ResourceName:  addr,
			ImportState:   true,
			ImportStateId: id,
			ExpectError:   acctest.Error(`Expected <name> \(in the provider's project\) or <project_id>/<name>`),
		})
	}
	resource.ParallelTest(t, resource.TestCase{ProtoV6ProviderFactories: env.Factories(), Steps: steps})
	if calls := env.Mock.AllCalls(); len(calls) != 0 {
		t.Errorf("invalid configurations reached ServiceStage: %v", calls)
	}
}

// A plan that creates an authorization fails at plan time when the settings the apply needs are
// missing or malformed, so that a CI plan job does not pass for an apply bound to fail.
func TestAccPrivateToken_settingsCheckedAtPlan(t *testing.T) {
	env := acctest.New(t)
	for _, v := range []string{servicestage.RegionEnv, servicestage.ProjectIDEnv, servicestage.AuthTokenEnv,
		servicestage.AccessKeyEnv, servicestage.SecretKeyEnv, servicestage.SecurityTokenEnv, servicestage.EndpointEnv} {
		t.Setenv(v, "")
	}
	body := tokenConfig(env, `token = "ghp_x"`)
	body = body[strings.Index(body, "\nresource"):]
	endpoint := fmt.Sprintf("endpoint = %q\n    project_id = %q", env.ServiceStageURL(), project)
	cases := map[string]string{
		endpoint: `Missing ServiceStage credentials.*servicestage.auth_token \(or HW_AUTH_TOKEN\), or servicestage.access_key and ` +
			`servicestage.secret_key \(or HW_ACCESS_KEY and HW_SECRET_KEY`,
		endpoint + "\n    auth_token = \"  \"":                                                                `Missing ServiceStage credentials`,
		endpoint + "\n    access_key = \"AK\"":                                                                `Missing ServiceStage secret key.*servicestage.secret_key \(or HW_SECRET_KEY\)`,
		endpoint + "\n    secret_key = \"SK\"":                                                                `Missing ServiceStage access key.*servicestage.access_key \(or HW_ACCESS_KEY\)`,
		"auth_token = \"t\"\n    project_id = \"" + project + "\"":                                            `Missing ServiceStage region.*servicestage.region \(or HW_REGION_NAME\).*servicestage.endpoint`,
		"auth_token = \"t\"\n    region = \"Beijing\"":                                                        `servicestage.region.*must be a region name such as cn-north-4`,
		"auth_token = \"t\"\n    endpoint = \"servicestage.example.com\"":                                     `servicestage.endpoint \(or GITAUTH_SERVICESTAGE_ENDPOINT\) must be an absolute http or https URL`,
		fmt.Sprintf("auth_token = \"t\"\n    endpoint = \"%s?x=1\"", env.ServiceStageURL()):                   `must be an absolute http or https URL such as.*without spaces, query or fragment`,
		fmt.Sprintf("auth_token = \"t\"\n    endpoint = %q", env.ServiceStageURL()):                           `Missing ServiceStage project.*Set project_id on this resource, or servicestage.project_id \(or HW_PROJECT_ID\)`,
		fmt.Sprintf("auth_token = \"t\"\n    endpoint = %q\n    project_id = \"abc\"", env.ServiceStageURL()): `servicestage.project_id must be a project ID`,
	}
	var steps []resource.TestStep
	for block, want := range cases {
		steps = append(steps, resource.TestStep{
			Config:      env.ConfigWithProvider("\n  servicestage {\n    "+block+"\n  }", body),
			PlanOnly:    true,
			ExpectError: acctest.Error(want),
		})
	}
	resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: env.Factories(), Steps: steps})
	if calls := env.Mock.AllCalls(); len(calls) != 0 {
		t.Errorf("bad settings reached ServiceStage: %v", calls)
	}
}
