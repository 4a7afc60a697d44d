package provider_test

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/gitauth-dev/terraform-provider-gitauth/internal/dev/acctest"
	"github.com/gitauth-dev/terraform-provider-gitauth/internal/dev/mockapi"
	"github.com/gitauth-dev/terraform-provider-gitauth/internal/developerconnect"
	"github.com/gitauth-dev/terraform-provider-gitauth/internal/gitlab"
	"github.com/gitauth-dev/terraform-provider-gitauth/internal/lean"
	"github.com/gitauth-dev/terraform-provider-gitauth/internal/provider"
	"github.com/gitauth-dev/terraform-provider-gitauth/internal/servicestage"
)

// The five types, and the provider block each reads.
const (
	projectToken   = "gitlab_project_access_token"
	projectTokens  = "gitlab_project_access_tokens"
	privateToken   = "gitauth_private_token"
	authorizations = "git_authorizations"
	readToken      = "developerconnect_read_token"
)

var blockOf = map[string]string{
	projectToken:   gitlab.Name,
	projectTokens:  gitlab.Name,
	privateToken:   servicestage.Name,
	authorizations: servicestage.Name,
	readToken:      developerconnect.Name,
}

// validArgs are arguments of each type that plan without error; a row replaces some of them.
var validArgs = map[string][]string{
	projectToken:   {`provider = gitauth`, `project = "demo/app"`, `name = "ci"`, `scopes = ["read_repository"]`, `expires_at = "2026-06-01"`},
	projectTokens:  {`provider = gitauth`, `project = "demo/app"`},
	privateToken:   {`name = "ci-github"`, `repo_type = "github"`, `token = "ghp_x"`},
	authorizations: {`provider = gitauth`},
	readToken:      {`provider = gitauth`, `git_repository_link = "` + mockapi.DeveloperConnectGitHubLink + `"`},
}

// validSettings are each provider block's settings, pointed at the test's mock.
func validSettings(env *acctest.Env) map[string][]string {
	return map[string][]string{
		gitlab.Name: {fmt.Sprintf("base_url = %q", env.GitLabURL()), fmt.Sprintf("token = %q", mockapi.GitLabCredential)},
		servicestage.Name: {fmt.Sprintf("endpoint = %q", env.ServiceStageURL()),
			fmt.Sprintf("auth_token = %q", mockapi.ServiceStageAuthToken), fmt.Sprintf("project_id = %q", mockapi.ServiceStageProject)},
		developerconnect.Name: {fmt.Sprintf("endpoint = %q", env.DeveloperConnectURL()),
			fmt.Sprintf("access_token = %q", mockapi.DeveloperConnectToken)},
	}
}

// settingEnvs are the environment variables the provider reads, and Google's application default
// credentials, which must never lead a test to a developer's own account. The table clears them all;
// a row that sets one runs alone.
var settingEnvs = []string{
	gitlab.BaseURLEnv, gitlab.TokenEnv,
	servicestage.RegionEnv, servicestage.ProjectIDEnv, servicestage.EndpointEnv, servicestage.AuthTokenEnv,
	servicestage.AccessKeyEnv, servicestage.SecretKeyEnv, servicestage.SecurityTokenEnv,
	developerconnect.EndpointEnv, developerconnect.AccessTokenEnv, developerconnect.CredentialsEnv,
	"GOOGLE_APPLICATION_CREDENTIALS", provider.NowEnv,
}

// importAttr is the attr of a row that imports.
const importAttr = "import ID"

// badInput is one row: a configuration of typ that is valid but for attr.
type badInput struct {
	typ string
	// attr is the argument, provider setting (block.name) or environment variable at fault; want
	// must name it.
	attr string
	// args and settings are lines that replace the type's valid arguments, or its provider block's
	// valid settings, of the same name; "-name" drops one.
	args, settings string
	// env is set for the row only, which then runs alone.
	env map[string]string
	// importID is imported, by an import block, in a row whose attr is importAttr.
	importID string
	// want is the diagnostic, as an acctest.Error pattern.
	want string
}

// each is one row per value of a type's argument.
func each(typ, attr, want string, values ...string) []badInput {
	rows := make([]badInput, len(values))
	for i, v := range values {
		rows[i] = badInput{typ: typ, attr: attr, args: attr + " = " + v, want: want}
	}
	return rows
}

// eachSetting is one row per value of a provider setting, in the block of typ.
func eachSetting(typ, attr, want string, values ...string) []badInput {
	rows := make([]badInput, len(values))
	for i, v := range values {
		rows[i] = badInput{typ: typ, attr: attr, settings: strings.TrimPrefix(attr, blockOf[typ]+".") + " = " + v, want: want}
	}
	return rows
}

