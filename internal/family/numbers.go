package family

import (
	"context"
	"fmt"
	"math"
	"math/big"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// WholeNumber checks a number that must be whole and within [min, max] (max math.MaxInt64 for no
// upper bound), such as a count of days (unit "days") or of retries (unit ""). Such attributes are
// numbers rather than integers: the framework refuses 1.5 for an integer before any validator runs,
// with a message that blames the provider and names no attribute.
func WholeNumber(minimum, maximum int64, unit string) validator.Number {
	return wholeNumber{min: minimum, max: maximum, unit: unit}
}

type wholeNumber struct {
	min, max int64
	unit     string
}

func (v wholeNumber) kind() string {
	if v.unit == "" {
		return "a whole number"
	}
	return "a whole number of " + v.unit
}

func (v wholeNumber) bounds() string {
	if v.max == math.MaxInt64 {
		return fmt.Sprintf("at least %d", v.min)
	}
	return fmt.Sprintf("from %d to %d", v.min, v.max)
}

func (v wholeNumber) Description(context.Context) string {
	return fmt.Sprintf("value must be %s, %s", v.kind(), v.bounds())
}

func (v wholeNumber) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v wholeNumber) ValidateNumber(_ context.Context, req validator.NumberRequest, resp *validator.NumberResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	f := req.ConfigValue.ValueBigFloat()
	n, accuracy := f.Int64()
	got := f.Text('g', -1)
	switch {
	case !f.IsInt():
		resp.Diagnostics.AddAttributeError(req.Path, "Not "+v.kind(),
			fmt.Sprintf("%s must be %s; got %s.", req.Path, v.kind(), got))
	case f.Sign() < 0 && v.min >= 0:
		resp.Diagnostics.AddAttributeError(req.Path, "Negative number",
			fmt.Sprintf("%s cannot be negative; got %s.", req.Path, got))
	case accuracy != big.Exact:
		resp.Diagnostics.AddAttributeError(req.Path, "Number out of range",
			fmt.Sprintf("%s is too large; got %s.", req.Path, got))
	case n < v.min || n > v.max:
		resp.Diagnostics.AddAttributeError(req.Path, "Number out of range",
			fmt.Sprintf("%s must be %s; got %s.", req.Path, v.bounds(), got))
	}
}

// Whole returns f as an int64 when it is a whole number in range, else 0: for values that
// WholeNumber has checked.
func Whole(f *big.Float) int64 {
	if f == nil || !f.IsInt() {
		return 0
	}
	n, _ := f.Int64()
	return n
}
