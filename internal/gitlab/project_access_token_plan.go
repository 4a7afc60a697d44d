package gitlab

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/gitauth-dev/terraform-provider-gitauth/internal/family"
	"github.com/gitauth-dev/terraform-provider-gitauth/internal/lean"
)

// ModifyPlan decides, from the provider's clock and only here, whether a rotation is due, and
// checks at plan time what an apply that creates or rotates a token needs: a date GitLab accepts
// and the provider's GitLab settings. Nothing is checked for a token that stays as it is, so
// refresh, import and destroy work whatever the date.
func (r *projectAccessTokenResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() || r.data == nil {
		return // destroy, or a provider not yet configured (validation)
	}
	// Attributes are read one by one until a change is certain: whole models cost much at scale.
	var configExpiry types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("expires_at"), &configExpiry)...)
	rot, diags := configuredRotation(ctx, req.Config)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	if configExpiry.IsNull() && rot == nil {
		resp.Diagnostics.Append(checkExpiryGiven(ctx, req.State)...)
	}
	rotating := configExpiry.IsNull() && rot != nil
	if !req.State.Raw.IsNull() && req.Plan.Raw.Equal(req.State.Raw) {
		keep, diags := r.keepsToken(ctx, req.State, rotating, rot)
		resp.Diagnostics.Append(diags...)
		if keep || diags.HasError() {
			return
		}
	}
	var plan projectAccessTokenModel
	resp.Diagnostics.Append(lean.Get(ctx, req.Plan, &plan)...)
	var state *projectAccessTokenModel
	if !req.State.Raw.IsNull() {
		state = &projectAccessTokenModel{}
		resp.Diagnostics.Append(lean.Get(ctx, req.State, state)...)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	if state != nil {
		another, diags := r.anotherProject(ctx, state, plan.Project)
		resp.Diagnostics.Append(diags...)
		if another || diags.HasError() {
			resp.RequiresReplace = append(resp.RequiresReplace, path.Root("project"))
			return
		}
	}
	if state != nil && needsReplacement(state) {
		if why := r.noReplacement(configExpiry, rot); why != "" {
			// An error here would also stop `terraform destroy`, which runs a normal plan first:
			// warn instead, and plan nothing.
			resp.Diagnostics.AddAttributeWarning(path.Root("expires_at"), "GitLab project access token not replaced",
				fmt.Sprintf("Token %s no longer works (expired or revoked), and no replacement can be made: %s",
					state.ID.ValueString(), why))
			return
		}
	}
	if state != nil && planReplacement(state, &plan, resp) {
		// Terraform plans the replacement's create again without state; that plan is checked.
		resp.Diagnostics.Append(lean.Set(ctx, &resp.Plan, &plan)...)
		return
	}
	if rotating {
		plan.ExpiresAt = r.plannedExpiry(state, rot)
	}
	if state != nil {
		plan.Active, plan.Revoked = state.Active, state.Revoked
		plan.ID = types.StringValue(tokenAddress(plan.Project.ValueString(), state.TokenID.ValueInt64()))
		if plan.ExpiresAt.Equal(state.ExpiresAt) {
			resp.Diagnostics.Append(lean.Set(ctx, &resp.Plan, &plan)...)
			return
		}
		plan.ID, plan.TokenID = types.StringUnknown(), types.Int64Unknown()
		plan.Token, plan.CreatedAt = types.StringUnknown(), types.StringUnknown()
	}
	// A token is to be created or rotated.
	resp.Diagnostics.Append(checkNewExpiry(plan.ExpiresAt, r.data.Now)...)
	_, diags = clientFrom(r.data)
	resp.Diagnostics.Append(family.KnownOnly(diags)...)
	resp.Diagnostics.Append(lean.Set(ctx, &resp.Plan, &plan)...)
}

// anotherProject reports whether the planned project is another project than the token's in
// state. The same project in its other form (its ID for its path), as an import by ID may have
// written it, is not: GitLab finds the token under the configured form only in its own project.
func (r *projectAccessTokenResource) anotherProject(ctx context.Context, state *projectAccessTokenModel, planned types.String) (bool, diag.Diagnostics) {
	if planned.Equal(state.Project) {
		return false, nil
	}
	client, diags := clientFrom(r.data)
	if planned.IsUnknown() || diags.HasError() {
		return true, diags
	}
	project := planned.ValueString()
	_, err := client.ReadToken(ctx, project, state.TokenID.ValueInt64())
	if err != nil && !tokenMissing(err) {
		diags.Append(family.Diagnostic(fmt.Sprintf("Cannot tell whether %s is project %s", project,
			state.Project.ValueString()), err, strings.TrimSpace(nextStep(err, client, project)+
			" Nothing is replaced until GitLab answers.")))
	}
	return err != nil, diags
}

// noReplacement says why a token that no longer works cannot be replaced from this configuration,
// or is empty when it can: a replacement is a new token, which needs a date GitLab accepts.
func (r *projectAccessTokenResource) noReplacement(configExpiry types.String, rot *rotationModel) string {
	if configExpiry.IsNull() && rot == nil {
		return "neither expires_at nor rotation_configuration is set. Set one to plan a replacement."
	}
	if diags := checkNewExpiry(configExpiry, r.data.Now); diags.HasError() {
		return diags.Errors()[0].Detail()
	}
	return ""
}