// Lists of allowed values, as the diagnostics show them.
const (
	scopeList     = `value must be one of: \["api" "read_api" .*"self_rotate"\]`
	levelList     = `value must be one of: \["guest" "planner" "reporter" "developer" "maintainer" "owner"\]`
	stateList     = `value must be one of: \["active" "inactive"\]`
	projectRule   = `project must be a numeric project ID such as "42", or the project's full path`
	repoTypeList  = `value must be one of: \["github" "gitlab"\]`
	listedList    = `value must be one of: \["github" "gitlab" "gitee" "bitbucket" "devcloud"\]`
	statusList    = `value must be one of: \["normal" "overdue" "unauthenticated"\]`
	projectIDRule = `project_id must be a project ID: 32 lower-case hexadecimal digits`
	linkRule      = `git_repository_link must be the full name of a git repository link, ` +
		`projects/\{project\}/locations/\{location\}/connections/\{connection\}/gitRepositoryLinks/\{link\}`
	noExpiry  = `Missing expiry date.*Set expires_at \(YYYY-MM-DD\) or rotation_configuration`
	twoExpiry = `These attributes cannot be configured together: \[expires_at,rotation_configuration\]`
	twoTokens = `These attributes cannot be configured together: \[token,token_wo\]`
	noToken   = `Missing token.*set token, or token_wo with token_wo_version`
	noBlanks  = `must not start or end with white space \(for a file's content, use trimspace\(file\(...\)\)\)`
)

