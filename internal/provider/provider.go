// Package provider is the gitauth provider. It only loops over the API families: each family
// package brings its provider block, its client and its types (see internal/family).
package provider

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/gitauth-dev/terraform-provider-gitauth/internal/developerconnect"
	"github.com/gitauth-dev/terraform-provider-gitauth/internal/family"
	"github.com/gitauth-dev/terraform-provider-gitauth/internal/gitlab"
	"github.com/gitauth-dev/terraform-provider-gitauth/internal/servicestage"
)

// Address is the provider's registry address.
const Address = "registry.terraform.io/gitauth-dev/gitauth"

// NowEnv names the environment variable that fixes the provider's clock (RFC 3339), so that a
// time-based rotation can be tried by hand without waiting for it.
const NowEnv = "GITAUTH_NOW"

// families are the API families the provider serves, each with its provider block and types.
var families = []family.Family{gitlab.Family{}, servicestage.Family{}, developerconnect.Family{}}

var (
	_ provider.Provider                       = (*gitauthProvider)(nil)
	_ provider.ProviderWithEphemeralResources = (*gitauthProvider)(nil)
	_ provider.ProviderWithListResources      = (*gitauthProvider)(nil)
)

type gitauthProvider struct {
	version string
	now     func() time.Time
}

// Option changes how New builds the provider.
type Option func(*gitauthProvider)

// WithClock makes the provider read time from now; tests share one clock with the mock APIs.
func WithClock(now func() time.Time) Option {
	return func(p *gitauthProvider) { p.now = now }
}

// New returns a constructor of the provider, as providerserver expects.
func New(version string, opts ...Option) func() provider.Provider {
	return func() provider.Provider {
		p := &gitauthProvider{version: version}
		for _, o := range opts {
			o(p)
		}
		return p
	}
}

func (p *gitauthProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "gitauth"
	resp.Version = p.version
}

func (p *gitauthProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	blocks := make(map[string]schema.Block, len(families))
	for _, f := range families {
		blocks[f.Name()] = f.Block()
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Manages git credentials. Every setting is optional: a family's settings are read " +
			"only when one of its types is used, and each falls back to an environment variable.",
		Blocks: blocks,
	}
}

func (p *gitauthProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	now, diags := clock(p.now, os.Getenv(NowEnv))
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	common := family.Common{UserAgent: "terraform-provider-gitauth/" + p.version}
	// A client outlives the request that first needs it (Google tokens are minted through it later),
	// so it is built with this request's loggers, which live as long as the provider: NewServer
	// lets the context of a resource's request go when the request ends.
	ctx = context.WithoutCancel(ctx)
	builders := make(map[string]func() (any, diag.Diagnostics), len(families))
	for _, f := range families {
		builders[f.Name()] = func() (any, diag.Diagnostics) {
			return f.NewClient(ctx, req.Config, common)
		}
	}
	data := family.NewData(now, builders)
	resp.ResourceData = data
	resp.DataSourceData = data
	resp.EphemeralResourceData = data
	resp.ListResourceData = data
}

// clock is the clock a test gave, else the one GITAUTH_NOW fixes, else the real one.
func clock(fixed func() time.Time, env string) (func() time.Time, diag.Diagnostics) {
	var diags diag.Diagnostics
	switch {
	case fixed != nil:
		return fixed, diags
	case env == "":
		return time.Now, diags
	}
	at, err := time.Parse(time.RFC3339, env)
	if err != nil {
		diags.AddError("Invalid "+NowEnv,
			fmt.Sprintf("%s must be an RFC 3339 time such as \"2026-06-01T12:00:00Z\", or unset; got %q.", NowEnv, env))
		return nil, diags
	}
	return func() time.Time { return at }, diags
}

func (p *gitauthProvider) Resources(context.Context) []func() resource.Resource {
	return collect(family.Family.Resources)
}

func (p *gitauthProvider) DataSources(context.Context) []func() datasource.DataSource {
	return collect(family.Family.DataSources)
}

func (p *gitauthProvider) EphemeralResources(context.Context) []func() ephemeral.EphemeralResource {
	return collect(family.Family.EphemeralResources)
}

// ListResources are what terraform query lists (Terraform 1.14 and later).
func (p *gitauthProvider) ListResources(context.Context) []func() list.ListResource {
	return collect(family.Family.ListResources)
}

// collect joins one list of every family.
func collect[T any](list func(family.Family) []T) []T {
	var out []T
	for _, f := range families {
		out = append(out, list(f)...)
	}
	return out
}
