package gitlab

import (
	"context"
	"fmt"
	"strconv"
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

var _ resource.ResourceWithIdentity = (*projectAccessTokenResource)(nil)

// tokenIdentity is the token's identity (Terraform 1.12 and later): the project as configured and
// the token's ID. A rotation gives the token a new ID, so the identity changes with it.
type tokenIdentity struct {
	Project types.String `tfsdk:"project"`
	TokenID types.Int64  `tfsdk:"token_id"`
}

func (r *projectAccessTokenResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{
		Attributes: map[string]identityschema.Attribute{
			"project": identityschema.StringAttribute{
				RequiredForImport: true,
				Description:       "The project: " + strings.ReplaceAll(projectFormsHelp, "`", "") + ".",
			},
			"token_id": identityschema.Int64Attribute{
				RequiredForImport: true,
				Description:       "GitLab's ID of the token. It changes when the token is rotated.",
			},
		},
	}
}

// save writes m into state, and the identity of the token in m for a client that takes
// identities: how Create, Read and Update end.
func save(ctx context.Context, state *tfsdk.State, identity *tfsdk.ResourceIdentity, m *projectAccessTokenModel) diag.Diagnostics {
	diags := lean.Set(ctx, state, m)
	diags.Append(setIdentity(ctx, identity, m)...)
	return diags
}

// setIdentity writes the identity of the token in m, for a client that takes identities.
func setIdentity(ctx context.Context, identity *tfsdk.ResourceIdentity, m *projectAccessTokenModel) diag.Diagnostics {
	if identity == nil {
		return nil
	}
	return lean.Set(ctx, identity, &tokenIdentity{Project: m.Project, TokenID: m.TokenID})
}

// removeResource removes the token from state. The framework wants an identity after every read,
// also one that removes the resource, when the engine sent none (Terraform before 1.12, or state
// written before identities): it is the one of the token that is gone.
func removeResource(ctx context.Context, resp *resource.ReadResponse, m *projectAccessTokenModel) diag.Diagnostics {
	resp.State.RemoveResource(ctx)
	return setIdentity(ctx, resp.Identity, m)
}

func (r *projectAccessTokenResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	project, id, ok := importedToken(ctx, req, resp)
	if !ok {
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), tokenAddress(project, id))...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("project"), project)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("token_id"), id)...)
	resp.Diagnostics.Append(family.NoteImport(ctx, req, resp)...)
}

// importedToken is the project and token ID an import names: by its ID, <project>:<token_id>, or
// by identity.
func importedToken(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) (string, int64, bool) {
	if family.ByIdentity(req) {
		var ident tokenIdentity
		resp.Diagnostics.Append(req.Identity.Get(ctx, &ident)...)
		project, id := ident.Project.ValueString(), ident.TokenID.ValueInt64()
		if resp.Diagnostics.HasError() || !projectForms.MatchString(project) || id < 1 {
			resp.Diagnostics.AddError("Invalid import identity",
				fmt.Sprintf("Expected identity = { project = <project>, token_id = <token ID> }, such as { project = \"demo/app\", "+
					"token_id = 42 }, where the project is %s and the token ID a whole number from 1; got project %q, token_id %d.",
					strings.ReplaceAll(projectFormsHelp, "`", `"`), project, id))
			return "", 0, false
		}
		return project, id, true
	}
	i := strings.LastIndex(req.ID, ":")
	project := req.ID[:max(i, 0)]
	id, err := strconv.ParseInt(req.ID[i+1:], 10, 64)
	if i <= 0 || err != nil || !tokenIDForm.MatchString(req.ID[i+1:]) || !projectForms.MatchString(project) {
		resp.Diagnostics.AddError("Invalid import ID",
			fmt.Sprintf("Expected <project>:<token_id>, such as \"demo/app:42\" or \"1:42\", where the project is %s; got %q.",
				strings.ReplaceAll(projectFormsHelp, "`", `"`), req.ID))
		return "", 0, false
	}
	return project, id, true
}

// otherProject says how to import a token of another project, in the form the user imported by.
func otherProject(byIdentity bool) string {
	if byIdentity {
		return "If it is in another project, name that project in the identity: identity = { project = \"<project>\", " +
			"token_id = <token_id> }."
	}
	return "If it is in another project, import it as <project>:<token_id> naming that project."
}