// badInputs is every bad input the provider refuses when planning. Today is 2026-03-10 on the test
// clock.
func badInputs() []badInput {
	var rows []badInput
	add := func(r ...badInput) { rows = append(rows, r...) }

	// gitlab_project_access_token
	badProjects := []string{`""`, `"  "`, `"\u200b"`, `"/demo/app"`, `"demo/app/"`, `"demo//app"`, `"demo/app "`,
		`"https://gitlab.example.com/demo/app"`, `"demo%2Fapp"`, `"app"`, `"0"`, `"-1"`}
	add(each(projectToken, "project", projectRule, badProjects...)...)
	add(each(projectToken, "name", `name UTF-8 character count must be between 1 and 255, got: `,
		`""`, `"`+strings.Repeat("é", 256)+`"`)...)
	add(each(projectToken, "name", `name must not be blank`, `"   "`, `"\t"`, `"\u00a0"`, `"\u200b"`, `"\u200b\u2060"`)...)
	add(each(projectToken, "scopes", `scopes set must contain at least 1 elements`, `[]`)...)
	add(each(projectToken, "scopes", `scopes\[Value\(".*"\)\] `+scopeList,
		`["read_repo"]`, `["API"]`, `[""]`, `[" api"]`, `["api", "sudo"]`)...)
	add(each(projectToken, "access_level", `access_level `+levelList,
		`"admin"`, `"Maintainer"`, `"40"`, `""`, `" "`)...)
	add(each(projectToken, "expires_at", `expires_at must be a date in the form YYYY-MM-DD, such as "2027-06-30"`,
		`""`, `"  "`, `"2026/06/01"`, `"2026-6-1"`, `"20260601"`, `"2026-06-01T00:00:00Z"`, `"tomorrow"`, `"٢٠٢٦-٠٦-٠١"`)...)
	add(each(projectToken, "expires_at", `Impossible date.*expires_at is \S+, which is not a day of the calendar`,
		`"2027-02-29"`, `"2026-13-01"`, `"2026-04-31"`, `"2026-00-10"`, `"2026-06-00"`)...)
	add(each(projectToken, "expires_at", `expires_at is \S+, which is not after today \(2026-03-10\).*Set a later date in expires_at \(at most 2027-03-10\)`,
		`"2026-03-10"`, `"2026-03-09"`, `"2000-01-01"`)...)
	add(each(projectToken, "expires_at", `expires_at is \S+; GitLab allows at most 365 days ahead, that is 2027-03-10 or earlier`,
		`"2027-03-11"`, `"9999-12-31"`)...)
	add(badInput{typ: projectToken, attr: "expires_at", args: "-expires_at", want: noExpiry},
		badInput{typ: projectToken, attr: "rotation_configuration", args: `rotation_configuration = { expiration_days = 30, rotate_before_days = 7 }`, want: twoExpiry})
	rotation := func(attr, days, want string) badInput {
		return badInput{typ: projectToken, attr: attr, args: "-expires_at\nrotation_configuration = { " + days + " }", want: want}
	}
	add(rotation("rotation_configuration.expiration_days", "expiration_days = 0, rotate_before_days = 1",
		`rotation_configuration.expiration_days must be from 1 to 365; got 0`),
		rotation("rotation_configuration.expiration_days", "expiration_days = 366, rotate_before_days = 7",
			`rotation_configuration.expiration_days must be from 1 to 365; got 366`),
		rotation("rotation_configuration.expiration_days", "expiration_days = 1.5, rotate_before_days = 1",
			`rotation_configuration.expiration_days must be a whole number of days; got 1.5`),
		rotation("rotation_configuration.expiration_days", "expiration_days = -30, rotate_before_days = 1",
			`rotation_configuration.expiration_days cannot be negative; got -30`),
		rotation("rotation_configuration.expiration_days", "rotate_before_days = 7",
			`Inappropriate value for attribute "rotation_configuration": attribute "expiration_days" is required`),
		rotation("rotation_configuration.rotate_before_days", "expiration_days = 30, rotate_before_days = 0",
			`rotation_configuration.rotate_before_days must be from 1 to 365; got 0`),
		rotation("rotation_configuration.rotate_before_days", "expiration_days = 30, rotate_before_days = -3",
			`rotation_configuration.rotate_before_days cannot be negative; got -3`),
		rotation("rotation_configuration.rotate_before_days", "expiration_days = 30, rotate_before_days = 0.5",
			`rotation_configuration.rotate_before_days must be a whole number of days; got 0.5`),
		rotation("rotation_configuration.rotate_before_days", "expiration_days = 30",
			`Inappropriate value for attribute "rotation_configuration": attribute "rotate_before_days" is required`),
		rotation("rotation_configuration.rotate_before_days", "expiration_days = 30, rotate_before_days = 30",
			`Rotation would never settle.*rotation_configuration.rotate_before_days \(30\) must be less than expiration_days \(30\)`),
		rotation("rotation_configuration.rotate_before_days", "expiration_days = 7, rotate_before_days = 30",
			`rotation_configuration.rotate_before_days \(30\) must be less than expiration_days \(7\)`))
	for _, id := range []string{"demo/app-42", "demo/app:x", ":42", "/demo/app:42", "demo/app:-1", "1:+9", "1:09", "demo/app:"} {
		add(badInput{typ: projectToken, attr: importAttr, importID: id,
			want: `Invalid import ID.*Expected <project>:<token_id>, such as "demo/app:42"`})
	}

	// gitlab_project_access_tokens
	add(each(projectTokens, "project", projectRule, badProjects...)...)
	add(each(projectTokens, "state", `state `+stateList, `"all"`, `"Active"`, `"revoked"`, `""`, `" active"`)...)

	// gitauth_private_token
	add(each(privateToken, "project_id", projectIDRule, `"0123456789ABCDEF0123456789ABCDEF"`, `"my-project"`,
		`"0123456789abcdef0123456789abcde"`, `"0123456789abcdef0123456789abcdef0"`, `""`, `"  "`)...)
	add(badInput{typ: privateToken, attr: "project_id", settings: "-project_id",
		want: `Missing ServiceStage project.*Set project_id on this resource, or servicestage.project_id \(or HW_PROJECT_ID\)`})
	add(each(privateToken, "name", `name must be 4 to 63 characters, each a letter, a digit, ".", "_" or "-"`,
		`"ci"`, `"ci-"`, `"`+strings.Repeat("a", 64)+`"`, `"ci github"`, `"ci/github"`, `"ci-gïthub"`, `""`, `"    "`,
		`"\u200b\u200b\u200b\u200b"`)...)
	add(each(privateToken, "repo_type", `repo_type `+repoTypeList, `"GitHub"`, `"bitbucket"`, `"gitee"`, `""`, `" "`)...)
	add(each(privateToken, "host", `host must be an absolute http or https URL such as "https://github.com/my-org" or `+
		`"https://gitlab.example.com", without user, query or fragment; got`,
		`"github.com/tom"`, `"ftp://github.com"`, `"https://"`, `""`, `"  "`, `" https://github.com/tom"`, `"https://github.com/tom\n"`,
		`"https://github.com/?x=1"`, `"https://github.com/tom#x"`)...)
	// A URL with a user may hold a password: the error does not repeat it.
	add(badInput{typ: privateToken, attr: "host", args: `host = "https://u:s3cret@github.com/tom"`,
		want: `host must be an absolute http or https URL .*; got one with a user, not repeated here as it may hold a password\.`})
	add(each(privateToken, "token", `token must not be blank`, `""`, `"   "`, `" \u200b "`, `"\u200b"`)...)
	add(each(privateToken, "token", `token must not start or end with white space \(a file's final newline: use trimspace\(file\(...\)\)\)`,
		`"ghp_x\n"`, `" ghp_x"`)...)
	for value, want := range map[string]string{
		`""`: `token_wo must not be blank`, `"\u200b"`: `token_wo must not be blank`,
		`" ghp_x"`: `token_wo must not start or end with white space`, `"ghp_x\n"`: `token_wo must not start or end with white space`,
	} {
		add(badInput{typ: privateToken, attr: "token_wo", args: "-token\ntoken_wo_version = 1\ntoken_wo = " + value, want: want})
	}
	add(badInput{typ: privateToken, attr: "token_wo", args: "token_wo = \"y\"\ntoken_wo_version = 1", want: twoTokens},
		badInput{typ: privateToken, attr: "token", args: "-token", want: noToken},
		badInput{typ: privateToken, attr: "token_wo_version", args: "-token\ntoken_wo = \"y\"",
			want: `token_wo_version is required with token_wo whenever an authorization is made, a replacement too`},
		badInput{typ: privateToken, attr: "token_wo_version", args: "token_wo_version = 1",
			want: `Attribute "token_wo" must be specified when "token_wo_version" is specified`},
		badInput{typ: privateToken, attr: "token_wo", args: "-token\ntoken_wo_version = 1",
			want: `Attribute "token_wo" must be specified when "token_wo_version" is specified`})
	for value, want := range map[string]string{`1.5`: `token_wo_version must be a whole number; got 1.5`,
		`-1`: `token_wo_version cannot be negative; got -1`, `1e30`: `token_wo_version is too large; got 1e\+30`} {
		add(badInput{typ: privateToken, attr: "token_wo_version", args: "-token\ntoken_wo = \"y\"\ntoken_wo_version = " + value, want: want})
	}
	for _, id := range []string{"ci", "a b c d", "0123/ci-github", mockapi.ServiceStageProject + "/", mockapi.ServiceStageProject + "/ci",
		"/ci-github", mockapi.ServiceStageProject + "/ci-github/x"} {
		add(badInput{typ: privateToken, attr: importAttr, importID: id,
			want: `Invalid import ID.*Expected <name> \(in the provider's project\) or <project_id>/<name>`})
	}

	// git_authorizations
	add(each(authorizations, "project_id", projectIDRule, `"0123"`, `"0123456789ABCDEF0123456789ABCDEF"`, `""`, `"  "`)...)
	add(badInput{typ: authorizations, attr: "project_id", settings: "-project_id",
		want: `Missing ServiceStage project.*Set project_id on this data source, or servicestage.project_id \(or HW_PROJECT_ID\)`})
	add(each(authorizations, "repo_type", `repo_type `+listedList, `"svn"`, `"git hub"`, `""`, `"  "`)...)
	add(each(authorizations, "name_regex", `name_regex must be a regular expression in RE2 syntax`,
		`"seeded-("`, `"[a-"`, `"(?=seeded)"`, `"a{2,1}"`, `"\\"`, `"a**"`)...)
	add(each(authorizations, "status_text", `status_text `+statusList, `"expired"`, `"0"`, `""`, `" normal"`)...)

	// developerconnect_read_token
	add(each(readToken, "git_repository_link", linkRule,
		`""`, `"  "`, `"\u200b"`, `"app"`,
		`"projects/demo/locations/us-central1/connections/github"`,
		`"projects/demo/locations/us-central1/connections/github/gitRepositoryLinks/"`,
		`"projects/demo/locations/us-central1/connections/github/gitRepositoryLinks/app/"`,
		`"projects/demo/locations/us-central1/connections/github/gitRepositoryLinks/app:fetchReadToken"`,
		`"/projects/demo/locations/us-central1/connections/github/gitRepositoryLinks/app"`,
		`"https://developerconnect.googleapis.com/v1/projects/demo/locations/us-central1/connections/github/gitRepositoryLinks/app"`,
		`"projects/demo/locations/us central1/connections/github/gitRepositoryLinks/app"`,
		`"projects/demo/locations/-/connections/github/gitRepositoryLinks/app"`,
		`"projects/demo/locations/US-CENTRAL1/connections/github/gitRepositoryLinks/app"`,
		`"projects//locations/us-central1/connections/github/gitRepositoryLinks/app"`,
		`"projects/demo/locations//connections/github/gitRepositoryLinks/app"`,
		`"projects/demo/locations/us-central1/connections//gitRepositoryLinks/app"`,
		`"projects/demo/connections/github/locations/us-central1/gitRepositoryLinks/app"`,
		`"projects/demo/locations/us-central1/connections/github/gitRepositoryLinks/app\n"`)...)

	// The gitlab block, checked by a plan that creates a token.
	add(eachSetting(projectToken, "gitlab.base_url", `gitlab.base_url `+noBlanks,
		`" https://gitlab.example.com/api/v4"`, `"https://gitlab.example.com/api/v4\n"`)...)
	add(eachSetting(projectToken, "gitlab.base_url",
		`gitlab.base_url \(or GITLAB_BASE_URL\) must be an absolute http or https URL such as "https://gitlab.com/api/v4", without spaces, query or fragment`,
		`"gitlab.example.com/api/v4"`, `"ftp://gitlab.example.com/api/v4"`, `"https://"`,
		`"https://gitlab.example.com/api/v4?private_token=x"`, `"https://gitlab.example.com/api/v4#x"`)...)
	add(eachSetting(projectToken, "gitlab.token", `gitlab.token `+noBlanks, `"x\n"`, `" x"`)...)
	add(eachSetting(projectToken, "gitlab.token", `Missing GitLab token.*gitlab.token.*GITLAB_TOKEN`, `""`, `"  "`, `"\u200b"`)...)
	add(badInput{typ: projectToken, attr: "gitlab.token", settings: "-token", want: `Missing GitLab token.*gitlab.token.*GITLAB_TOKEN`})
	add(eachSetting(projectToken, "gitlab.cacert_file", `Invalid gitlab.cacert_file.*cannot read CA file`, `"/nonexistent/ca.pem"`)...)
	add(eachSetting(projectToken, "gitlab.cacert_file", `Invalid gitlab.cacert_file.*bad_input_test.go holds no PEM certificate`, `"bad_input_test.go"`)...)
	add(eachSetting(projectToken, "gitlab.cacert_file", `gitlab.cacert_file `+noBlanks, `" bad_input_test.go"`)...)
	add(eachSetting(projectToken, "gitlab.insecure", `Inappropriate value for attribute "insecure": a bool is required`, `"yes"`)...)
	add(badInput{typ: projectToken, attr: "gitlab.insecure", settings: "insecure = true\ncacert_file = \"bad_input_test.go\"",
		want: `Conflicting gitlab.cacert_file and gitlab.insecure.*gitlab.insecure = true skips certificate verification`})
	add(eachSetting(projectToken, "gitlab.retries", `gitlab.retries cannot be negative; got -1`, `-1`)...)
	add(eachSetting(projectToken, "gitlab.retries", `gitlab.retries must be from 0 to 10; got 11`, `11`)...)
	add(eachSetting(projectToken, "gitlab.retries", `gitlab.retries must be a whole number; got 1.5`, `1.5`)...)
	add(badInput{typ: projectToken, attr: gitlab.BaseURLEnv, settings: "-base_url", env: map[string]string{gitlab.BaseURLEnv: "gitlab.example.com"},
		want: `gitlab.base_url \(or GITLAB_BASE_URL\) must be an absolute http or https URL`},
		badInput{typ: projectToken, attr: gitlab.TokenEnv, settings: "-token", env: map[string]string{gitlab.TokenEnv: "x\n"},
			want: `Invalid gitlab.token.*GITLAB_TOKEN ` + noBlanks})

	// The servicestage block, checked by a plan that creates an authorization, and by the data source.
	add(eachSetting(privateToken, "servicestage.region", `servicestage.region must be a region name such as cn-north-4`,
		`"Beijing"`, `"cn-north"`, `"CN-NORTH-4"`, `" cn-north-4"`, `"cn-north-4 "`)...)
	// A blank setting counts as unset, as the docs say.
	for _, settings := range []string{"-endpoint", "-endpoint\nregion = \"\"", "-endpoint\nregion = \" \""} {
		add(badInput{typ: privateToken, attr: "servicestage.region", settings: settings,
			want: `Missing ServiceStage region.*servicestage.region \(or HW_REGION_NAME\), such as "cn-north-4", or servicestage.endpoint \(or GITAUTH_SERVICESTAGE_ENDPOINT\)`})
	}
	add(eachSetting(privateToken, "servicestage.project_id", `servicestage.`+projectIDRule, `"abc"`, `"0123456789ABCDEF0123456789ABCDEF"`)...)
	add(badInput{typ: privateToken, attr: "servicestage.project_id", settings: `project_id = "  "`,
		want: `Missing ServiceStage project.*Set project_id on this resource, or servicestage.project_id \(or HW_PROJECT_ID\)`})
	add(eachSetting(privateToken, "servicestage.endpoint",
		`servicestage.endpoint \(or GITAUTH_SERVICESTAGE_ENDPOINT\) must be an absolute http or https URL such as "https://servicestage.cn-north-4.myhuaweicloud.com", without spaces, query or fragment`,
		`"servicestage.example.com"`, `"ftp://servicestage.example.com"`, `"https://servicestage.example.com?x=1"`, `"https://"`)...)
	add(eachSetting(privateToken, "servicestage.endpoint", `servicestage.endpoint `+noBlanks, `" https://servicestage.example.com"`)...)
	add(eachSetting(privateToken, "servicestage.auth_token", `servicestage.auth_token `+noBlanks, `"t\n"`)...)
	missingCredentials := `Missing ServiceStage credentials.*servicestage.auth_token \(or HW_AUTH_TOKEN\), or servicestage.access_key and ` +
		`servicestage.secret_key \(or HW_ACCESS_KEY and HW_SECRET_KEY`
	add(eachSetting(privateToken, "servicestage.auth_token", missingCredentials, `""`, `"  "`, `"\u200b"`)...)
	add(badInput{typ: privateToken, attr: "servicestage.auth_token", settings: "-auth_token", want: missingCredentials},
		badInput{typ: authorizations, attr: "servicestage.auth_token", settings: "-auth_token", want: missingCredentials},
		badInput{typ: privateToken, attr: "servicestage.secret_key", settings: "-auth_token\naccess_key = \"AK\"",
			want: `Missing ServiceStage secret key.*servicestage.access_key \(or HW_ACCESS_KEY\) is set, so servicestage.secret_key \(or HW_SECRET_KEY\) is needed`},
		badInput{typ: privateToken, attr: "servicestage.access_key", settings: "-auth_token\nsecret_key = \"SK\"",
			want: `Missing ServiceStage access key.*servicestage.secret_key \(or HW_SECRET_KEY\) is set, so servicestage.access_key \(or HW_ACCESS_KEY\) is needed`})
	add(eachSetting(privateToken, "servicestage.access_key", `servicestage.access_key `+noBlanks, `" AK"`)...)
	add(eachSetting(privateToken, "servicestage.secret_key", `servicestage.secret_key `+noBlanks, `"SK\n"`)...)
	add(eachSetting(privateToken, "servicestage.security_token", `servicestage.security_token `+noBlanks, `"st\n"`)...)
	add(badInput{typ: privateToken, attr: "servicestage.security_token", settings: `security_token = "st"`,
		want: `Missing ServiceStage access key.*servicestage.security_token \(or HW_SECURITY_TOKEN\) is set, and it goes with a temporary`})
	add(badInput{typ: privateToken, attr: servicestage.RegionEnv, settings: "-endpoint", env: map[string]string{servicestage.RegionEnv: "Beijing"},
		want: `Invalid servicestage.region.*servicestage.region \(or HW_REGION_NAME\) must be a region name such as "cn-north-4"; got "Beijing"`},
		badInput{typ: privateToken, attr: servicestage.ProjectIDEnv, settings: "-project_id", env: map[string]string{servicestage.ProjectIDEnv: "abc"},
			want: `servicestage.project_id \(or HW_PROJECT_ID\) must be a project ID`},
		badInput{typ: privateToken, attr: servicestage.EndpointEnv, settings: "-endpoint", env: map[string]string{servicestage.EndpointEnv: "servicestage.example.com"},
			want: `servicestage.endpoint \(or GITAUTH_SERVICESTAGE_ENDPOINT\) must be an absolute http or https URL`},
		badInput{typ: privateToken, attr: servicestage.AuthTokenEnv, settings: "-auth_token", env: map[string]string{servicestage.AuthTokenEnv: " t"},
			want: `Invalid servicestage.auth_token.*HW_AUTH_TOKEN ` + noBlanks},
		badInput{typ: privateToken, attr: servicestage.AccessKeyEnv, settings: "-auth_token", env: map[string]string{servicestage.AccessKeyEnv: "AK"},
			want: `Missing ServiceStage secret key.*servicestage.access_key \(or HW_ACCESS_KEY\) is set, so servicestage.secret_key \(or HW_SECRET_KEY\) is needed`},
		badInput{typ: privateToken, attr: servicestage.SecretKeyEnv, settings: "-auth_token", env: map[string]string{servicestage.SecretKeyEnv: "SK"},
			want: `Missing ServiceStage access key.*servicestage.secret_key \(or HW_SECRET_KEY\) is set, so servicestage.access_key \(or HW_ACCESS_KEY\) is needed`},
		badInput{typ: privateToken, attr: servicestage.SecurityTokenEnv, env: map[string]string{servicestage.SecurityTokenEnv: "st\n"},
			want: `Invalid servicestage.security_token.*HW_SECURITY_TOKEN ` + noBlanks})

	// The developerconnect block, checked by a plan that opens a read token.
	add(eachSetting(readToken, "developerconnect.endpoint",
		`developerconnect.endpoint \(or GOOGLE_DEVELOPER_CONNECT_CUSTOM_ENDPOINT\) must be an absolute http or https URL such as "https://developerconnect.googleapis.com/", without spaces, query or fragment`,
		`"developerconnect.googleapis.com"`, `"ftp://developerconnect.googleapis.com/"`, `"https://developerconnect.googleapis.com/?alt=json"`, `"https://"`)...)
	add(eachSetting(readToken, "developerconnect.endpoint", `developerconnect.endpoint `+noBlanks, `" https://developerconnect.googleapis.com/"`)...)
	add(eachSetting(readToken, "developerconnect.access_token", `developerconnect.access_token `+noBlanks, `"ya29.x\n"`)...)
	credentials := func(value, want string) badInput {
		return badInput{typ: readToken, attr: "developerconnect.credentials", settings: "-access_token\ncredentials = " + value, want: want}
	}
	add(credentials(`"/nonexistent/key.json"`, `developerconnect.credentials \(or GOOGLE_CREDENTIALS\) is neither JSON nor a readable file`),
		credentials(`"{not json"`, `developerconnect.credentials \(or GOOGLE_CREDENTIALS\) is not a JSON key file`),
		credentials(`"{\"type\":\"external_account\",\"credential_source\":{\"executable\":{\"command\":\"/bin/true\"}}}"`,
			`developerconnect.credentials \(or GOOGLE_CREDENTIALS\) must be a key file whose type is one of service_account, authorized_user; got a file of type "external_account"`),
		credentials(`"{}"`, `developerconnect.credentials \(or GOOGLE_CREDENTIALS\) must be a key file whose type is one of service_account, authorized_user; got a file of type ""`))
	add(badInput{typ: readToken, attr: developerconnect.EndpointEnv, settings: "-endpoint",
		env:  map[string]string{developerconnect.EndpointEnv: "developerconnect.googleapis.com"},
		want: `developerconnect.endpoint \(or GOOGLE_DEVELOPER_CONNECT_CUSTOM_ENDPOINT\) must be an absolute http or https URL`},
		badInput{typ: readToken, attr: developerconnect.AccessTokenEnv, settings: "-access_token",
			env: map[string]string{developerconnect.AccessTokenEnv: "ya29.x\n"}, want: `GOOGLE_OAUTH_ACCESS_TOKEN ` + noBlanks},
		badInput{typ: readToken, attr: developerconnect.CredentialsEnv, settings: "-access_token",
			env:  map[string]string{developerconnect.CredentialsEnv: "/nonexistent/key.json"},
			want: `developerconnect.credentials \(or GOOGLE_CREDENTIALS\) is neither JSON nor a readable file`})

	// The provider's clock.
	for _, now := range []string{"tomorrow", "2026-03-10", "2026-03-10 09:30:00Z"} {
		add(badInput{typ: privateToken, attr: provider.NowEnv, env: map[string]string{provider.NowEnv: now},
			want: `Invalid GITAUTH_NOW.*GITAUTH_NOW must be an RFC 3339 time such as "2026-06-01T12:00:00Z", or unset`})
	}
	return rows
}

