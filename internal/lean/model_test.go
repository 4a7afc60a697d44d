package lean_test

import (
	"context"
	"math/big"
	"reflect"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/gitauth-dev/terraform-provider-gitauth/internal/lean"
)

// testModel has a field of every kind the provider's models use, and an embedded struct.
type testModel struct {
	Name     types.String `tfsdk:"name"`
	Count    types.Int64  `tfsdk:"count"`
	Days     types.Number `tfsdk:"days"`
	Enabled  types.Bool   `tfsdk:"enabled"`
	Scopes   types.Set    `tfsdk:"scopes"`
	Rotation types.Object `tfsdk:"rotation"`
	embedded
	Ignored string `tfsdk:"-"`
}

type embedded struct {
	CreatedAt types.String `tfsdk:"created_at"`
}

var testSchema = schema.Schema{Attributes: map[string]schema.Attribute{
	"name":       schema.StringAttribute{Required: true},
	"count":      schema.Int64Attribute{Optional: true},
	"days":       schema.NumberAttribute{Optional: true},
	"enabled":    schema.BoolAttribute{Computed: true},
	"scopes":     schema.SetAttribute{Optional: true, ElementType: types.StringType},
	"rotation":   schema.SingleNestedAttribute{Optional: true, Attributes: map[string]schema.Attribute{"days": schema.NumberAttribute{Required: true}}},
	"created_at": schema.StringAttribute{Computed: true},
}}

// testValues are the same attributes as known, null and unknown values.
func testValues(ctx context.Context) map[string]tftypes.Value {
	typ := testSchema.Type().TerraformType(ctx).(tftypes.Object)
	rotation := typ.AttributeTypes["rotation"]
	return map[string]tftypes.Value{
		"known": tftypes.NewValue(typ, map[string]tftypes.Value{
			"name":       tftypes.NewValue(tftypes.String, "ci"),
			"count":      tftypes.NewValue(tftypes.Number, big.NewFloat(3)),
			"days":       tftypes.NewValue(tftypes.Number, big.NewFloat(1.5)),
			"enabled":    tftypes.NewValue(tftypes.Bool, true),
			"scopes":     tftypes.NewValue(tftypes.Set{ElementType: tftypes.String}, []tftypes.Value{tftypes.NewValue(tftypes.String, "api")}),
			"rotation":   tftypes.NewValue(rotation, map[string]tftypes.Value{"days": tftypes.NewValue(tftypes.Number, big.NewFloat(30))}),
			"created_at": tftypes.NewValue(tftypes.String, "2026-11-30T00:00:00Z"),
		}),
		"null and unknown": tftypes.NewValue(typ, map[string]tftypes.Value{
			"name":       tftypes.NewValue(tftypes.String, tftypes.UnknownValue),
			"count":      tftypes.NewValue(tftypes.Number, nil),
			"days":       tftypes.NewValue(tftypes.Number, tftypes.UnknownValue),
			"enabled":    tftypes.NewValue(tftypes.Bool, tftypes.UnknownValue),
			"scopes":     tftypes.NewValue(tftypes.Set{ElementType: tftypes.String}, nil),
			"rotation":   tftypes.NewValue(rotation, tftypes.UnknownValue),
			"created_at": tftypes.NewValue(tftypes.String, nil),
		}),
	}
}

// TestGetAndSetMatchTheFramework checks that family.Get and family.Set give what the framework's
// Get and Set give.
func TestGetAndSetMatchTheFramework(t *testing.T) {
	ctx := context.Background()
	for name, raw := range testValues(ctx) {
		t.Run(name, func(t *testing.T) {
			state := tfsdk.State{Schema: testSchema, Raw: raw}
			var want, got testModel
			if diags := state.Get(ctx, &want); diags.HasError() {
				t.Fatal(diags)
			}
			if diags := lean.Get(ctx, state, &got); diags.HasError() {
				t.Fatal(diags)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("Get:\n got %+v\nwant %+v", got, want)
			}

			plan := tfsdk.Plan{Schema: testSchema}
			if diags := lean.Set(ctx, &plan, &got); diags.HasError() {
				t.Fatal(diags)
			}
			if !plan.Raw.Equal(raw) {
				t.Errorf("Set wrote %s, want %s", plan.Raw, raw)
			}
		})
	}
}

// TestSetRefusesWhatTheFrameworkRefuses checks values of another type than the schema's, null
// ones and the zero values of sets and objects included.
func TestSetRefusesWhatTheFrameworkRefuses(t *testing.T) {
	ctx := context.Background()
	known := testValues(ctx)["known"]
	for name, change := range map[string]func(*testModel){
		"zero model":           func(m *testModel) { *m = testModel{} },
		"null of another type": func(m *testModel) { m.Scopes = types.SetNull(types.Int64Type) },
		"unknown object":       func(m *testModel) { m.Rotation = types.ObjectUnknown(map[string]attr.Type{"other": types.StringType}) },
	} {
		t.Run(name, func(t *testing.T) {
			var m testModel
			if diags := lean.Get(ctx, tfsdk.State{Schema: testSchema, Raw: known}, &m); diags.HasError() {
				t.Fatal(diags)
			}
			change(&m)
			framework := tfsdk.State{Schema: testSchema}
			if diags := framework.Set(ctx, &m); !diags.HasError() {
				t.Fatal("the framework's Set takes it: the test's premise is wrong")
			}
			state := tfsdk.State{Schema: testSchema}
			if diags := lean.Set(ctx, &state, &m); !diags.HasError() {
				t.Errorf("family.Set took it and wrote %s", state.Raw)
			}
		})
	}
}

func TestModelErrors(t *testing.T) {
	ctx := context.Background()
	raw := testValues(ctx)["known"]
	type missing struct {
		Name types.String `tfsdk:"name"`
	}
	type untagged struct {
		testModel
		Extra types.String
	}
	type wrongType struct {
		testModel
		Name types.Bool `tfsdk:"name"`
	}
	type unexported struct { // skipped, as the framework skips it, so attributes are missing
		name types.String `tfsdk:"name"` //nolint:unused // the case under test
	}
	type pointer struct {
		Name *types.String `tfsdk:"name"`
		testModel
	}
	for name, target := range map[string]any{
		"not a pointer":        testModel{},
		"attributes missing":   &missing{},
		"untagged field":       &untagged{},
		"attribute of a field": &wrongType{},
		"unexported field":     &unexported{},
		"pointer field":        &pointer{},
	} {
		t.Run(name, func(t *testing.T) {
			if diags := lean.Get(ctx, tfsdk.Config{Schema: testSchema, Raw: raw}, target); !diags.HasError() {
				t.Error("Get gave no error")
			}
		})
	}
	t.Run("null value", func(t *testing.T) {
		null := tftypes.NewValue(testSchema.Type().TerraformType(ctx), nil)
		if diags := lean.Get(ctx, tfsdk.State{Schema: testSchema, Raw: null}, &testModel{}); !diags.HasError() {
			t.Error("Get of a null value gave no error")
		}
	})
}
