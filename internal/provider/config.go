package provider

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/gitauth-dev/terraform-provider-gitauth/internal/gitlab"
	"github.com/gitauth-dev/terraform-provider-gitauth/internal/httpclient"
)

// Defaults of the gitlab block.
const (
	defaultGitLabBaseURL = "https://gitlab.com/api/v4"
	defaultRetries       = 3
	maxRetries           = 10
)

type providerModel struct {
	GitLab           *gitlabModel           `tfsdk:"gitlab"`
	ServiceStage     *servicestageModel     `tfsdk:"servicestage"`
	DeveloperConnect *developerconnectModel `tfsdk:"developerconnect"`
}

type gitlabModel struct {
	BaseURL    types.String `tfsdk:"base_url"`
	Token      types.String `tfsdk:"token"`
	CACertFile types.String `tfsdk:"cacert_file"`
	Insecure   types.Bool   `tfsdk:"insecure"`
	Retries    types.Int64  `tfsdk:"retries"`
}

type servicestageModel struct {
	Region        types.String `tfsdk:"region"`
	ProjectID     types.String `tfsdk:"project_id"`
	Endpoint      types.String `tfsdk:"endpoint"`
	AuthToken     types.String `tfsdk:"auth_token"`
	AccessKey     types.String `tfsdk:"access_key"`
	SecretKey     types.String `tfsdk:"secret_key"`
	SecurityToken types.String `tfsdk:"security_token"`
}

type developerconnectModel struct {
	Endpoint    types.String `tfsdk:"endpoint"`
	AccessToken types.String `tfsdk:"access_token"`
	Credentials types.String `tfsdk:"credentials"`
}

// str describes a string setting of a block; its env var is named in the description.
func str(description, env string, sensitive bool) schema.StringAttribute {
	if env != "" {
		description += fmt.Sprintf(" Falls back to the `%s` environment variable.", env)
	}
	return schema.StringAttribute{Optional: true, Sensitive: sensitive, MarkdownDescription: description}
}

func (p *gitauthProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Manages git credentials on GitLab, Huawei Cloud ServiceStage and Google Developer Connect. " +
			"Every setting is optional: a family's credentials are needed only by the types of that family.",
		Blocks: map[string]schema.Block{
			"gitlab": schema.SingleNestedBlock{
				MarkdownDescription: "Settings for `gitlab_project_access_token`.",
				Attributes: map[string]schema.Attribute{
					"base_url": str("GitLab API URL, such as `https://gitlab.example.com/api/v4`. "+
						"Defaults to `"+defaultGitLabBaseURL+"`.", "GITLAB_BASE_URL", false),
					"token": str("Token with the `api` scope and the Maintainer or Owner role on the projects, "+
						"sent as `PRIVATE-TOKEN`.", "GITLAB_TOKEN", true),
					"cacert_file": str("Path to a PEM file of CA certificates to trust for a self-managed GitLab.", "", false),
					"insecure": schema.BoolAttribute{
						Optional:            true,
						MarkdownDescription: "Skip TLS certificate verification. Only for testing.",
					},
					"retries": schema.Int64Attribute{
						Optional: true,
						MarkdownDescription: fmt.Sprintf("How many times a call answered 429 or 5xx (or, for reads and "+
							"revokes, cut off) is tried again, honouring `Retry-After`. Defaults to %d, at most %d.",
							defaultRetries, maxRetries),
						Validators: []validator.Int64{int64validator.Between(0, maxRetries)},
					},
				},
			},
			"servicestage": schema.SingleNestedBlock{
				MarkdownDescription: "Settings for `gitauth_private_token` and `git_authorizations`. " +
					"Authenticate with `auth_token`, or with `access_key` and `secret_key` (request signing).",
				Attributes: map[string]schema.Attribute{
					"region":         str("Huawei Cloud region, such as `ap-southeast-1`.", "HW_REGION_NAME", false),
					"project_id":     str("Huawei Cloud project ID of the region.", "HW_PROJECT_ID", false),
					"endpoint":       str("ServiceStage endpoint, replacing the one derived from `region`.", "", false),
					"auth_token":     str("IAM token, sent as `X-Auth-Token`.", "HW_AUTH_TOKEN", true),
					"access_key":     str("Access key ID for request signing.", "HW_ACCESS_KEY", false),
					"secret_key":     str("Secret access key for request signing.", "HW_SECRET_KEY", true),
					"security_token": str("Security token of temporary credentials.", "HW_SECURITY_TOKEN", true),
				},
			},
			"developerconnect": schema.SingleNestedBlock{
				MarkdownDescription: "Settings for `developerconnect_read_token`. Without `access_token` or " +
					"`credentials`, application default credentials are used.",
				Attributes: map[string]schema.Attribute{
					"endpoint":     str("Developer Connect endpoint ending in `/v1/`.", "", false),
					"access_token": str("OAuth 2.0 access token.", "GOOGLE_OAUTH_ACCESS_TOKEN", true),
					"credentials":  str("Service account key: a file path or its JSON content.", "GOOGLE_CREDENTIALS", true),
				},
			},
		},
	}
}

