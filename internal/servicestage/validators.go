package servicestage

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/gitauth-dev/terraform-provider-gitauth/internal/family"
)

// projectIDForm is a Huawei Cloud project ID.
var projectIDForm = regexp.MustCompile(`^[0-9a-f]{32}$`)

const projectIDRule = "must be a project ID: 32 lower-case hexadecimal digits, as on the console's My Credentials page"

var projectIDValidator = stringvalidator.RegexMatches(projectIDForm, projectIDRule)

// nameForm is what ServiceStage accepts as an authorization's name.
var nameForm = regexp.MustCompile(`^[A-Za-z0-9._-]{4,63}$`)

const nameRule = "must be 4 to 63 characters, each a letter, a digit, `.`, `_` or `-`"

// RepoTypes are the repository types a private token can be created for.
var RepoTypes = []string{"github", "gitlab"}

// ListedRepoTypes are the repository types an authorization in the list can have.
var ListedRepoTypes = []string{"github", "gitlab", "gitee", "bitbucket", "devcloud"}

// StatusTexts name the API's status numbers, in order.
var StatusTexts = []string{"normal", "overdue", "unauthenticated"}

// statusText names a status number.
func statusText(status int64) string {
	if status >= 0 && status < int64(len(StatusTexts)) {
		return StatusTexts[status]
	}
	return fmt.Sprintf("unknown (%d)", status)
}

// trimmed refuses a token with white space around it, as file() gives with its final newline:
// ServiceStage would store it as sent, and cloning would fail.
var trimmed = stringvalidator.RegexMatches(regexp.MustCompile(`^\S(?:.*\S)?$`),
	"must not start or end with white space (a file's final newline: use trimspace(file(...)))")

// httpURL checks that a string is an absolute http or https URL without user, query or fragment:
// ServiceStage would keep them, and state and error texts would show a password in the URL.
type httpURL struct{}

var _ validator.String = httpURL{}

func (httpURL) Description(context.Context) string {
	return "value must be an absolute http or https URL, without user, query or fragment"
}

func (v httpURL) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (httpURL) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	value := req.ConfigValue.ValueString()
	u, err := url.Parse(value)
	if err != nil || !family.IsHTTPURL(value) || u.User != nil || strings.ContainsAny(value, "?#") {
		got := fmt.Sprintf("got %q", value)
		if err == nil && u.User != nil {
			got = "got one with a user, not repeated here as it may hold a password"
		}
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid URL",
			fmt.Sprintf("%s must be an absolute http or https URL such as \"https://github.com/my-org\" or "+
				"\"https://gitlab.example.com\", without user, query or fragment; %s.", req.Path, got))
	}
}

// regularExpression checks that a string is a regular expression Go (RE2) accepts.
type regularExpression struct{}

var _ validator.String = regularExpression{}

func (regularExpression) Description(context.Context) string {
	return "value must be a regular expression in RE2 syntax"
}

func (v regularExpression) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (regularExpression) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if _, err := regexp.Compile(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid regular expression",
			fmt.Sprintf("%s must be a regular expression in RE2 syntax (https://github.com/google/re2/wiki/Syntax): %v.", req.Path, err))
	}
}
