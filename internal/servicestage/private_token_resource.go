package servicestage

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/numbervalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/resourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/numberplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/gitauth-dev/terraform-provider-gitauth/internal/family"
	"github.com/gitauth-dev/terraform-provider-gitauth/internal/lean"
)

var (
	_ resource.ResourceWithConfigure        = (*privateTokenResource)(nil)
	_ resource.ResourceWithImportState      = (*privateTokenResource)(nil)
	_ resource.ResourceWithModifyPlan       = (*privateTokenResource)(nil)
	_ resource.ResourceWithConfigValidators = (*privateTokenResource)(nil)
)

// privateTokenSuffix follows the provider's name in the type name: gitauth_private_token.
const privateTokenSuffix = "_private_token"

// NewPrivateTokenResource returns the gitauth_private_token resource.
func NewPrivateTokenResource() resource.Resource {
	return &privateTokenResource{}
}

type privateTokenResource struct {
	data *family.Data
}

type privateTokenModel struct {
	ID             types.String `tfsdk:"id"`
	ProjectID      types.String `tfsdk:"project_id"`
	Name           types.String `tfsdk:"name"`
	RepoType       types.String `tfsdk:"repo_type"`
	Host           types.String `tfsdk:"host"`
	Token          types.String `tfsdk:"token"`
	TokenWO        types.String `tfsdk:"token_wo"`
	TokenWOVersion types.Number `tfsdk:"token_wo_version"`
	details
}

func (r *privateTokenResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + privateTokenSuffix
}

func (r *privateTokenResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	replace := []planmodifier.String{stringplanmodifier.RequiresReplace()}
	version := family.WholeNumber(0, math.MaxInt64, "")
	unlessImported := []planmodifier.String{stringplanmodifier.RequiresReplaceIf(unlessImported,
		replaceUnlessImported, replaceUnlessImported)}
	attributes := map[string]schema.Attribute{
		"id": schema.StringAttribute{
			Computed:            true,
			MarkdownDescription: "`<project_id>/<name>`.",
			PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
		},
		"project_id": schema.StringAttribute{
			Optional: true,
			Computed: true,
			MarkdownDescription: "Project ID, 32 lower-case hexadecimal digits. Defaults to the provider's `servicestage.project_id` " +
				"(or `" + ProjectIDEnv + "`); when that changes, authorizations that rely on it are replaced.",
			Validators: []validator.String{projectIDValidator},
			// Kept from state first: a change of another argument must not make it unknown, and so
			// replace what is only being given its imported token.
			PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown(), stringplanmodifier.RequiresReplace()},
		},
		"name": schema.StringAttribute{
			Required:            true,
			MarkdownDescription: "Name of the authorization, unique in the project: " + nameRule + ".",
			Validators:          []validator.String{stringvalidator.RegexMatches(nameForm, strings.ReplaceAll(nameRule, "`", `"`))},
			PlanModifiers:       replace,
		},
		"repo_type": schema.StringAttribute{
			Required:            true,
			MarkdownDescription: "Repository type: one of " + family.Backticked(RepoTypes) + ".",
			Validators:          []validator.String{stringvalidator.OneOf(RepoTypes...)},
			PlanModifiers:       replace,
		},
		"host": schema.StringAttribute{
			Optional: true,
			MarkdownDescription: "The repository server, such as `https://gitlab.example.com` or " +
				"`https://192.168.1.1:8080/gitlab` for a self-managed GitLab, or an organization's page on the public site, such " +
				"as `https://github.com/my-org`; the public site by default. The API never returns it, so it is not read back " +
				"(`repo_host` is another URL). " + replaceUnlessImported,
			Validators:    []validator.String{httpURL{}},
			PlanModifiers: unlessImported,
		},
		"token": schema.StringAttribute{
			Optional:  true,
			Sensitive: true,
			MarkdownDescription: "The repository's private token, kept in state. Set `token` or `token_wo`, not both, to " +
				"make an authorization; an imported one may have neither, and keeps the token it holds. The API never returns " +
				"it, so a token changed outside Terraform goes unnoticed. " + replaceUnlessImported,
			Validators:    []validator.String{family.NotBlank(), trimmed},
			PlanModifiers: unlessImported,
		},
		"token_wo": schema.StringAttribute{
			Optional:  true,
			Sensitive: true,
			WriteOnly: true,
			MarkdownDescription: "The repository's private token, write-only (Terraform 1.11 and later): it never reaches " +
				"state or plan. Set `token_wo_version` with it, and change that number to send a new token, which replaces " +
				"the authorization.",
			Validators: []validator.String{family.NotBlank(), trimmed},
		},
		"token_wo_version": schema.NumberAttribute{
			Optional: true,
			MarkdownDescription: "Version of `token_wo`: " + strings.TrimPrefix(version.Description(ctx), "value must be ") +
				". Required with `token_wo` to create an authorization, and to send a new token: raise it. An imported " +
				"authorization may leave it unset, and then keeps the token it holds. " + replaceUnlessImported,
			Validators: []validator.Number{version, numbervalidator.AlsoRequires(path.MatchRoot("token_wo"))},
			PlanModifiers: []planmodifier.Number{numberplanmodifier.RequiresReplaceIf(unlessImportedNumber,
				replaceUnlessImported, replaceUnlessImported)},
		},
	}
	for name, description := range detailDescriptions {
		attributes[name] = computedAttribute(name, description)
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "A ServiceStage private-token git authorization: ServiceStage's access to GitHub or GitLab " +
			"with a token. There is no update call: changing any argument replaces the authorization.",
		Attributes: attributes,
	}
}

