package gitlab

import (
	"context"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// FuzzExpiryDate validates any expires_at, and checks any accepted one as for a token about to be
// created: never a panic, a date accepted is a real day written as YYYY-MM-DD, and a new token
// takes it only from tomorrow to 365 days ahead.
func FuzzExpiryDate(f *testing.F) {
	for _, date := range []string{"2027-06-30", "2027-02-29", "2028-02-29", "2027-13-01", "2027-6-30", "27-06-30",
		"2027-06-30T00:00:00Z", " 2027-06-30", "２０２７-06-30", "0000-01-01", "9999-12-31", ""} {
		f.Add(date)
	}
	today := func() time.Time { return time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC) }
	f.Fuzz(func(t *testing.T, date string) {
		resp := validator.StringResponse{}
		calendarDate{}.ValidateString(context.Background(), validator.StringRequest{Path: path.Root("expires_at"),
			ConfigValue: types.StringValue(date)}, &resp)
		if resp.Diagnostics.HasError() {
			return
		}
		day, err := time.Parse(time.DateOnly, date)
		if err != nil || day.Format(time.DateOnly) != date {
			t.Fatalf("expires_at %q accepted, but it is not a day written as YYYY-MM-DD (%v)", date, err)
		}
		first, last := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC), time.Date(2027, 11, 30, 0, 0, 0, 0, time.UTC)
		refused := checkNewExpiry(types.StringValue(date), today).HasError()
		if creatable := !day.Before(first) && !day.After(last); refused == creatable {
			t.Fatalf("expires_at %q refused=%v for a new token on 2026-11-30; want it taken from %s to %s only", date, refused,
				first.Format(time.DateOnly), last.Format(time.DateOnly))
		}
	})
}
