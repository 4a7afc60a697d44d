package servicestage

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/gitauth-dev/terraform-provider-gitauth/internal/family"
	"github.com/gitauth-dev/terraform-provider-gitauth/internal/lean"
)

var _ list.ListResourceWithConfigure = (*privateTokenListResource)(nil)

// NewPrivateTokenListResource returns the list resource of gitauth_private_token, for terraform
// query (Terraform 1.14 and later).
func NewPrivateTokenListResource() list.ListResource {
	return &privateTokenListResource{}
}

type privateTokenListResource struct {
	data *family.Data
}

type privateTokenListModel struct {
	ProjectID types.String `tfsdk:"project_id"`
	RepoType  types.String `tfsdk:"repo_type"`
	NameRegex types.String `tfsdk:"name_regex"`
}

func (r *privateTokenListResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + privateTokenSuffix
}

func (r *privateTokenListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The private token authorizations of GitHub and GitLab in a ServiceStage project, to import. OAuth " +
			"and password authorizations, and those of other repository types, which `gitauth_private_token` cannot " +
			"manage, are left out; `git_authorizations` reads them.",
		Attributes: map[string]schema.Attribute{
			"project_id": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Project ID, 32 lower-case hexadecimal digits. Defaults to the provider's " +
					"`servicestage.project_id` (or `" + ProjectIDEnv + "`).",
				Validators: []validator.String{projectIDValidator},
			},
			"repo_type": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Only authorizations of this repository type, case-insensitive: one of " + family.Backticked(RepoTypes) + ".",
				Validators:          []validator.String{stringvalidator.OneOfCaseInsensitive(RepoTypes...)},
			},
			"name_regex": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Only authorizations whose name matches this regular expression (RE2 syntax).",
				Validators:          []validator.String{regularExpression{}},
			},
		},
	}
}

func (r *privateTokenListResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	data, diags := family.FromProviderData(req.ProviderData)
	resp.Diagnostics.Append(diags...)
	r.data = data
}

func (r *privateTokenListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var config privateTokenListModel
	diags := req.Config.Get(ctx, &config)
	client, clientDiags := clientFrom(r.data)
	diags.Append(clientDiags...)
	if diags.HasError() {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	project, diags := projectOr(config.ProjectID.ValueString(), client, "list block")
	selected, err := newSelection(config.RepoType.ValueString(), config.NameRegex.ValueString(), "")
	if err != nil {
		diags.AddError("Invalid name_regex", err.Error())
	}
	if diags.HasError() {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	listing, err := client.List(ctx, project)
	if err != nil {
		stream.Results = list.ListResultsStreamDiagnostics(diag.Diagnostics{family.Diagnostic(
			"Cannot list ServiceStage authorizations", err, nextStep(err, client, project))})
		return
	}
	var kept []*Authorization
	for i := range listing.Authorizations {
		if a := &listing.Authorizations[i]; manageable(a) && selected.keeps(a) {
			kept = append(kept, a)
		}
	}
	stream.Results = family.ListResults(kept, req.Limit, "private token authorizations in ServiceStage project "+project,
		func(a *Authorization) list.ListResult { return listedAuthorization(ctx, req, project, a) })
}

// listedAuthorization is the list result of a: its identity, a name a person reads, and with
// include_resource its state as an import gives it (ServiceStage shows neither token nor host).
func listedAuthorization(ctx context.Context, req list.ListRequest, project string, a *Authorization) list.ListResult {
	result := req.NewListResult(ctx)
	var m privateTokenModel
	m.set(project, a)
	m.TokenWOVersion = types.NumberNull()
	result.DisplayName = fmt.Sprintf("%s (%s, %s)", a.Name, strings.ToLower(a.RepoType), a.RepoHome)
	result.Diagnostics.Append(setIdentity(ctx, result.Identity, &m)...)
	if req.IncludeResource {
		result.Diagnostics.Append(lean.Set(ctx, result.Resource, &m)...)
	}
	return result
}
