package servicestage

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
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
	"github.com/gitauth-dev/terraform-provider-gitauth/internal/servicestage/signer"
)

// Name is the ServiceStage family's provider block.
const Name = "servicestage"

// Environment variables. The HW_* ones are those of the official Huawei Cloud provider; the
// endpoint's is ours, as that provider has none. They name variables, not credentials.
//
//nolint:gosec // G101 mistakes the variables' names for credentials.
const (
	RegionEnv        = "HW_REGION_NAME"
	ProjectIDEnv     = "HW_PROJECT_ID"
	AuthTokenEnv     = "HW_AUTH_TOKEN"
	AccessKeyEnv     = "HW_ACCESS_KEY"
	SecretKeyEnv     = "HW_SECRET_KEY"
	SecurityTokenEnv = "HW_SECURITY_TOKEN"
	EndpointEnv      = "GITAUTH_SERVICESTAGE_ENDPOINT"
)

const retries = 3

// regionForm is a Huawei Cloud region name such as cn-north-4 or eu-west-101.
var regionForm = regexp.MustCompile(`^[a-z]{2}(-[a-z]+)+-[0-9]+$`)

// Family plugs ServiceStage into the provider.
type Family struct{}

var _ family.Family = Family{}

func (Family) Name() string { return Name }

// blockModel is the servicestage block as configured.
type blockModel struct {
	Region        types.String `tfsdk:"region"`
	ProjectID     types.String `tfsdk:"project_id"`
	Endpoint      types.String `tfsdk:"endpoint"`
	AuthToken     types.String `tfsdk:"auth_token"`
	AccessKey     types.String `tfsdk:"access_key"`
	SecretKey     types.String `tfsdk:"secret_key"`
	SecurityToken types.String `tfsdk:"security_token"`
}

// Settings are the servicestage block resolved: environment variables applied, checked.
type Settings struct {
	Endpoint  string
	ProjectID string // "" when only the types give one
	AuthToken string
	Key       signer.Key // used when AccessKey is set
	// SecurityToken goes with a temporary Key.
	SecurityToken string
}

func (Family) Block() schema.Block {
	text := func(description, env string) string {
		return description + " Falls back to the `" + env + "` environment variable."
	}
	secret := func(description, env string) schema.StringAttribute {
		return schema.StringAttribute{Optional: true, Sensitive: true, MarkdownDescription: text(description, env)}
	}
	return schema.SingleNestedBlock{
		MarkdownDescription: "Settings for `gitauth_private_token` and `git_authorizations`. Authenticate with " +
			"`auth_token`, or with `access_key` and `secret_key` (request signing). When both are set, " +
			"the access key is used and `auth_token` is ignored.",
		Attributes: map[string]schema.Attribute{
			"region": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: text("Region, such as `cn-north-4`. It gives the endpoint "+
					"`https://servicestage.<region>.myhuaweicloud.com`, or `https://servicestage.<region>.myhuaweicloud.eu` "+
					"for the regions whose names start with `eu-west-1`.", RegionEnv),
				Validators: []validator.String{family.UnlessBlank(
					stringvalidator.RegexMatches(regionForm, "must be a region name such as cn-north-4"))},
			},
			"project_id": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: text("Project ID (32 lower-case hexadecimal digits) used by the types that set none.", ProjectIDEnv),
				Validators:          []validator.String{family.UnlessBlank(projectIDValidator)},
			},
			"endpoint": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: text("ServiceStage API URL, such as `https://servicestage.cn-north-4.myhuaweicloud.com`. "+
					"Overrides the one `region` gives. The calls go to `/v1/...` under it: a path in it, as behind a proxy, "+
					"is kept and signed (the official SDK drops it).", EndpointEnv),
			},
			"auth_token": secret("IAM token, sent as `X-Auth-Token`. IAM tokens expire after 24 hours.", AuthTokenEnv),
			"access_key": secret("Access key ID; signs requests with `secret_key`.", AccessKeyEnv),
			"secret_key": secret("Secret access key, required with `access_key`.", SecretKeyEnv),
			"security_token": secret("Security token of temporary access keys, sent as `X-Security-Token`.",
				SecurityTokenEnv),
		},
	}
}

