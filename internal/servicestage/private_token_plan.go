package servicestage

import (
	"cmp"
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/numberplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/gitauth-dev/terraform-provider-gitauth/internal/family"
	"github.com/gitauth-dev/terraform-provider-gitauth/internal/lean"
)

// ModifyPlan fills in the provider's project and checks, at plan time, what creating an
// authorization needs: the provider's ServiceStage settings and a project. For one in state it
// only follows a change of the provider's project, and notes a token taken in after an import.
func (r *privateTokenResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() || r.data == nil {
		return // destroy, or a provider not yet configured (validation)
	}
	client, diags := clientFrom(r.data)
	if !req.State.Raw.IsNull() {
		if client != nil {
			r.planExisting(ctx, req, resp, client)
		}
		return
	}
	resp.Diagnostics.Append(family.KnownOnly(diags)...)
	var plan privateTokenModel
	var configProject types.String
	resp.Diagnostics.Append(lean.Get(ctx, req.Plan, &plan)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("project_id"), &configProject)...)
	resp.Diagnostics.Append(checkTokenSent(ctx, req.Config, plan.TokenWOVersion)...)
	if client == nil || resp.Diagnostics.HasError() {
		return
	}
	if configProject.IsNull() {
		plan.ProjectID = types.StringValue(client.DefaultProject())
	}
	if plan.ProjectID.IsUnknown() {
		return // from another resource: Create reads it
	}
	if plan.ProjectID.ValueString() == "" {
		resp.Diagnostics.AddAttributeError(path.Root("project_id"), "Missing ServiceStage project",
			"Set project_id on this resource, or servicestage.project_id (or "+ProjectIDEnv+") in the provider.")
		return
	}
	if !plan.Name.IsUnknown() {
		plan.ID = types.StringValue(plan.ProjectID.ValueString() + "/" + plan.Name.ValueString())
	}
	resp.Diagnostics.Append(lean.Set(ctx, &resp.Plan, &plan)...)
}

