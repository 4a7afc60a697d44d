package gitlab

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// futureDate checks that a string is a YYYY-MM-DD date after today, by the provider's clock.
// GitLab refuses a token that expires today or earlier; saying so at plan time saves an API call
// that would fail.
type futureDate struct {
	now func() time.Time
}

var _ validator.String = futureDate{}

func (v futureDate) Description(context.Context) string {
	return "value must be a date in the form YYYY-MM-DD after today"
}

func (v futureDate) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v futureDate) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	value := req.ConfigValue.ValueString()
	date, err := time.Parse(time.DateOnly, value)
	if err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid date",
			fmt.Sprintf("%s must be a date in the form YYYY-MM-DD, such as %q; got %q.",
				req.Path, today(v.now).AddDate(0, 1, 0).Format(time.DateOnly), value))
		return
	}
	if !date.After(today(v.now)) {
		resp.Diagnostics.AddAttributeError(req.Path, "Expiry date not in the future",
			fmt.Sprintf("%s must be after today (%s); got %s. GitLab does not create or keep a token "+
				"that has expired.", req.Path, today(v.now).Format(time.DateOnly), value))
	}
}

// today is the current UTC date at midnight, the unit GitLab expires tokens in.
func today(now func() time.Time) time.Time {
	return now().UTC().Truncate(24 * time.Hour)
}
