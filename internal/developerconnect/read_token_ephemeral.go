package developerconnect

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/gitauth-dev/terraform-provider-gitauth/internal/family"
	"github.com/gitauth-dev/terraform-provider-gitauth/internal/httpclient"
	"github.com/gitauth-dev/terraform-provider-gitauth/internal/lean"
)

var _ ephemeral.EphemeralResourceWithConfigure = (*readTokenEphemeralResource)(nil)

// linkForm is the full name of a git repository link.
// A project may be scoped to a domain (example.com:my-project); a location is never the wildcard -.
var linkForm = regexp.MustCompile(`^projects/(?:[a-z0-9.-]+:)?[A-Za-z0-9][A-Za-z0-9._-]*/locations/[a-z][a-z0-9-]*/` +
	`connections/[A-Za-z0-9][A-Za-z0-9._-]*/gitRepositoryLinks/[A-Za-z0-9][A-Za-z0-9._-]*$`)

const linkFormHelp = "projects/{project}/locations/{location}/connections/{connection}/gitRepositoryLinks/{link}"

// fetchPermission is the IAM permission fetchReadToken needs.
const fetchPermission = "developerconnect.gitRepositoryLinks.fetchReadToken"

// NewReadTokenEphemeralResource returns the developerconnect_read_token ephemeral resource.
func NewReadTokenEphemeralResource() ephemeral.EphemeralResource {
	return &readTokenEphemeralResource{}
}

type readTokenEphemeralResource struct {
	data *family.Data
}

type readTokenModel struct {
	GitRepositoryLink types.String `tfsdk:"git_repository_link"`
	Token             types.String `tfsdk:"token"`
	GitUsername       types.String `tfsdk:"git_username"`
	ExpirationTime    types.String `tfsdk:"expiration_time"`
}

func (r *readTokenEphemeralResource) Metadata(_ context.Context, _ ephemeral.MetadataRequest, resp *ephemeral.MetadataResponse) {
	// The type name is fixed by our users and does not carry the provider's prefix.
	resp.TypeName = "developerconnect_read_token"
}

func (r *readTokenEphemeralResource) Schema(_ context.Context, _ ephemeral.SchemaRequest, resp *ephemeral.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A short-lived read token of a Developer Connect git repository link, to clone with. " +
			"It is fetched at every plan and apply and never written to state or plan (Terraform 1.10 and later). " +
			"The credentials need the `" + fetchPermission + "` permission on the link.",
		Attributes: map[string]schema.Attribute{
			"git_repository_link": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "Full name of the git repository link: `" + linkFormHelp + "`.",
				Validators: []validator.String{
					stringvalidator.RegexMatches(linkForm, "must be the full name of a git repository link, "+linkFormHelp),
				},
			},
			"token": schema.StringAttribute{
				Computed:            true,
				Sensitive:           true,
				MarkdownDescription: "The read token.",
			},
			"git_username": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "User name to clone with the token, such as `x-access-token` for GitHub or `oauth2` for GitLab.",
			},
			"expiration_time": schema.StringAttribute{
				Computed: true,
				MarkdownDescription: "When the token expires (RFC 3339, as Developer Connect gave it), or null when it " +
					"does not say.",
			},
		},
	}
}

func (r *readTokenEphemeralResource) Configure(_ context.Context, req ephemeral.ConfigureRequest, resp *ephemeral.ConfigureResponse) {
	data, diags := family.FromProviderData(req.ProviderData)
	resp.Diagnostics.Append(diags...)
	r.data = data
}