func (p *gitauthProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var cfg providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	c := &clients{userAgent: "terraform-provider-gitauth/" + p.version, gitlabCfg: cfg.GitLab}
	resp.ResourceData = c
	resp.DataSourceData = c
	resp.EphemeralResourceData = c
}

// clients builds each family's client on first use, so that a configuration that manages only
// GitLab tokens needs no Huawei or Google settings.
type clients struct {
	userAgent string

	gitlabCfg   *gitlabModel
	gitlabOnce  sync.Once
	gitlab      *gitlab.Client
	gitlabDiags diag.Diagnostics
}

var _ gitlab.ClientSource = (*clients)(nil)

func (c *clients) GitLab() (*gitlab.Client, diag.Diagnostics) {
	c.gitlabOnce.Do(func() { c.gitlab, c.gitlabDiags = c.newGitLab() })
	return c.gitlab, c.gitlabDiags
}

func (c *clients) newGitLab() (*gitlab.Client, diag.Diagnostics) {
	m := c.gitlabCfg
	if m == nil {
		m = &gitlabModel{}
	}
	var diags diag.Diagnostics
	token := setting(&diags, m.Token, "gitlab.token", "GITLAB_TOKEN")
	baseURL := setting(&diags, m.BaseURL, "gitlab.base_url", "GITLAB_BASE_URL")
	if diags.HasError() {
		return nil, diags
	}
	if token == "" {
		diags.AddError("Missing GitLab token",
			"Set `token` in the provider's `gitlab` block (gitlab.token), or the GITLAB_TOKEN environment variable.")
		return nil, diags
	}
	if baseURL == "" {
		baseURL = defaultGitLabBaseURL
	}
	if u, err := url.Parse(baseURL); err != nil || u.Host == "" {
		diags.AddError("Invalid GitLab base URL",
			fmt.Sprintf("gitlab.base_url (or GITLAB_BASE_URL) must be an absolute URL such as %q; got %q.", defaultGitLabBaseURL, baseURL))
		return nil, diags
	}
	tlsCfg, err := httpclient.TLSConfig(m.CACertFile.ValueString(), m.Insecure.ValueBool())
	if err != nil {
		diags.AddError("Invalid gitlab.cacert_file", err.Error())
		return nil, diags
	}
	retries := int64(defaultRetries)
	if !m.Retries.IsNull() && !m.Retries.IsUnknown() {
		retries = m.Retries.ValueInt64()
	}
	hc := httpclient.New(httpclient.Config{
		UserAgent: c.userAgent,
		Retries:   int(retries),
		TLS:       tlsCfg,
		Secrets:   []string{token},
	})
	client, err := gitlab.NewClient(baseURL, token, hc)
	if err != nil {
		diags.AddError("Cannot set up the GitLab client", err.Error())
	}
	return client, diags
}

// setting resolves the string attribute attr (a path such as gitlab.token) from the configuration,
// else from its environment variable. An unknown value (say, from a resource not yet created) cannot
// be used to call an API, and says so.
func setting(diags *diag.Diagnostics, v types.String, attr, env string) string {
	if v.IsUnknown() {
		diags.AddError("Unknown "+attr,
			fmt.Sprintf("The provider's %s is not known until apply, so it cannot be used yet. "+
				"Set it to a value known at plan time, or use the %s environment variable.", attr, env))
		return ""
	}
	if v.IsNull() && env != "" {
		return os.Getenv(env)
	}
	return v.ValueString()
}
