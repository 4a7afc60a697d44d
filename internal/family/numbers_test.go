package family_test

import (
	"context"
	"math"
	"math/big"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/gitauth-dev/terraform-provider-gitauth/internal/family"
)

func TestWholeNumber(t *testing.T) {
	days := family.WholeNumber(1, 365, "days")
	count := family.WholeNumber(0, math.MaxInt64, "")
	for _, c := range []struct {
		v     validator.Number
		value string
		want  string // the error's detail, or "" for none
	}{
		{days, "30", ""},
		{days, "1.5", "n must be a whole number of days; got 1.5."},
		{days, "-3", "n cannot be negative; got -3."},
		{days, "0", "n must be from 1 to 365; got 0."},
		{days, "366", "n must be from 1 to 365; got 366."},
		{count, "0", ""},
		{count, "9223372036854775807", ""},
		{count, "9223372036854775808", "n is too large; got 9.223372036854775808e+18."},
		{count, "0.1", "n must be a whole number; got 0.1."},
	} {
		f, _, err := big.ParseFloat(c.value, 10, 512, big.ToNearestEven)
		if err != nil {
			t.Fatal(err)
		}
		req := validator.NumberRequest{Path: path.Root("n"), ConfigValue: types.NumberValue(f)}
		var resp validator.NumberResponse
		c.v.ValidateNumber(context.Background(), req, &resp)
		got := ""
		if resp.Diagnostics.HasError() {
			got = resp.Diagnostics.Errors()[0].Detail()
		}
		if got != c.want {
			t.Errorf("%s: %q, want %q", c.value, got, c.want)
		}
	}
	if got := count.Description(context.Background()); got != "value must be a whole number, at least 0" {
		t.Errorf("description %q", got)
	}
}
