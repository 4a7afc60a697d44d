package family

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// BaseURL checks that value is an http or https URL with a host and no surrounding spaces, as attr
// (or env) must be. example shows the expected form.
func BaseURL(diags *diag.Diagnostics, value, attr, env, example string) {
	if !IsHTTPURL(value) || strings.ContainsAny(value, "?#") {
		diags.AddError("Invalid "+attr,
			fmt.Sprintf("%s (or %s) must be an absolute http or https URL such as %q, without spaces, query or fragment; got %q.",
				attr, env, example, value))
	}
}

// IsHTTPURL reports whether value is an absolute http or https URL with a host, without spaces
// around it.
func IsHTTPURL(value string) bool {
	u, err := url.Parse(value)
	return err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != "" && strings.TrimSpace(value) == value
}

// notBlank matches a string that has something besides white space, Unicode spaces and invisible
// format characters (such as a zero-width space).
var notBlank = regexp.MustCompile(`[^\s\p{Z}\p{Cf}]`)

// blank reports whether value has nothing besides white space and invisible characters.
func blank(value string) bool { return !notBlank.MatchString(value) }

// UnlessBlank applies v to a provider setting unless the setting is blank, which counts as unset
// (Setting), so that the environment variable is read instead.
func UnlessBlank(v validator.String) validator.String { return unlessBlank{v} }

type unlessBlank struct{ validator.String }

func (u unlessBlank) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() || blank(req.ConfigValue.ValueString()) {
		return
	}
	u.String.ValidateString(ctx, req, resp)
}

// NotBlank refuses a string made only of white space or invisible characters.
func NotBlank() validator.String {
	return stringvalidator.RegexMatches(notBlank, "must not be blank")
}

// Backticked lists values for a description: `a`, `b`, `c`.
func Backticked(values []string) string {
	quoted := make([]string, len(values))
	for i, v := range values {
		quoted[i] = "`" + v + "`"
	}
	return strings.Join(quoted, ", ")
}
