// Package models checks a type's model in the family's own tests: that [lean.Get] and [lean.Set]
// move it as the framework's Get and Set do, and what an import takes in. It imports no family,
// so that each family's internal tests can use it.
package models

import (
	"context"
	"fmt"
	"math/big"
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/gitauth-dev/terraform-provider-gitauth/internal/lean"
)

// Check checks that [lean.Get] and [lean.Set] treat newModel's model exactly as the
// framework's Get and Set do, on random values of schema (a resource's, data source's or
// ephemeral resource's): null, unknown and known at every level. The seed is fixed, so a failure
// repeats.
func Check(t *testing.T, schema tfsdk.State, newModel func() any) {
	t.Helper()
	ctx := context.Background()
	r := rand.New(rand.NewPCG(1, 2)) //nolint:gosec // G404: test values, fixed so that a failure repeats
	typ := schema.Schema.Type().TerraformType(ctx)
	for range 1000 {
		schema.Raw = randomValue(r, typ, true)
		if problem := compareModel(ctx, schema, newModel); problem != "" {
			t.Fatalf("on %s: %s", schema.Raw, problem)
		}
	}
}

func compareModel(ctx context.Context, state tfsdk.State, newModel func() any) string {
	want, got := newModel(), newModel()
	wantDiags, gotDiags := state.Get(ctx, want), lean.Get(ctx, state, got)
	switch {
	case wantDiags.HasError() != gotDiags.HasError():
		return fmt.Sprintf("Get: the framework's errors are %v, family's %v", wantDiags, gotDiags)
	case wantDiags.HasError():
		return ""
	case !reflect.DeepEqual(got, want):
		return fmt.Sprintf("Get gave %+v, the framework %+v", got, want)
	}
	framework, ours := tfsdk.State{Schema: state.Schema}, tfsdk.State{Schema: state.Schema}
	wantDiags, gotDiags = framework.Set(ctx, want), lean.Set(ctx, &ours, want)
	switch {
	case wantDiags.HasError() || gotDiags.HasError():
		return fmt.Sprintf("Set: the framework's errors are %v, family's %v", wantDiags, gotDiags)
	case !ours.Raw.Equal(framework.Raw) || !ours.Raw.Equal(state.Raw):
		return fmt.Sprintf("Set wrote %s, the framework %s", ours.Raw, framework.Raw)
	}
	return ""
}

// randomValue is a random value of t; below the top, a fifth of them null and a fifth unknown.
func randomValue(r *rand.Rand, t tftypes.Type, top bool) tftypes.Value {
	if !top {
		switch r.IntN(5) {
		case 0:
			return tftypes.NewValue(t, nil)
		case 1:
			return tftypes.NewValue(t, tftypes.UnknownValue)
		}
	}
	switch t := t.(type) {
	case tftypes.Object:
		values := map[string]tftypes.Value{}
		for name, at := range t.AttributeTypes {
			values[name] = randomValue(r, at, false)
		}
		return tftypes.NewValue(t, values)
	case tftypes.List:
		return tftypes.NewValue(t, randomElements(r, t.ElementType))
	case tftypes.Set:
		return tftypes.NewValue(t, randomElements(r, t.ElementType))
	}
	switch {
	case t.Is(tftypes.String):
		return tftypes.NewValue(t, fmt.Sprintf("s%d", r.IntN(100)))
	case t.Is(tftypes.Number):
		return tftypes.NewValue(t, big.NewFloat(float64(r.IntN(100))))
	case t.Is(tftypes.Bool):
		return tftypes.NewValue(t, r.IntN(2) == 0)
	}
	panic("randomValue: no values of " + t.String())
}

// randomElements are up to two distinct random elements, as a set allows.
func randomElements(r *rand.Rand, t tftypes.Type) []tftypes.Value {
	var values []tftypes.Value
	seen := map[string]bool{}
	for range r.IntN(3) {
		if v := randomValue(r, t, false); !seen[v.String()] {
			seen[v.String()] = true
			values = append(values, v)
		}
	}
	return values
}

// Import runs r's ImportState of id as Terraform does, into an empty state of r's schema.
func Import(r resource.ResourceWithImportState, id string) resource.ImportStateResponse {
	ctx := context.Background()
	var schema resource.SchemaResponse
	r.Schema(ctx, resource.SchemaRequest{}, &schema)
	resp := resource.ImportStateResponse{State: tfsdk.State{Schema: schema.Schema,
		Raw: tftypes.NewValue(schema.Schema.Type().TerraformType(ctx), nil)}}
	r.ImportState(ctx, resource.ImportStateRequest{ID: id}, &resp)
	return resp
}