// ResolveSettings reads the servicestage block of config and the environment into Settings.
func ResolveSettings(ctx context.Context, config tfsdk.Config) (Settings, diag.Diagnostics) {
	m, diags := family.ReadBlock[blockModel](ctx, config, Name)
	if diags.HasError() {
		return Settings{}, diags
	}
	var s Settings
	region := family.Setting(&diags, m.Region, "servicestage.region", RegionEnv)
	s.ProjectID = family.Setting(&diags, m.ProjectID, "servicestage.project_id", ProjectIDEnv)
	s.Endpoint = family.Setting(&diags, m.Endpoint, "servicestage.endpoint", EndpointEnv)
	s.AuthToken = family.Setting(&diags, m.AuthToken, "servicestage.auth_token", AuthTokenEnv)
	s.Key.AccessKey = family.Setting(&diags, m.AccessKey, "servicestage.access_key", AccessKeyEnv)
	s.Key.SecretKey = family.Setting(&diags, m.SecretKey, "servicestage.secret_key", SecretKeyEnv)
	s.SecurityToken = family.Setting(&diags, m.SecurityToken, "servicestage.security_token", SecurityTokenEnv)
	if diags.HasError() {
		return s, diags
	}
	s.Endpoint = endpoint(&diags, s.Endpoint, region)
	checkCredentials(&diags, s)
	if s.ProjectID != "" && !projectIDForm.MatchString(s.ProjectID) {
		diags.AddError("Invalid servicestage.project_id", fmt.Sprintf("servicestage.project_id (or %s) %s; got %q.",
			ProjectIDEnv, projectIDRule, s.ProjectID))
	}
	return s, diags
}

// endpoint is the configured endpoint, else the region's.
func endpoint(diags *diag.Diagnostics, configured, region string) string {
	const example = "https://servicestage.cn-north-4.myhuaweicloud.com"
	switch {
	case configured != "":
		family.BaseURL(diags, configured, "servicestage.endpoint", EndpointEnv, example)
		return strings.TrimSuffix(configured, "/")
	case region == "":
		diags.AddError("Missing ServiceStage region", fmt.Sprintf("Set servicestage.region (or %s), such as "+
			"\"cn-north-4\", or servicestage.endpoint (or %s).", RegionEnv, EndpointEnv))
	case !regionForm.MatchString(region):
		diags.AddError("Invalid servicestage.region",
			fmt.Sprintf("servicestage.region (or %s) must be a region name such as \"cn-north-4\"; got %q.", RegionEnv, region))
	case strings.HasPrefix(region, "eu-west-1"):
		return "https://servicestage." + region + ".myhuaweicloud.eu"
	default:
		return "https://servicestage." + region + ".myhuaweicloud.com"
	}
	return ""
}

func checkCredentials(diags *diag.Diagnostics, s Settings) {
	switch {
	case s.Key.AccessKey != "" && s.Key.SecretKey == "":
		diags.AddError("Missing ServiceStage secret key",
			"servicestage.access_key (or "+AccessKeyEnv+") is set, so servicestage.secret_key (or "+SecretKeyEnv+
				") is needed to sign requests.")
	case s.Key.AccessKey == "" && s.Key.SecretKey != "":
		diags.AddError("Missing ServiceStage access key",
			"servicestage.secret_key (or "+SecretKeyEnv+") is set, so servicestage.access_key (or "+AccessKeyEnv+
				") is needed too.")
	case s.Key.AccessKey == "" && s.SecurityToken != "":
		diags.AddError("Missing ServiceStage access key",
			"servicestage.security_token (or "+SecurityTokenEnv+") is set, and it goes with a temporary "+
				"servicestage.access_key and servicestage.secret_key (or "+AccessKeyEnv+" and "+SecretKeyEnv+
				"): set them, or unset it to sign in with servicestage.auth_token alone.")
	case s.Key.AccessKey == "" && s.AuthToken == "":
		diags.AddError("Missing ServiceStage credentials",
			fmt.Sprintf("Set servicestage.auth_token (or %s), or servicestage.access_key and servicestage.secret_key "+
				"(or %s and %s; with temporary keys also servicestage.security_token or %s).",
				AuthTokenEnv, AccessKeyEnv, SecretKeyEnv, SecurityTokenEnv))
	}
}

func (Family) NewClient(ctx context.Context, config tfsdk.Config, common family.Common) (any, diag.Diagnostics) {
	s, diags := ResolveSettings(ctx, config)
	if diags.HasError() {
		return nil, diags
	}
	hc := httpclient.New(httpclient.Config{
		UserAgent: common.UserAgent,
		Retries:   retries,
		Secrets:   []string{s.AuthToken, s.Key.SecretKey, s.SecurityToken},
	})
	return NewClient(s, hc), diags
}

func (Family) Resources() []func() resource.Resource {
	return []func() resource.Resource{NewPrivateTokenResource}
}

func (Family) DataSources() []func() datasource.DataSource {
	return []func() datasource.DataSource{NewAuthorizationsDataSource}
}

func (Family) EphemeralResources() []func() ephemeral.EphemeralResource { return nil }

func (Family) ListResources() []func() list.ListResource {
	return []func() list.ListResource{NewPrivateTokenListResource}
}

// clientFrom is the one way a ServiceStage type reaches its configured client.
func clientFrom(data *family.Data) (*Client, diag.Diagnostics) {
	return family.Client[*Client](data, Name)
}