// replaceUnlessImported describes the attributes the API never returns.
const replaceUnlessImported = "Changing it replaces the authorization, except on the first plan after an import, which " +
	"takes the configured value into state without a call."

// computedAttribute is a detail the API reports, kept from state until it is read again.
func computedAttribute(name, description string) schema.Attribute {
	if detailTypes[name] == types.Int64Type {
		return schema.Int64Attribute{Computed: true, MarkdownDescription: description,
			PlanModifiers: []planmodifier.Int64{int64planmodifier.UseStateForUnknown()}}
	}
	return schema.StringAttribute{Computed: true, MarkdownDescription: description,
		PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}}
}

func (r *privateTokenResource) ConfigValidators(context.Context) []resource.ConfigValidator {
	return []resource.ConfigValidator{
		// Neither is an adopted authorization that keeps its token; a create asks for one (checkTokenSent).
		resourcevalidator.Conflicting(path.MatchRoot("token"), path.MatchRoot("token_wo")),
	}
}

func (r *privateTokenResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	data, diags := family.FromProviderData(req.ProviderData)
	resp.Diagnostics.Append(diags...)
	r.data = data
}

func (r *privateTokenResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan, config privateTokenModel
	resp.Diagnostics.Append(lean.Get(ctx, req.Plan, &plan)...)
	resp.Diagnostics.Append(lean.Get(ctx, req.Config, &config)...)
	client, diags := clientFrom(r.data)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	project := plan.project(client)
	in := CreateRequest{Name: plan.Name.ValueString(), Token: plan.Token.ValueString(), Host: plan.Host.ValueString()}
	tokenArg := "token"
	if config.TokenWO.ValueString() != "" {
		in.Token, tokenArg = config.TokenWO.ValueString(), "token_wo"
	}
	a, diags := createAuthorization(ctx, client, project, plan.RepoType.ValueString(), in, tokenArg)
	resp.Diagnostics.Append(diags...)
	if a == nil {
		return
	}
	plan.set(project, a)
	resp.Diagnostics.Append(save(ctx, &resp.State, resp.Identity, &plan)...)
}

