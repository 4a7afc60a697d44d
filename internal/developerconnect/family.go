package developerconnect

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/gitauth-dev/terraform-provider-gitauth/internal/family"
	"github.com/gitauth-dev/terraform-provider-gitauth/internal/httpclient"
)

// Name is the Developer Connect family's provider block.
const Name = "developerconnect"

// DefaultEndpoint is Developer Connect's API, to which the client appends v1/.
const DefaultEndpoint = "https://developerconnect.googleapis.com/"

// Environment variables of the Google provider.
//
//nolint:gosec // G101 mistakes the variables' names for credentials.
const (
	AccessTokenEnv = "GOOGLE_OAUTH_ACCESS_TOKEN"
	CredentialsEnv = "GOOGLE_CREDENTIALS"
	EndpointEnv    = "GOOGLE_DEVELOPER_CONNECT_CUSTOM_ENDPOINT"
)

// Scope is the OAuth scope Developer Connect needs.
const Scope = "https://www.googleapis.com/auth/cloud-platform"

// credentialTypes are the key files credentials may hold: ours are never an external account,
// whose file can make the client run a command or read any URL.
var credentialTypes = []string{"service_account", "authorized_user"}

// retries is higher than the other families' 3: every ephemeral block fetches a token at each plan
// and apply, so one failed fetch fails the command, and a fetch changes nothing.
const retries = 5

// Family plugs Developer Connect into the provider.
type Family struct{}

var _ family.Family = Family{}

func (Family) Name() string { return Name }

type blockModel struct {
	Endpoint    types.String `tfsdk:"endpoint"`
	AccessToken types.String `tfsdk:"access_token"`
	Credentials types.String `tfsdk:"credentials"`
}

// Settings are the developerconnect block resolved. With neither AccessToken nor Credentials,
// application default credentials are used.
type Settings struct {
	Endpoint    string
	AccessToken string
	// Credentials is the content of a key file, read from a path when one was given.
	Credentials []byte
}

func (Family) Block() schema.Block {
	return schema.SingleNestedBlock{
		MarkdownDescription: "Settings for `developerconnect_read_token`. Authenticate with `access_token`, else " +
			"`credentials`, else application default credentials (`GOOGLE_APPLICATION_CREDENTIALS`, `gcloud auth " +
			"application-default login`, or the metadata server; these may be of any type Google's libraries accept, " +
			"workload identity federation included), with the `cloud-platform` scope.",
		Attributes: map[string]schema.Attribute{
			"endpoint": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Developer Connect API URL, with or without the `v1/` the Google provider's custom " +
					"endpoints end in. Defaults to `" + DefaultEndpoint + "`. Falls back to the `" + EndpointEnv +
					"` environment variable.",
			},
			"access_token": schema.StringAttribute{
				Optional:  true,
				Sensitive: true,
				MarkdownDescription: "OAuth 2.0 access token, used as it is (it is not refreshed). Falls back to the `" +
					AccessTokenEnv + "` environment variable. Wins over `credentials`.",
			},
			"credentials": schema.StringAttribute{
				Optional:  true,
				Sensitive: true,
				MarkdownDescription: "Path to a key file, or its JSON content: a service account key or an authorized " +
					"user's credentials (" + family.Backticked(credentialTypes) + "). Falls back to the `" + CredentialsEnv +
					"` environment variable.",
			},
		},
	}
}

// ResolveSettings reads the developerconnect block of config and the environment into Settings.
func ResolveSettings(ctx context.Context, config tfsdk.Config) (Settings, diag.Diagnostics) {
	m, diags := family.ReadBlock[blockModel](ctx, config, Name)
	if diags.HasError() {
		return Settings{}, diags
	}
	var s Settings
	s.Endpoint = family.Setting(&diags, m.Endpoint, "developerconnect.endpoint", EndpointEnv)
	s.AccessToken = family.Setting(&diags, m.AccessToken, "developerconnect.access_token", AccessTokenEnv)
	credentials := family.Document(&diags, m.Credentials, "developerconnect.credentials", CredentialsEnv)
	if diags.HasError() {
		return s, diags
	}
	if s.Endpoint == "" {
		s.Endpoint = DefaultEndpoint
	}
	family.BaseURL(&diags, s.Endpoint, "developerconnect.endpoint", EndpointEnv, DefaultEndpoint)
	// The client adds v1/ itself, while the Google provider's custom endpoints end in /v1/: take both.
	s.Endpoint = strings.TrimSuffix(strings.TrimSuffix(s.Endpoint, "/"), "/v1") + "/"
	if s.AccessToken == "" && credentials != "" {
		s.Credentials = keyFile(&diags, credentials)
	}
	return s, diags
}

// keyFile returns the key file that credentials holds or names, checked to be of a type we accept.
func keyFile(diags *diag.Diagnostics, credentials string) []byte {
	data := []byte(credentials)
	if !strings.HasPrefix(strings.TrimSpace(credentials), "{") {
		var err error
		// The path is the user's own setting, read as the Google provider reads it.
		if data, err = os.ReadFile(credentials); err != nil { //nolint:gosec // G304: a path the user configured
			// Only why: the path may be a secret given in the wrong place, such as an access token.
			var pathErr *fs.PathError
			if errors.As(err, &pathErr) {
				err = pathErr.Err
			}
			diags.AddError("Invalid developerconnect.credentials", fmt.Sprintf("developerconnect.credentials (or %s) "+
				"is neither JSON nor a readable file: %v.", CredentialsEnv, err))
			return nil
		}
	}
	var key struct {
		Type string `json:"type"`
	}
	if err := json.Unmarshal(data, &key); err != nil {
		diags.AddError("Invalid developerconnect.credentials", fmt.Sprintf("developerconnect.credentials (or %s) is "+
			"not a JSON key file: %v.", CredentialsEnv, err))
		return nil
	}
	if !slices.Contains(credentialTypes, key.Type) {
		diags.AddError("Invalid developerconnect.credentials", fmt.Sprintf("developerconnect.credentials (or %s) must "+
			"be a key file whose type is one of %s; got a file of type %q.", CredentialsEnv,
			strings.Join(credentialTypes, ", "), key.Type))
		return nil
	}
	return data
}

func (Family) NewClient(ctx context.Context, config tfsdk.Config, common family.Common) (any, diag.Diagnostics) {
	s, diags := ResolveSettings(ctx, config)
	if diags.HasError() {
		return nil, diags
	}
	hc := httpclient.New(httpclient.Config{
		UserAgent: common.UserAgent,
		Retries:   retries,
		Secrets:   []string{s.AccessToken, string(s.Credentials)},
	})
	client, err := NewClient(ctx, s, hc)
	if err != nil {
		diags.AddError("Cannot set up Google credentials for Developer Connect", err.Error()+"\n\n"+
			fmt.Sprintf("Set developerconnect.access_token (or %s), developerconnect.credentials (or %s), or "+
				"application default credentials (GOOGLE_APPLICATION_CREDENTIALS, or `gcloud auth application-default login`).",
				AccessTokenEnv, CredentialsEnv))
		return nil, diags
	}
	return client, diags
}

func (Family) Resources() []func() resource.Resource { return nil }

func (Family) ListResources() []func() list.ListResource { return nil }

func (Family) DataSources() []func() datasource.DataSource { return nil }

func (Family) EphemeralResources() []func() ephemeral.EphemeralResource {
	return []func() ephemeral.EphemeralResource{NewReadTokenEphemeralResource}
}

// clientFrom is the one way a Developer Connect type reaches its configured client.
func clientFrom(data *family.Data) (*Client, diag.Diagnostics) {
	return family.Client[*Client](data, Name)
}
