package acctest

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// Object is a value of typ with the attributes set, the others null, for tests that call the
// provider's server as an engine does.
func Object(typ tftypes.Object, set map[string]tftypes.Value) tftypes.Value {
	attrs := make(map[string]tftypes.Value, len(typ.AttributeTypes))
	for name, attrType := range typ.AttributeTypes {
		attrs[name] = tftypes.NewValue(attrType, nil)
		if v, ok := set[name]; ok {
			attrs[name] = v
		}
	}
	return tftypes.NewValue(typ, attrs)
}

// Dynamic is Object's value as an engine sends it.
func Dynamic(t *testing.T, typ tftypes.Object, set map[string]tftypes.Value) *tfprotov6.DynamicValue {
	t.Helper()
	v, err := tfprotov6.NewDynamicValue(typ, Object(typ, set))
	if err != nil {
		t.Fatal(err)
	}
	return &v
}

// Serve returns the provider's server and its schemas, configured as an engine does with the
// blocks given (attributes by block name), for what an engine receives but the test framework does
// not show, such as the warnings of terraform query.
func (e *Env) Serve(t *testing.T, blocks map[string]map[string]tftypes.Value) (tfprotov6.ProviderServer, *tfprotov6.GetProviderSchemaResponse) {
	t.Helper()
	ctx := context.Background()
	server, err := e.Factories()["gitauth"]()
	if err != nil {
		t.Fatal(err)
	}
	schemas, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	providerType, ok := schemas.Provider.ValueType().(tftypes.Object)
	settings := map[string]tftypes.Value{}
	for name, attrs := range blocks {
		blockType, isBlock := providerType.AttributeTypes[name].(tftypes.Object)
		if !ok || !isBlock {
			t.Fatalf("the provider has no block %q", name)
		}
		settings[name] = Object(blockType, attrs)
	}
	configured, err := server.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{Config: Dynamic(t, providerType, settings)})
	if err != nil || len(configured.Diagnostics) > 0 {
		t.Fatalf("configure: %v %v", err, configured.Diagnostics)
	}
	return server, schemas
}
