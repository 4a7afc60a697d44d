// Package provider is the gitauth provider: its configuration, and the list of the types each API
// family defines.
package provider

import (
	"context"
	"os"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/gitauth-dev/terraform-provider-gitauth/internal/gitlab"
)

// Address is the provider's registry address.
const Address = "registry.terraform.io/gitauth-dev/gitauth"

// NowEnv names the environment variable that fixes the provider's clock (RFC 3339), so that a
// time-based rotation can be tried by hand without waiting for it.
const NowEnv = "GITAUTH_NOW"

var _ provider.Provider = (*gitauthProvider)(nil)

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
		p := &gitauthProvider{version: version, now: clockFromEnv(os.Getenv(NowEnv))}
		for _, o := range opts {
			o(p)
		}
		return p
	}
}

// clockFromEnv returns a clock fixed at value, or the real clock when value is empty or unreadable.
func clockFromEnv(value string) func() time.Time {
	fixed, err := time.Parse(time.RFC3339, value)
	if err != nil {
		return time.Now
	}
	return func() time.Time { return fixed }
}

func (p *gitauthProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "gitauth"
	resp.Version = p.version
}

func (p *gitauthProvider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{
		func() resource.Resource { return gitlab.NewProjectAccessTokenResource(p.now) },
	}
}

func (p *gitauthProvider) DataSources(context.Context) []func() datasource.DataSource {
	return nil
}
