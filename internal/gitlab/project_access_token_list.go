package gitlab

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/gitauth-dev/terraform-provider-gitauth/internal/family"
	"github.com/gitauth-dev/terraform-provider-gitauth/internal/lean"
)

var _ list.ListResourceWithConfigure = (*projectAccessTokenListResource)(nil)

// newProjectAccessTokenListResource returns the list resource of gitlab_project_access_token, for
// terraform query (Terraform 1.14 and later).
func newProjectAccessTokenListResource() list.ListResource {
	return &projectAccessTokenListResource{}
}

type projectAccessTokenListResource struct {
	data *family.Data
}

type tokenListModel struct {
	Project types.String `tfsdk:"project"`
	State   types.String `tfsdk:"state"`
}

// tokenStates are the values of GitLab's state filter of a token list.
var tokenStates = []string{"active", "inactive"}

// listStates are the tokens a list can ask for, the first the default: GitLab's states, or all.
var listStates = append(slices.Clone(tokenStates), "all")

func (r *projectAccessTokenListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The project access tokens of a GitLab project, to import. Only active tokens by default: an " +
			"inactive one (revoked or expired) would be replaced by the first apply after its import.",
		Attributes: map[string]schema.Attribute{
			"project": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "The project: " + projectFormsHelp + ". The found tokens' `project` is written as given here.",
				Validators:          []validator.String{projectValidator()},
			},
			"state": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Which tokens: one of " + family.Backticked(listStates) + ". Defaults to `" + listStates[0] +
					"`; `inactive` are the revoked and expired ones.",
				Validators: []validator.String{stringvalidator.OneOf(listStates...)},
			},
		},
	}
}

func (r *projectAccessTokenListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var config tokenListModel
	diags := req.Config.Get(ctx, &config)
	client, clientDiags := clientFrom(r.data)
	diags.Append(clientDiags...)
	if diags.HasError() {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	project, state := config.Project.ValueString(), config.State.ValueString()
	filter := state
	switch state {
	case "":
		filter = listStates[0]
	case "all":
		filter = ""
	}
	// Terraform reads at most req.Limit results (the list block's limit, 100 by default); one more
	// tells whether there are more.
	fetch := -1
	if req.Limit > 0 {
		fetch = int(req.Limit) + 1
	}
	tokens, err := client.ListTokensIn(ctx, project, filter, fetch)
	if err != nil {
		stream.Results = list.ListResultsStreamDiagnostics(diag.Diagnostics{listFailed(err, client, project)})
		return
	}
	what := strings.TrimSpace(filter + " tokens in GitLab project " + project)
	stream.Results = family.ListResults(tokens, req.Limit, what, func(tok *Token) list.ListResult {
		return listed(ctx, req, project, tok)
	})
}

// listed is the list result of tok: its identity, a name a person reads, and with
// include_resource its state as an import would give it (GitLab shows no token's secret again).
func listed(ctx context.Context, req list.ListRequest, project string, tok *Token) list.ListResult {
	result := req.NewListResult(ctx)
	m := projectAccessTokenModel{
		Project:               types.StringValue(project),
		RotationConfiguration: types.ObjectNull(rotationTypes),
	}
	result.Diagnostics.Append(m.setToken(ctx, project, tok)...)
	result.DisplayName = displayName(&m)
	result.Diagnostics.Append(setIdentity(ctx, result.Identity, &m)...)
	if req.IncludeResource {
		result.Diagnostics.Append(lean.Set(ctx, result.Resource, &m)...)
	}
	return result
}

// rotationTypes are rotation_configuration's attribute types.
var rotationTypes = map[string]attr.Type{"expiration_days": types.NumberType, "rotate_before_days": types.NumberType}

// displayName names a token as a person reads it: "ci (demo/app:42, expires 2027-06-30)".
func displayName(m *projectAccessTokenModel) string {
	expiry := "no expiry"
	if !m.ExpiresAt.IsNull() {
		expiry = "expires " + m.ExpiresAt.ValueString()
	}
	if m.Revoked.ValueBool() {
		expiry = "revoked"
	} else if !m.Active.ValueBool() {
		expiry = "expired " + m.ExpiresAt.ValueString()
	}
	return fmt.Sprintf("%s (%s, %s)", m.Name.ValueString(), m.ID.ValueString(), expiry)
}

// Metadata names the list resource after the resource it lists, as Terraform requires.
func (r *projectAccessTokenListResource) Metadata(_ context.Context, _ resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = tokenTypeName
}

func (r *projectAccessTokenListResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	data, diags := family.FromProviderData(req.ProviderData)
	resp.Diagnostics.Append(diags...)
	r.data = data
}
