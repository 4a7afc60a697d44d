package servicestage

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/gitauth-dev/terraform-provider-gitauth/internal/family"
	"github.com/gitauth-dev/terraform-provider-gitauth/internal/lean"
)

var _ resource.ResourceWithIdentity = (*privateTokenResource)(nil)

// authorizationIdentity is an authorization's identity (Terraform 1.12 and later): its project and
// its name, unique in the project.
type authorizationIdentity struct {
	ProjectID types.String `tfsdk:"project_id"`
	Name      types.String `tfsdk:"name"`
}

func (r *privateTokenResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{
		Attributes: map[string]identityschema.Attribute{
			"project_id": identityschema.StringAttribute{
				OptionalForImport: true,
				Description:       "Project ID, 32 lower-case hexadecimal digits; to import, the provider's by default.",
			},
			"name": identityschema.StringAttribute{
				RequiredForImport: true,
				Description:       "Name of the authorization, unique in the project.",
			},
		},
	}
}

// save writes m into state, and the identity of the authorization in m for a client that takes
// identities: how Create, Read and Update end.
func save(ctx context.Context, state *tfsdk.State, identity *tfsdk.ResourceIdentity, m *privateTokenModel) diag.Diagnostics {
	diags := lean.Set(ctx, state, m)
	diags.Append(setIdentity(ctx, identity, m)...)
	return diags
}

// setIdentity writes the identity of the authorization in m, for a client that takes identities.
func setIdentity(ctx context.Context, identity *tfsdk.ResourceIdentity, m *privateTokenModel) diag.Diagnostics {
	if identity == nil {
		return nil
	}
	return lean.Set(ctx, identity, &authorizationIdentity{ProjectID: m.ProjectID, Name: m.Name})
}

// removeResource removes the authorization of project from state. The framework wants an identity
// after every read, also one that removes the resource, when the engine sent none (Terraform before
// 1.12, or state written before identities): it is the one of the authorization that is gone.
func removeResource(ctx context.Context, resp *resource.ReadResponse, project string, m *privateTokenModel) diag.Diagnostics {
	resp.State.RemoveResource(ctx)
	m.ProjectID = types.StringValue(project)
	return setIdentity(ctx, resp.Identity, m)
}

func (r *privateTokenResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	project, name, ok := importedAuthorization(ctx, req, resp)
	if !ok {
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("name"), name)...)
	if project != "" {
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("project_id"), project)...)
	}
	resp.Diagnostics.Append(family.NoteImport(ctx, req, resp)...)
}

// importedAuthorization is the project ("" for the provider's) and name an import names: by its ID,
// <name> or <project_id>/<name>, or by identity.
func importedAuthorization(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) (string, string, bool) {
	project, name, found := strings.Cut(req.ID, "/")
	if !found {
		project, name = "", req.ID
	}
	given, title := fmt.Sprintf("got %q", req.ID), "Invalid import ID"
	if family.ByIdentity(req) {
		title = "Invalid import identity"
		var ident authorizationIdentity
		resp.Diagnostics.Append(req.Identity.Get(ctx, &ident)...)
		project, name = ident.ProjectID.ValueString(), ident.Name.ValueString()
		found = project != ""
		given = fmt.Sprintf("got identity project_id %q, name %q", project, name)
	}
	if resp.Diagnostics.HasError() || !nameForm.MatchString(name) || (found && !projectIDForm.MatchString(project)) {
		resp.Diagnostics.AddError(title,
			fmt.Sprintf("Expected <name> (in the provider's project) or <project_id>/<name>, such as \"my-token\" or "+
				"\"0123456789abcdef0123456789abcdef/my-token\", or identity = { project_id = ..., name = ... } (project_id "+
				"optional), where the name %s and the project ID %s; %s.",
				strings.ReplaceAll(nameRule, "`", `"`), projectIDRule, given))
		return "", "", false
	}
	return project, name, true
}

// nameProject says how to import an authorization of another project, in the form the user
// imported by.
func nameProject(byIdentity bool) string {
	if byIdentity {
		return "name that project in the identity: identity = { project_id = \"<project_id>\", name = \"<name>\" }."
	}
	return "name that project: import it as <project_id>/<name>."
}

// importWarning says, once, at the import, what ServiceStage cannot show of an authorization it
// holds: its token, and its server.
func importWarning(project string, a *Authorization) diag.Diagnostic {
	detail := fmt.Sprintf("ServiceStage never returns tokens, so authorization %q of project %s was imported without "+
		"one and nothing was checked: it keeps the token it holds, and no plan sends one while neither token nor "+
		"token_wo is set. A token (or token_wo with token_wo_version) set for it now is taken into state at the next "+
		"apply as it is, without a call; to send a new token after that, change token or raise token_wo_version, "+
		"which replaces the authorization.", a.Name, project)
	if home := strings.TrimRight(a.RepoHome, "/"); home != "" && !sameHome(home, "", a.RepoType) {
		detail += fmt.Sprintf(" Its repo_home, %s, is on a server of its own: set host to that server, such as host = %q, "+
			"before anything replaces it, or the plan refuses the replacement.", home, likelyServer(home))
	}
	return diag.NewWarningDiagnostic("Imported without its token", detail)
}