// TestAccBadInput is the one table of bad input: every argument of every type and every provider
// setting, with values of the wrong length, characters or form, outside their lists, dates a token
// cannot take, conflicting or missing combinations, and blank strings. Each is refused by a plan
// (one that imports, for import IDs), with a diagnostic that names the argument or setting and,
// where there is a list, what it allows; and no API sees a call.
func TestAccBadInput(t *testing.T) {
	// The rows take no setting from the environment but their own.
	for _, name := range settingEnvs {
		t.Setenv(name, "")
	}
	groups := map[string][]badInput{}
	for _, r := range badInputs() {
		if name := r.attr[strings.LastIndex(r.attr, ".")+1:]; !strings.Contains(r.want, name) {
			t.Errorf("the pattern of %s does not name %s", r.name(), name)
		}
		groups[r.group()] = append(groups[r.group()], r)
	}
	for _, name := range slices.Sorted(maps.Keys(groups)) {
		for i, rows := range slices.Collect(slices.Chunk(groups[name], stepsPerCase)) {
			t.Run(fmt.Sprintf("%s %d", name, i+1), func(t *testing.T) { runBadInputs(t, rows) })
		}
	}
}

// stepsPerCase bounds the rows of one test case. Terraform starts once per test case, which costs
// more than a step, so rows share test cases; and the test cases run in parallel, so they are many
// enough to keep every CPU busy.
const stepsPerCase = 16

