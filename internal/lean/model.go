package lean

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// Get and Set move a model (a struct of attr.Values with tfsdk tags, as the framework's Get and
// Set take) from and into a plan, configuration, state, ephemeral result, list result or identity.
// They do what the framework's do, for the models this provider has, but read each struct's tags
// once (see the package doc).

// Readable is what Get reads from.
type Readable interface {
	tfsdk.State | tfsdk.Plan | tfsdk.Config
}

// Writable is what Set writes to.
type Writable interface {
	*tfsdk.State | *tfsdk.Plan | *tfsdk.EphemeralResultData | *tfsdk.Resource | *tfsdk.ResourceIdentity
}

// typed is a schema: every one has the object type of its values.
type typed interface {
	Type() attr.Type
}

// Get reads data into target, a pointer to a model.
func Get[D Readable](ctx context.Context, data D, target any) diag.Diagnostics {
	var schema typed
	var raw tftypes.Value
	switch d := any(data).(type) {
	case tfsdk.State:
		schema, raw = d.Schema, d.Raw
	case tfsdk.Plan:
		schema, raw = d.Schema, d.Raw
	case tfsdk.Config:
		schema, raw = d.Schema, d.Raw
	}
	return decode(ctx, schema, raw, target)
}

// Set writes model, a pointer to a model, into data.
func Set[D Writable](ctx context.Context, data D, model any) diag.Diagnostics {
	var schema typed
	var raw *tftypes.Value
	switch d := any(data).(type) {
	case *tfsdk.State:
		schema, raw = d.Schema, &d.Raw
	case *tfsdk.Plan:
		schema, raw = d.Schema, &d.Raw
	case *tfsdk.EphemeralResultData:
		schema, raw = d.Schema, &d.Raw
	case *tfsdk.Resource: // a list result's
		schema, raw = d.Schema, &d.Raw
	case *tfsdk.ResourceIdentity:
		schema, raw = d.Schema, &d.Raw
	}
	return encode(ctx, schema, raw, model)
}

func decode(ctx context.Context, schema typed, raw tftypes.Value, target any) diag.Diagnostics {
	types, model, fields, diags := prepare(schema, target)
	if diags.HasError() {
		return diags
	}
	var values map[string]tftypes.Value
	if !raw.IsKnown() || raw.IsNull() {
		return modelError(fmt.Sprintf("cannot read %s into %s", raw, model.Type()))
	}
	if err := raw.As(&values); err != nil {
		return modelError(fmt.Sprintf("cannot read %s into %s: %v", raw, model.Type(), err))
	}
	for _, f := range fields {
		value, err := types[f.name].ValueFromTerraform(ctx, values[f.name])
		if err != nil {
			return modelError(fmt.Sprintf("attribute %q: %v", f.name, err))
		}
		field := model.FieldByIndex(f.index)
		v := reflect.ValueOf(value)
		if !v.Type().AssignableTo(field.Type()) {
			return modelError(fmt.Sprintf("attribute %q is a %s; field %s.%s is a %s", f.name, v.Type(), model.Type(), f.goName, field.Type()))
		}
		field.Set(v)
	}
	return nil
}

func encode(ctx context.Context, schema typed, raw *tftypes.Value, source any) diag.Diagnostics {
	types, model, fields, diags := prepare(schema, source)
	if diags.HasError() {
		return diags
	}
	values := make(map[string]tftypes.Value, len(fields))
	for _, f := range fields {
		value, _ := model.FieldByIndex(f.index).Interface().(attr.Value) // fieldsOf checked it is one
		// As the framework does, a value of another type is refused, null or not, zero values of
		// collections and objects (which have no element types) included.
		if want := types[f.name]; !value.Type(ctx).Equal(want) {
			return modelError(fmt.Sprintf("field %s.%s is a %s, attribute %q a %s", model.Type(), f.goName, value.Type(ctx), f.name, want))
		}
		v, err := value.ToTerraformValue(ctx)
		if err != nil {
			return modelError(fmt.Sprintf("attribute %q: %v", f.name, err))
		}
		values[f.name] = v
	}
	t := schema.Type().TerraformType(ctx)
	if err := tftypes.ValidateValue(t, values); err != nil {
		return modelError(fmt.Sprintf("%s does not fit the schema: %v", model.Type(), err))
	}
	*raw = tftypes.NewValue(t, values)
	return nil
}

// prepare returns the schema's attribute types, the model's struct and its fields, after checking
// that the two have the same attributes.
func prepare(schema typed, target any) (map[string]attr.Type, reflect.Value, []field, diag.Diagnostics) {
	v := reflect.ValueOf(target)
	if v.Kind() != reflect.Pointer || v.IsNil() || v.Elem().Kind() != reflect.Struct {
		return nil, reflect.Value{}, nil, modelError(fmt.Sprintf("want a pointer to a struct, got %T", target))
	}
	model := v.Elem()
	fields, err := fieldsOf(model.Type())
	if err != nil {
		return nil, model, nil, modelError(err.Error())
	}
	object, ok := schema.Type().(attr.TypeWithAttributeTypes)
	if !ok {
		return nil, model, nil, modelError(fmt.Sprintf("the schema's type %s has no attributes", schema.Type()))
	}
	types := object.AttributeTypes()
	for _, f := range fields {
		if _, ok := types[f.name]; !ok {
			return nil, model, nil, modelError(fmt.Sprintf("%s has field %s for attribute %q, which the schema lacks", model.Type(), f.goName, f.name))
		}
	}
	if len(fields) != len(types) {
		return nil, model, nil, modelError(fmt.Sprintf("%s has %d attributes, the schema %d", model.Type(), len(fields), len(types)))
	}
	return types, model, fields, nil
}

type field struct {
	name   string // the tfsdk tag
	goName string
	index  []int
}

var fieldCache sync.Map // reflect.Type → []field

// fieldsOf returns the tagged fields of a model type, those of embedded structs included.
func fieldsOf(t reflect.Type) ([]field, error) {
	if cached, ok := fieldCache.Load(t); ok {
		fields, _ := cached.([]field)
		return fields, nil
	}
	fields, err := collectFields(t, nil)
	if err == nil {
		fieldCache.Store(t, fields)
	}
	return fields, err
}

var attrValue = reflect.TypeFor[attr.Value]()

func collectFields(t reflect.Type, prefix []int) ([]field, error) {
	var fields []field
	for i := range t.NumField() {
		sf := t.Field(i)
		index := append(append([]int(nil), prefix...), i)
		tag, tagged := sf.Tag.Lookup("tfsdk")
		switch {
		case tag == "-":
		case sf.Anonymous && !tagged && sf.Type.Kind() == reflect.Struct:
			embedded, err := collectFields(sf.Type, index)
			if err != nil {
				return nil, err
			}
			fields = append(fields, embedded...)
		case !sf.IsExported() && !sf.Anonymous: // as the framework does
		case !tagged || tag == "" || strings.Contains(tag, ","):
			return nil, fmt.Errorf("field %s.%s needs a tfsdk tag naming its attribute", t, sf.Name)
		case !sf.Type.Implements(attrValue) || sf.Type.Kind() == reflect.Pointer:
			return nil, fmt.Errorf("field %s.%s is a %s, not an attr.Value", t, sf.Name, sf.Type)
		default:
			fields = append(fields, field{name: tag, goName: sf.Name, index: index})
		}
	}
	return fields, nil
}

func modelError(detail string) diag.Diagnostics {
	var diags diag.Diagnostics
	diags.AddError("Provider model error", "This is a bug in the provider; please report it: "+detail)
	return diags
}
