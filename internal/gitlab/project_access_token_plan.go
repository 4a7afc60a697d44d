package gitlab

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// ModifyPlan decides, from the provider's clock and only here, whether a rotation is due and to
// which date. Apply uses the planned date as it is, so a saved plan applied on a later day gives the
// result it showed.
func (r *projectAccessTokenResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return // destroy
	}
	var plan, config projectAccessTokenModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	rot, diags := plan.rotation(ctx)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	var state *projectAccessTokenModel
	if !req.State.Raw.IsNull() {
		state = &projectAccessTokenModel{}
		resp.Diagnostics.Append(req.State.Get(ctx, state)...)
	}
	if state != nil && r.planReplacement(state, &plan, resp) {
		resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
		return
	}
	if config.ExpiresAt.IsNull() && rot != nil && known(rot) {
		plan.ExpiresAt = r.plannedExpiry(state, rot)
	}
	if state != nil {
		plan.Active, plan.Revoked = state.Active, state.Revoked
		if !plan.ExpiresAt.Equal(state.ExpiresAt) { // a rotation
			plan.ID, plan.TokenID = types.StringUnknown(), types.Int64Unknown()
			plan.Token, plan.CreatedAt = types.StringUnknown(), types.StringUnknown()
		}
	}
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
}

// planReplacement plans a new token in place of one that no longer works. Terraform replaces only
// when the attribute named in RequiresReplace changes, so the plan shows it going back to normal.
func (r *projectAccessTokenResource) planReplacement(state, plan *projectAccessTokenModel, resp *resource.ModifyPlanResponse) bool {
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

// plannedExpiry keeps the current expiry until a rotation is due. A due rotation gets the date the
// schedule gives, due day plus expiration_days, which depends on state alone: Terraform plans again
// during apply, and a date drawn from the clock would differ there when a saved plan is applied on a
// later day. A new token, or one without an expiry, has no schedule yet: its date stays unknown
// until apply, where expiryFor picks it once.
func (r *projectAccessTokenResource) plannedExpiry(state *projectAccessTokenModel, rot *rotationModel) types.String {
	if state == nil || state.ExpiresAt.IsNull() {
		return types.StringUnknown()
	}
	expires, err := time.Parse(time.DateOnly, state.ExpiresAt.ValueString())
	if err != nil {
		return types.StringUnknown()
	}
	due := expires.AddDate(0, 0, -int(rot.RotateBeforeDays.ValueInt64()))
	if today(r.now).Before(due) {
		return state.ExpiresAt
	}
	return types.StringValue(due.AddDate(0, 0, int(rot.ExpirationDays.ValueInt64())).Format(time.DateOnly))
}

// expiryFor returns the planned expiry, or for a token whose date was left to apply, today plus
// expiration_days.
func (r *projectAccessTokenResource) expiryFor(ctx context.Context, plan *projectAccessTokenModel) (string, diag.Diagnostics) {
	if !plan.ExpiresAt.IsUnknown() {
		return plan.ExpiresAt.ValueString(), nil
	}
	rot, diags := plan.rotation(ctx)
	if rot == nil {
		diags.AddError("No expiry date", "Neither expires_at nor rotation_configuration is known; please report this.")
		return "", diags
	}
	return today(r.now).AddDate(0, 0, int(rot.ExpirationDays.ValueInt64())).Format(time.DateOnly), diags
}

func known(rot *rotationModel) bool {
	return !rot.ExpirationDays.IsUnknown() && !rot.RotateBeforeDays.IsUnknown()
}
