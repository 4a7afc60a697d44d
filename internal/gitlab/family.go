package gitlab

import (
	"context"
	"crypto/tls"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/gitauth-dev/terraform-provider-gitauth/internal/family"
	"github.com/gitauth-dev/terraform-provider-gitauth/internal/httpclient"
)

// Name is the GitLab family's provider block.
const Name = "gitlab"

// Defaults of the gitlab block.
const (
	defaultBaseURL = "https://gitlab.com/api/v4"
	defaultRetries = 3
	maxRetries     = 10
)

// Environment variables the official GitLab provider reads too.
const (
	TokenEnv   = "GITLAB_TOKEN"
	BaseURLEnv = "GITLAB_BASE_URL"
)

// Family plugs GitLab into the provider.
type Family struct{}

var _ family.Family = Family{}

func (Family) Name() string { return Name }

// blockModel is the gitlab block as configured.
type blockModel struct {
	BaseURL    types.String `tfsdk:"base_url"`
	Token      types.String `tfsdk:"token"`
	CACertFile types.String `tfsdk:"cacert_file"`
	Insecure   types.Bool   `tfsdk:"insecure"`
	Retries    types.Number `tfsdk:"retries"`
}

// settings are the gitlab block resolved: environment variables and defaults applied, checked.
type settings struct {
	BaseURL string
	Token   string
	TLS     *tls.Config
	Retries int
}

func (Family) Block() schema.Block {
	return schema.SingleNestedBlock{
		MarkdownDescription: "Settings for `gitlab_project_access_token` and `gitlab_project_access_tokens`.",
		Attributes: map[string]schema.Attribute{
			"base_url": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "GitLab API URL, such as `https://gitlab.example.com/api/v4`. Defaults to `" +
					defaultBaseURL + "`. Falls back to the `" + BaseURLEnv + "` environment variable.",
			},
			"token": schema.StringAttribute{
				Optional:  true,
				Sensitive: true,
				MarkdownDescription: "Token with the `api` scope whose user has the Maintainer or Owner role on the " +
					"projects, sent as `PRIVATE-TOKEN`. Falls back to the `" + TokenEnv + "` environment variable " +
					"(also when set to an empty string).",
			},
			"cacert_file": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Path to a PEM file of CA certificates to trust for a self-managed GitLab.",
			},
			"insecure": schema.BoolAttribute{
				Optional:            true,
				MarkdownDescription: "Skip TLS certificate verification. Only for testing; conflicts with `cacert_file`.",
			},
			"retries": schema.NumberAttribute{
				Optional: true,
				MarkdownDescription: fmt.Sprintf("How many times a call answered 429 or 5xx (or, for reads and "+
					"revokes, cut off) is tried again. Defaults to %d, at most %d. %s",
					defaultRetries, maxRetries, httpclient.RetryAfterDoc),
				Validators: []validator.Number{family.WholeNumber(0, maxRetries, "")},
			},
		},
	}
}

// resolveSettings reads the gitlab block of config and the environment into settings.
func resolveSettings(ctx context.Context, config tfsdk.Config) (settings, diag.Diagnostics) {
	m, diags := family.ReadBlock[blockModel](ctx, config, Name)
	if diags.HasError() {
		return settings{}, diags
	}
	s := settings{Retries: defaultRetries}
	s.Token = family.Setting(&diags, m.Token, "gitlab.token", TokenEnv)
	s.BaseURL = family.Setting(&diags, m.BaseURL, "gitlab.base_url", BaseURLEnv)
	caFile := family.Setting(&diags, m.CACertFile, "gitlab.cacert_file", "")
	if diags.HasError() {
		return s, diags
	}
	if s.Token == "" {
		diags.AddError("Missing GitLab token",
			"Set `token` in the provider's `gitlab` block (gitlab.token), or the "+TokenEnv+" environment variable.")
	}
	if s.BaseURL == "" {
		s.BaseURL = defaultBaseURL
	}
	family.BaseURL(&diags, s.BaseURL, "gitlab.base_url", BaseURLEnv, defaultBaseURL)
	if caFile != "" && m.Insecure.ValueBool() {
		diags.AddError("Conflicting gitlab.cacert_file and gitlab.insecure",
			"gitlab.insecure = true skips certificate verification, so gitlab.cacert_file would be ignored. "+
				"Keep cacert_file to verify the server with that CA, or insecure only for testing.")
	}
	tlsCfg, err := httpclient.TLSConfig(caFile, m.Insecure.ValueBool())
	if err != nil {
		diags.AddError("Invalid gitlab.cacert_file", err.Error())
	}
	s.TLS = tlsCfg
	if !m.Retries.IsNull() && !m.Retries.IsUnknown() {
		s.Retries = int(family.Whole(m.Retries.ValueBigFloat()))
	}
	return s, diags
}

func (Family) NewClient(ctx context.Context, config tfsdk.Config, common family.Common) (any, diag.Diagnostics) {
	s, diags := resolveSettings(ctx, config)
	if diags.HasError() {
		return nil, diags
	}
	hc := httpclient.New(httpclient.Config{
		UserAgent: common.UserAgent,
		Retries:   s.Retries,
		TLS:       s.TLS,
		Secrets:   []string{s.Token},
	})
	client, err := NewClient(s.BaseURL, s.Token, hc)
	if err != nil {
		diags.AddError("Cannot set up the GitLab client", err.Error())
		return nil, diags
	}
	return client, diags
}

func (Family) Resources() []func() resource.Resource {
	return []func() resource.Resource{newProjectAccessTokenResource}
}

func (Family) DataSources() []func() datasource.DataSource {
	return []func() datasource.DataSource{newProjectAccessTokensDataSource}
}

func (Family) EphemeralResources() []func() ephemeral.EphemeralResource { return nil }

func (Family) ListResources() []func() list.ListResource {
	return []func() list.ListResource{newProjectAccessTokenListResource}
}

// clientFrom is the one way a GitLab type reaches its configured client.
func clientFrom(data *family.Data) (*Client, diag.Diagnostics) {
	return family.Client[*Client](data, Name)
}