// group sorts rows into test cases: by type, with those that set the environment apart, as they
// run alone, and those of the clock's variable apart, as they need a provider without a test clock.
func (r badInput) group() string {
	switch _, clock := r.env[provider.NowEnv]; {
	case clock:
		return provider.NowEnv
	case len(r.env) > 0:
		return r.typ + " environment"
	}
	return r.typ
}

// name says what the row is, for its messages.
func (r badInput) name() string {
	value := r.args + r.settings + r.importID
	if len(r.env) > 0 {
		value = fmt.Sprint(r.env)
	}
	return fmt.Sprintf("%s %s %q", r.typ, r.attr, value)
}

// runBadInputs runs rows as the steps of one test case against one mock: each must fail to plan
// with its diagnostic, and leave the mock without a call. Rows that set the environment run alone;
// the others, in parallel.
func runBadInputs(t *testing.T, rows []badInput) {
	env := acctest.New(t)
	called := false
	noCall := func(r badInput) {
		calls := env.Mock.AllCalls()
		maps.DeleteFunc(calls, func(route string, _ int) bool { return strings.Contains(route, " /_mock/") })
		if len(calls) > 0 && !called {
			called = true
			t.Errorf("%s reached the APIs: %v", r.name(), calls)
		}
	}
	alone := len(rows[0].env) > 0
	current := 0
	steps := make([]resource.TestStep, len(rows))
	for i, r := range rows {
		steps[i] = resource.TestStep{Config: r.config(env), PlanOnly: true, ExpectError: acctest.Error(r.want)}
		steps[i].PreConfig = func() {
			if i > 0 {
				noCall(rows[i-1])
			}
			current = i
			if alone {
				for _, name := range settingEnvs {
					t.Setenv(name, r.env[name])
				}
			}
		}
	}
	c := resource.TestCase{
		ProtoV6ProviderFactories: factories(env, rows[0]),
		Steps:                    steps,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_11_0)},
	}
	// Deferred, as a failed step ends the test.
	defer func() {
		noCall(rows[current])
		if t.Failed() {
			for i, r := range rows {
				t.Logf("step %d: %s", i+1, r.name())
			}
		}
	}()
	if alone {
		resource.Test(t, c)
	} else {
		resource.ParallelTest(t, c)
	}
}