func (r *readTokenEphemeralResource) Open(ctx context.Context, req ephemeral.OpenRequest, resp *ephemeral.OpenResponse) {
	var m readTokenModel
	resp.Diagnostics.Append(lean.Get(ctx, req.Config, &m)...)
	client, diags := clientFrom(r.data)
	if unknown := family.UnknownSettings(diags); len(unknown) > 0 && !family.KnownOnly(diags).HasError() {
		// A provider setting is not known until apply, so this is a plan: the token is too.
		m.Token, m.GitUsername, m.ExpirationTime = types.StringUnknown(), types.StringUnknown(), types.StringUnknown()
		resp.Diagnostics.AddWarning("Read token fetched at apply", fetchedAtApply(unknown, m.GitRepositoryLink.ValueString()))
		resp.Diagnostics.Append(lean.Set(ctx, &resp.Result, &m)...)
		return
	}
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	link := m.GitRepositoryLink.ValueString()
	tok, err := client.FetchReadToken(ctx, link)
	if err != nil {
		resp.Diagnostics.Append(family.Diagnostic("Cannot fetch a read token of "+link, err, nextStep(err, link)))
		return
	}
	m.Token = types.StringValue(tok.Token)
	m.GitUsername = types.StringValue(tok.GitUsername)
	m.ExpirationTime = types.StringNull()
	if tok.ExpirationTime != "" {
		m.ExpirationTime = types.StringValue(tok.ExpirationTime)
		// A time that does not parse still leaves the token usable.
		if !readableTime(tok.ExpirationTime) {
			resp.Diagnostics.AddWarning("Unreadable expiration time",
				fmt.Sprintf("Developer Connect answered an expirationTime for %s that is not RFC 3339: %q. The token is "+
					"used as it is; please report this.", link, tok.ExpirationTime))
		}
	}
	resp.Diagnostics.Append(lean.Set(ctx, &resp.Result, &m)...)
}

// fetchedAtApply says why a plan holds no read token of link, and what OpenTofu needs: Terraform
// takes an unknown result at plan, OpenTofu refuses it ("Provider produced invalid object"), and both
// open the block only at apply when it depends on a resource about to change.
func fetchedAtApply(unknown []string, link string) string {
	settings := strings.Join(unknown, " and ")
	return fmt.Sprintf("The provider's %s is not known until apply, so this plan cannot fetch the read token of %s: "+
		"it is unknown here and fetched at apply. OpenTofu refuses an ephemeral resource that is unknown at plan: "+
		"unless this block already has depends_on = [the resource that %s comes from], add it, so that every engine "+
		"opens the block at apply only.", settings, link, settings)
}

// readableTime reports whether s is an RFC 3339 time, in any offset and with any number of
// fractional digits; RFC 3339 allows a lower-case t and z.
func readableTime(s string) bool {
	_, err := time.Parse(time.RFC3339Nano, strings.ToUpper(s))
	return err == nil
}

// nextStep says what to do about a failed fetch, by what Google answered.
func nextStep(err error, link string) string {
	var notSent *httpclient.NotSentError
	var apiErr *httpclient.APIError
	var tokenErr *TokenEndpointError
	switch {
	case errors.Is(err, ErrNotAToken):
		return "Something other than Developer Connect may be answering: check developerconnect.endpoint, then run the " +
			"command again."
	case errors.As(err, &notSent):
		return "The request never reached Developer Connect: check developerconnect.endpoint and the network."
	case !errors.As(err, &apiErr):
		return "No answer came from Google: check the network, developerconnect.endpoint and, for a key file, its token_uri."
	case apiErr.Status == http.StatusTooManyRequests || apiErr.Status >= 500:
		return "Google is busy or unavailable; run the command again later."
	case errors.As(err, &tokenErr):
		return "Google's token endpoint refused the credentials: check developerconnect.credentials (or " + CredentialsEnv +
			") or the application default credentials."
	case apiErr.Status == http.StatusUnauthorized:
		return "Google refused the credentials: check developerconnect.access_token (" + AccessTokenEnv + "; access tokens " +
			"expire after an hour), developerconnect.credentials (" + CredentialsEnv + "), or the application default credentials."
	case apiErr.Status == http.StatusForbidden:
		return "The credentials lack the IAM permission " + fetchPermission + " on " + link + ": grant them a role " +
			"that has it, such as Developer Connect Read Token Accessor (roles/developerconnect.readTokenAccessor)."
	case apiErr.Status == http.StatusNotFound && apiErr.Code == "":
		return "Google has no such API path (its answer is not an API error): check developerconnect.endpoint."
	case apiErr.Status == http.StatusNotFound:
		return "Check git_repository_link: the project, location, connection and link must exist, as in " +
			"`gcloud developer-connect connections git-repository-links list --connection=<connection> --location=<location>`."
	}
	return ""
}