func (r *privateTokenResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state privateTokenModel
	resp.Diagnostics.Append(lean.Get(ctx, req.State, &state)...)
	client, diags := clientFrom(r.data)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	project := state.project(client)
	importing := state.RepoType.IsNull() // an import reads only name and project
	byIdentity := importing && family.ImportedByIdentity(ctx, req, resp)
	if project == "" {
		resp.Diagnostics.AddError("No ServiceStage project", "The authorization "+state.Name.ValueString()+" names no project, "+
			"and the provider has none: set servicestage.project_id (or "+ProjectIDEnv+"), or "+nameProject(byIdentity))
		return
	}
	listing, err := client.List(ctx, project)
	if err != nil {
		kept := " The authorization stays in state until a list of the project succeeds without it."
		if importing {
			kept = " Nothing was imported."
		}
		resp.Diagnostics.Append(family.Diagnostic("Cannot read ServiceStage authorization "+state.Name.ValueString(), err,
			nextStep(err, client, project)+kept))
		return
	}
	a := listing.Find(state.Name.ValueString())
	switch {
	case a != nil && !manageable(a) && importing:
		resp.Diagnostics.AddError("Not a private token of GitHub or GitLab",
			fmt.Sprintf("Authorization %q in project %s is a %q authorization of %s; gitauth_private_token manages only "+
				"private token (\"personal\") ones of %s. Read it with the git_authorizations data source instead.",
				a.Name, project, a.TokenType, a.RepoType, strings.Join(RepoTypes, " or ")))
		return
	case a == nil && importing:
		resp.Diagnostics.AddError("No such authorization to import",
			fmt.Sprintf("Project %s has no authorization %q. If it is in another project, %s", project,
				state.Name.ValueString(), nameProject(byIdentity)))
		return
	case importing:
		resp.Diagnostics.Append(importWarning(project, a))
	case a == nil || !manageable(a):
		resp.Diagnostics.Append(removeResource(ctx, resp, project, &state)...) // the list succeeded without it: it is gone
		return
	case !state.CreatedAt.IsNull() && state.CreatedAt.ValueString() != rfc3339(a.CreateTime):
		// Deleted and made again outside Terraform: someone else's now, which a later destroy
		// must not delete.
		resp.Diagnostics.AddWarning("ServiceStage authorization replaced outside Terraform",
			fmt.Sprintf("Authorization %q in project %s was created at %s, not at %s as in state: it was deleted and "+
				"made again outside Terraform. It is no longer managed here, and planning to create it will fail "+
				"until it is deleted, or imported: %s", a.Name, project, rfc3339(a.CreateTime),
				state.CreatedAt.ValueString(), importStep(project, a.Name)))
		resp.Diagnostics.Append(removeResource(ctx, resp, project, &state)...)
		return
	}
	state.set(project, a)
	resp.Diagnostics.Append(save(ctx, &resp.State, resp.Identity, &state)...)
}

// Update only takes into state, without a call, what an import could not read: the token and
// host. Every other change replaces the authorization.
func (r *privateTokenResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan privateTokenModel
	resp.Diagnostics.Append(lean.Get(ctx, req.Plan, &plan)...)
	resp.Diagnostics.Append(save(ctx, &resp.State, resp.Identity, &plan)...)
}

func (r *privateTokenResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state privateTokenModel
	resp.Diagnostics.Append(lean.Get(ctx, req.State, &state)...)
	client, diags := clientFrom(r.data)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	project := state.project(client)
	if err := client.Delete(ctx, project, state.Name.ValueString()); err != nil {
		resp.Diagnostics.Append(family.Diagnostic("Cannot delete ServiceStage authorization "+state.Name.ValueString(), err,
			strings.TrimSpace(nextStep(err, client, project)+" Then run the command again. If the project itself is gone, "+
				"remove this authorization from state with `terraform state rm`.")))
	}
}

// manageable reports whether this resource can manage a: a private token authorization of a
// repository type it creates, in any case.
func manageable(a *Authorization) bool {
	return a.TokenType == "personal" && slices.ContainsFunc(RepoTypes, func(t string) bool {
		return strings.EqualFold(t, a.RepoType)
	})
}

// project is the model's project, else the provider's.
func (m *privateTokenModel) project(client *Client) string {
	if m.ProjectID.IsNull() || m.ProjectID.IsUnknown() {
		return client.DefaultProject()
	}
	return m.ProjectID.ValueString()
}

// set writes what the API says of a into the model.
func (m *privateTokenModel) set(project string, a *Authorization) {
	m.ID = types.StringValue(project + "/" + a.Name)
	m.ProjectID = types.StringValue(project)
	m.Name = types.StringValue(a.Name)
	m.RepoType = types.StringValue(strings.ToLower(a.RepoType))
	m.details = newDetails(a)
}
