// Package family is the seam through which each API family (GitLab, ServiceStage, Developer
// Connect) plugs into the provider: its provider block, how that block becomes a client (built
// lazily, once, by the first type that needs it), and its Terraform types. The provider package
// loops over the families and knows none of them; a family knows nothing of the others.
//
// It also holds what every family's block and types share: reading a setting from the block or
// its environment variable (settings.go), and the checks of arguments and settings, with the
// descriptions built from the same lists (checks.go, numbers.go).
package family

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
)

// Family is what one API family package exports to the provider.
type Family interface {
	// Name names the family's provider block, such as "gitlab".
	Name() string
	// Block is the schema of that block.
	Block() schema.Block
	// NewClient reads the family's block from config, resolves it and its environment variables into
	// settings, and builds the family's client. It contacts nothing. It runs the first time one of
	// the family's types asks for the client, so that a configuration using one family needs no
	// settings of the others.
	NewClient(ctx context.Context, config tfsdk.Config, common Common) (any, diag.Diagnostics)
	Resources() []func() resource.Resource
	DataSources() []func() datasource.DataSource
	EphemeralResources() []func() ephemeral.EphemeralResource
	// ListResources list existing objects of the family's resources, for terraform query.
	ListResources() []func() list.ListResource
}

// Common is what every family's client is built with.
type Common struct {
	// UserAgent is sent on every API request.
	UserAgent string
}

// Data is the provider data every type receives in Configure.
type Data struct {
	// Now is the provider's clock: the real one, unless GITAUTH_NOW or a test fixes it. It decides
	// expiry dates and due rotations, never how long a call took.
	Now     func() time.Time
	clients map[string]*lazy
}

// NewData returns the provider data for a configured provider: builders of each family's client,
// by family name, each run at most once.
func NewData(now func() time.Time, builders map[string]func() (any, diag.Diagnostics)) *Data {
	d := &Data{Now: now, clients: make(map[string]*lazy, len(builders))}
	for name, build := range builders {
		d.clients[name] = &lazy{build: build}
	}
	return d
}

// FromProviderData is the one way a type reaches the provider's data from its Configure. It
// returns nil without error when Terraform has not configured the provider yet.
func FromProviderData(providerData any) (*Data, diag.Diagnostics) {
	var diags diag.Diagnostics
	if providerData == nil {
		return nil, diags
	}
	d, ok := providerData.(*Data)
	if !ok {
		diags.AddError("Unexpected provider data", fmt.Sprintf("Expected *family.Data, got %T; please report this.", providerData))
	}
	return d, diags
}

// Client returns the client of the family named name, building it on first use. Every later call
// gets the same client, or the same diagnostics.
func Client[C any](d *Data, name string) (C, diag.Diagnostics) {
	var zero C
	var diags diag.Diagnostics
	if d == nil {
		diags.AddError("Provider not configured", "The gitauth provider was not configured before use; please report this.")
		return zero, diags
	}
	l, ok := d.clients[name]
	if !ok {
		diags.AddError("Unknown API family", fmt.Sprintf("No family named %q is registered; please report this.", name))
		return zero, diags
	}
	client, diags := l.get()
	if diags.HasError() {
		return zero, diags
	}
	c, ok := client.(C)
	if !ok {
		diags.AddError("Unexpected client type", fmt.Sprintf("Family %q built a %T; please report this.", name, client))
	}
	return c, diags
}

// ReadBlock reads a family's block from the provider configuration; an absent block reads as the
// zero value of its model.
func ReadBlock[T any](ctx context.Context, config tfsdk.Config, name string) (T, diag.Diagnostics) {
	var m *T
	diags := config.GetAttribute(ctx, path.Root(name), &m)
	if m == nil {
		var zero T
		return zero, diags
	}
	return *m, diags
}

// lazy builds one family's client once.
type lazy struct {
	once   sync.Once
	build  func() (any, diag.Diagnostics)
	client any
	diags  diag.Diagnostics
}

func (l *lazy) get() (any, diag.Diagnostics) {
	l.once.Do(func() { l.client, l.diags = l.build() })
	return l.client, l.diags
}

// Diagnostic turns an error into an error diagnostic: what failed, what the API said, and what the
// user can do next. Every family reports API errors through it.
func Diagnostic(summary string, err error, next string) diag.Diagnostic {
	detail := err.Error()
	if next != "" {
		detail += "\n\n" + next
	}
	return diag.NewErrorDiagnostic(summary, detail)
}