// checkExpiryGiven requires expires_at or rotation_configuration of every token but one GitLab
// shows without an expiry date, which only an import brings: a new token needs a date, and one
// that has a date keeps it from the configuration.
func checkExpiryGiven(ctx context.Context, st tfsdk.State) diag.Diagnostics {
	var expiry types.String
	var diags diag.Diagnostics
	if !st.Raw.IsNull() {
		diags = st.GetAttribute(ctx, path.Root("expires_at"), &expiry)
		if expiry.IsNull() {
			return diags
		}
	}
	diags.AddAttributeError(path.Root("expires_at"), "Missing expiry date",
		"Set expires_at (YYYY-MM-DD) or rotation_configuration, which lets the provider pick the date: every token "+
			"made or rotated has an expiry date. Only a token GitLab shows without one, once imported, may have neither.")
	return diags
}

// keepsToken reports whether a token whose plan equals its state, as in nearly every plan of a
// large configuration, stays as it is: it still works and no rotation is due. It reads only the
// three attributes that tell.
func (r *projectAccessTokenResource) keepsToken(ctx context.Context, st tfsdk.State, rotating bool, rot *rotationModel) (bool, diag.Diagnostics) {
	var state projectAccessTokenModel
	diags := st.GetAttribute(ctx, path.Root("active"), &state.Active)
	diags.Append(st.GetAttribute(ctx, path.Root("revoked"), &state.Revoked)...)
	diags.Append(st.GetAttribute(ctx, path.Root("expires_at"), &state.ExpiresAt)...)
	if needsReplacement(&state) {
		return false, diags
	}
	return !rotating || r.plannedExpiry(&state, rot).Equal(state.ExpiresAt), diags
}

// needsReplacement reports whether the token in state no longer works.
func needsReplacement(state *projectAccessTokenModel) bool {
	return state.Revoked.ValueBool() || (!state.Active.IsNull() && !state.Active.ValueBool())
}

// planReplacement plans a new token in place of one that no longer works. Terraform replaces only
// when the attribute named in RequiresReplace changes, so the plan shows it going back to normal.
func planReplacement(state, plan *projectAccessTokenModel, resp *resource.ModifyPlanResponse) bool {
	switch {
	case state.Revoked.ValueBool():
		plan.Revoked = types.BoolValue(false)
		resp.RequiresReplace = append(resp.RequiresReplace, path.Root("revoked"))
	case !state.Active.IsNull() && !state.Active.ValueBool():
		plan.Active = types.BoolValue(true)
		resp.RequiresReplace = append(resp.RequiresReplace, path.Root("active"))
	default:
		return false
	}
	return true
}

// plannedExpiry keeps the current expiry until a rotation is due. A due rotation, like a new
// token, gets its date once, at apply: today plus expiration_days. Terraform plans again during
// apply, so a date drawn from the clock here would differ there when a saved plan is applied on a
// later day; and a date drawn from the old schedule would not settle when applied late.
func (r *projectAccessTokenResource) plannedExpiry(state *projectAccessTokenModel, rot *rotationModel) types.String {
	if state == nil || state.ExpiresAt.IsNull() {
		return types.StringUnknown()
	}
	expires, err := time.Parse(time.DateOnly, state.ExpiresAt.ValueString())
	if err != nil {
		return types.StringUnknown()
	}
	_, rotateBefore := rot.days()
	if today(r.data.Now).Before(expires.AddDate(0, 0, -rotateBefore)) {
		return state.ExpiresAt
	}
	return types.StringUnknown()
}

// expiryFor returns the planned expiry, or for a date left to apply, today plus expiration_days.
// Either way the date is checked against today before any call, for a saved plan applied late.
func (r *projectAccessTokenResource) expiryFor(ctx context.Context, plan *projectAccessTokenModel, config tfsdk.Config) (string, diag.Diagnostics) {
	if !plan.ExpiresAt.IsUnknown() {
		return plan.ExpiresAt.ValueString(), checkNewExpiry(plan.ExpiresAt, r.data.Now)
	}
	rot, diags := configuredRotation(ctx, config)
	if rot == nil {
		diags.AddError("No expiry date", "Neither expires_at nor rotation_configuration is known; please report this.")
		return "", diags
	}
	expiration, _ := rot.days()
	return today(r.data.Now).AddDate(0, 0, expiration).Format(time.DateOnly), diags
}

// checkNewExpiry checks the date of a token about to be created or rotated: GitLab would accept a
// date of today or earlier and return a token that is already dead, and refuses one more than a
// year ahead.
func checkNewExpiry(date types.String, now func() time.Time) diag.Diagnostics {
	var diags diag.Diagnostics
	if date.IsNull() || date.IsUnknown() {
		return diags
	}
	expires, err := time.Parse(time.DateOnly, date.ValueString())
	if err != nil {
		return diags // calendarDate reports it
	}
	day := today(now)
	latest := day.AddDate(0, 0, maxExpirationDays)
	switch {
	case !expires.After(day):
		diags.AddAttributeError(path.Root("expires_at"), "Expiry date has passed",
			fmt.Sprintf("expires_at is %s, which is not after today (%s): GitLab would issue a token that is already "+
				"expired. Set a later date in expires_at (at most %s), then plan again.",
				date.ValueString(), day.Format(time.DateOnly), latest.Format(time.DateOnly)))
	case expires.After(latest):
		diags.AddAttributeError(path.Root("expires_at"), "Expiry date too far ahead",
			fmt.Sprintf("expires_at is %s; GitLab allows at most %d days ahead, that is %s or earlier.",
				date.ValueString(), maxExpirationDays, latest.Format(time.DateOnly)))
	}
	return diags
}
