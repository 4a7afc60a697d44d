package gitlab

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// projectForms are the ways a project may be named: its numeric ID, or its full path.
var projectForms = regexp.MustCompile(`^(?:[1-9][0-9]*|[A-Za-z0-9_.][A-Za-z0-9_.+-]*(?:/[A-Za-z0-9_.][A-Za-z0-9_.+-]*)+)$`)

// projectFormsHelp says what projectForms accepts, for its error message and the docs.
const projectFormsHelp = "a numeric project ID such as `42`, or the project's full path such as `my-group/my-project` " +
	"(no leading or trailing `/`, not a URL, not URL-encoded)"

// projectValidator refuses a project argument in none of projectForms, naming them.
func projectValidator() validator.String {
	return stringvalidator.RegexMatches(projectForms, "must be "+strings.ReplaceAll(projectFormsHelp, "`", `"`))
}

// tokenIDForm is a token ID as GitLab writes it.
var tokenIDForm = regexp.MustCompile(`^[1-9][0-9]*$`)

var datePattern = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

// calendarDate checks that a string is a real date in the form YYYY-MM-DD. Whether the date is
// in the future is checked only for a token about to be created or rotated (see checkNewExpiry),
// so that refresh, import and destroy work whatever the date.
type calendarDate struct{}

var _ validator.String = calendarDate{}

func (calendarDate) Description(context.Context) string {
	return "value must be a date in the form YYYY-MM-DD"
}

func (v calendarDate) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (calendarDate) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	value := req.ConfigValue.ValueString()
	if !datePattern.MatchString(value) {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid date",
			fmt.Sprintf("%s must be a date in the form YYYY-MM-DD, such as \"2027-06-30\"; got %q.", req.Path, value))
		return
	}
	if _, err := time.Parse(time.DateOnly, value); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Impossible date",
			fmt.Sprintf("%s is %s, which is not a day of the calendar (%v).", req.Path, value, err))
	}
}

// today is the current UTC date at midnight, the unit GitLab expires tokens in.
func today(now func() time.Time) time.Time {
	return now().UTC().Truncate(24 * time.Hour)
}