// factories serve the provider on the test's clock, except for the rows of the clock's variable,
// which only a provider without a test clock reads.
func factories(env *acctest.Env, r badInput) map[string]func() (tfprotov6.ProviderServer, error) {
	factories := env.Factories()
	if _, ok := r.env[provider.NowEnv]; ok {
		p := provider.New("test")()
		factories["gitauth"] = func() (tfprotov6.ProviderServer, error) { return lean.NewServer(p), nil }
	}
	return factories
}

// config is the row's configuration: the type with its valid arguments and the provider blocks with
// their valid settings, but for the row's lines.
func (r badInput) config(env *acctest.Env) string {
	var blocks strings.Builder
	settings := validSettings(env)
	for _, name := range slices.Sorted(maps.Keys(settings)) {
		lines := settings[name]
		if name == blockOf[r.typ] {
			lines = replaceLines(lines, r.settings)
		}
		fmt.Fprintf(&blocks, "\n  %s {\n    %s\n  }", name, strings.Join(lines, "\n    "))
	}
	args := "  " + strings.Join(replaceLines(validArgs[r.typ], r.args), "\n  ")
	var body string
	switch r.typ {
	case authorizations, projectTokens:
		body = fmt.Sprintf("data %q \"x\" {\n%s\n}\n", r.typ, args)
	case readToken:
		// Ephemeral results are opened for what uses them: echo does.
		body = fmt.Sprintf("ephemeral %q \"x\" {\n%s\n}\n\nprovider \"echo\" {\n  data = ephemeral.%s.x\n}\n\nresource \"echo\" \"x\" {}\n",
			r.typ, args, r.typ)
	default:
		body = fmt.Sprintf("resource %q \"x\" {\n%s\n}\n", r.typ, args)
	}
	if r.attr == importAttr {
		body += acctest.ImportBlock(r.typ+".x", r.importID)
	}
	return env.ConfigWithProvider(blocks.String(), body)
}

// replaceLines replaces the lines of lines whose attribute the lines of changes set, adds those of
// other attributes, and drops those a change "-name" names.
func replaceLines(lines []string, changes string) []string {
	out := slices.Clone(lines)
	key := func(line string) string { return strings.TrimSpace(strings.SplitN(line, "=", 2)[0]) }
	for _, change := range strings.Split(changes, "\n") {
		if change == "" {
			continue
		}
		drop := strings.HasPrefix(change, "-")
		name := strings.TrimPrefix(key(change), "-")
		out = slices.DeleteFunc(out, func(line string) bool { return key(line) == name })
		if !drop {
			out = append(out, change)
		}
	}
	return out
}