// planExisting replaces an authorization that relies on the provider's project when that project
// changes. An imported one is never replaced for its project: the import named it. What an import
// cannot read (token, host) its warning said once (importWarning); no plan repeats it.
func (r *privateTokenResource) planExisting(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse, client *Client) {
	// Only what decides is read: whole models cost much on every plan of a large configuration.
	var configProject types.String
	var state privateTokenModel
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("project_id"), &configProject)...)
	for name, target := range map[string]any{"id": &state.ID, "project_id": &state.ProjectID, "token": &state.Token,
		"token_wo_version": &state.TokenWOVersion} {
		resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root(name), target)...)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	var version types.Number
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("token_wo_version"), &version)...)
	if wo := writeOnlyToken(ctx, req.Config, &resp.Diagnostics); !wo.IsNull() && version.IsNull() && !state.TokenWOVersion.IsNull() {
		resp.Diagnostics.AddAttributeError(path.Root("token_wo_version"), "Missing token_wo_version",
			fmt.Sprintf("Authorization %s was given its token at token_wo_version %s: keep that version, or raise it to send "+
				"a new token.", state.ID.ValueString(), state.TokenWOVersion.ValueBigFloat().Text('f', -1)))
		return
	}
	project := client.DefaultProject()
	moved := configProject.IsNull() && project != "" && project != state.ProjectID.ValueString()
	wasImported := imported(state.Token, state.TokenWOVersion)
	if wasImported {
		if moved {
			resp.Diagnostics.AddAttributeWarning(path.Root("project_id"), "Set project_id for the imported authorization",
				fmt.Sprintf("Authorization %s was imported from project %s, but this configuration sets no project_id, so it "+
					"stands for the provider's project %s. It is kept where it is while state holds no token for it; set "+
					"project_id = %q. Once a token is set for it, the plan after that would replace it with one in project %s.",
					state.ID.ValueString(), state.ProjectID.ValueString(), project, state.ProjectID.ValueString(), project))
		}
	}
	resp.Diagnostics.Append(checkServerKept(ctx, req, wasImported, moved)...)
	if !moved || wasImported || resp.Diagnostics.HasError() {
		return
	}
	var plan privateTokenModel
	resp.Diagnostics.Append(lean.Get(ctx, req.Plan, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	plan.ProjectID = types.StringValue(project)
	plan.ID = types.StringValue(project + "/" + plan.Name.ValueString())
	resp.RequiresReplace = append(resp.RequiresReplace, path.Root("project_id"))
	resp.Diagnostics.Append(lean.Set(ctx, &resp.Plan, &plan)...)
}

// checkServerKept refuses a replacement that would move an authorization of a self-managed server
// to the public site: one whose repo_home shows its server (imported without host, or with host
// now removed), replaced (for a new token, say) while host is not set, or not known until apply.
func checkServerKept(ctx context.Context, req resource.ModifyPlanRequest, wasImported, moved bool) diag.Diagnostics {
	replaced := []string{"name", "repo_type", "project_id"}
	if !wasImported {
		replaced = append(replaced, "token", "token_wo_version", "host")
	}
	if (!moved || wasImported) && !changed(req, replaced) {
		return nil // no replacement: nearly every plan, which reads nothing more
	}
	var host, stateHost, stateHome, stateType, planType types.String
	diags := req.Config.GetAttribute(ctx, path.Root("host"), &host)
	diags.Append(req.State.GetAttribute(ctx, path.Root("host"), &stateHost)...)
	diags.Append(req.State.GetAttribute(ctx, path.Root("repo_home"), &stateHome)...)
	diags.Append(req.State.GetAttribute(ctx, path.Root("repo_type"), &stateType)...)
	diags.Append(req.Plan.GetAttribute(ctx, path.Root("repo_type"), &planType)...)
	home := strings.TrimRight(stateHome.ValueString(), "/")
	if diags.HasError() || home == "" || sameHome(home, "", stateType.ValueString()) {
		return diags
	}
	switch {
	case host.IsUnknown() && stateHost.IsNull():
		diags.AddAttributeError(path.Root("host"), "Host unknown for the replacement",
			fmt.Sprintf("This plan replaces the authorization, whose repo_home is %s, and host is known only at apply: "+
				"if it were null, the new one would be made for the public site. Set host to a value known at plan, "+
				"such as host = %q, then plan again.", home, likelyServer(home)))
	case host.IsNull():
		site := publicSites[strings.ToLower(cmp.Or(planType.ValueString(), stateType.ValueString()))]
		diags.AddAttributeError(path.Root("host"), "Missing host for the replacement",
			fmt.Sprintf("This plan replaces the authorization, and host is not set, so the new one would be made for %s. "+
				"The authorization in state is on another server (its repo_home is %s): set host to that server, such as "+
				"host = %q, then plan again.", site, home, likelyServer(home)))
	}
	return diags
}

// checkTokenSent checks that a create, which a replacement is too (Terraform plans its create
// half as one), has a token to send: token, or token_wo with its version. Only an authorization
// in state, such as one imported, may have neither, and keeps the token it holds.
func checkTokenSent(ctx context.Context, config tfsdk.Config, version types.Number) diag.Diagnostics {
	var diags diag.Diagnostics
	var token types.String
	diags.Append(config.GetAttribute(ctx, path.Root("token"), &token)...)
	wo := writeOnlyToken(ctx, config, &diags)
	switch {
	case token.IsNull() && wo.IsNull():
		diags.AddAttributeError(path.Root("token"), "Missing token",
			"This plan makes the authorization, or makes it anew to replace it, which sends a token: set token, or token_wo "+
				"with token_wo_version = 1. Only an authorization already in state, such as one imported, may leave both unset: "+
				"it keeps the token it holds. Should this come during an apply, from a token that was unknown at plan and is "+
				"null now, a replacement has already deleted the old authorization: give it a token and apply again.")
	case !wo.IsNull() && version.IsNull():
		diags.AddAttributeError(path.Root("token_wo_version"), "Missing token_wo_version",
			"token_wo_version is required with token_wo whenever an authorization is made, a replacement too, such as "+
				"token_wo_version = 1: raise it to send a new token. Only an imported authorization that keeps the token it "+
				"holds may leave it unset.")
	}
	return diags
}

// likelyServer is the server of a repo_home on a self-managed server, which is server/<user>.
func likelyServer(home string) string {
	if i := strings.LastIndex(home, "/"); i > len("https://") {
		return home[:i]
	}
	return home
}

// changed reports whether the plan changes any of the attributes named.
func changed(req resource.ModifyPlanRequest, names []string) bool {
	for _, name := range names {
		at := tftypes.NewAttributePath().WithAttributeName(name)
		planned, _, _ := tftypes.WalkAttributePath(req.Plan.Raw, at)
		was, _, _ := tftypes.WalkAttributePath(req.State.Raw, at)
		p, okPlan := planned.(tftypes.Value)
		s, okState := was.(tftypes.Value)
		if okPlan && okState && !p.Equal(s) {
			return true
		}
	}
	return false
}

// writeOnlyToken is the configured token_wo: null when not set, unknown when it comes from
// something not yet known.
func writeOnlyToken(ctx context.Context, config tfsdk.Config, diags *diag.Diagnostics) types.String {
	var wo types.String
	diags.Append(config.GetAttribute(ctx, path.Root("token_wo"), &wo)...)
	return wo
}

// imported reports whether state holds an authorization that was imported and not yet given a
// token, of either form: the API never returns one.
func imported(token types.String, version types.Number) bool {
	return token.IsNull() && version.IsNull()
}

// unlessImported replaces the authorization when the attribute changes, except when the state
// came from an import: the API cannot tell the token or host, so the configured ones are taken in.
func unlessImported(ctx context.Context, req planmodifier.StringRequest, resp *stringplanmodifier.RequiresReplaceIfFuncResponse) {
	was, diags := importedState(ctx, req.State)
	resp.Diagnostics.Append(diags...)
	resp.RequiresReplace = !was
}

func unlessImportedNumber(ctx context.Context, req planmodifier.NumberRequest, resp *numberplanmodifier.RequiresReplaceIfFuncResponse) {
	was, diags := importedState(ctx, req.State)
	resp.Diagnostics.Append(diags...)
	resp.RequiresReplace = !was
}

func importedState(ctx context.Context, state tfsdk.State) (bool, diag.Diagnostics) {
	var token types.String
	var version types.Number
	diags := state.GetAttribute(ctx, path.Root("token"), &token)
	diags.Append(state.GetAttribute(ctx, path.Root("token_wo_version"), &version)...)
	return imported(token, version), diags
}
