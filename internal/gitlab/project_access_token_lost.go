package gitlab

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/gitauth-dev/terraform-provider-gitauth/internal/family"
	"github.com/gitauth-dev/terraform-provider-gitauth/internal/httpclient"
)

// createAttempts bounds how often a create whose answer was lost is tried. Each try after the first
// follows a search that showed no token of the lost ones is left, so trying again is safe.
const createAttempts = 3

// createWithoutOrphans creates a token. When the answer is lost after the request left, GitLab may
// have made a token that state would never hold. The ledger then finds it and revokes it when it
// can show this process made it, and the create is tried again; when it cannot tell, nothing
// is revoked and the error names the tokens in doubt.
func createWithoutOrphans(ctx context.Context, client *Client, project string, in CreateRequest) (*Token, diag.Diagnostics) {
	var diags diag.Diagnostics
	for attempt := 1; ; attempt++ {
		tok, err := client.CreateToken(ctx, project, in)
		if err == nil {
			return tok, diags
		}
		var lost *UnconfirmedError
		if !errors.As(err, &lost) {
			diags.Append(family.Diagnostic("Cannot create GitLab project access token", err, nextStep(err, client, project)))
			return nil, diags
		}
		out := client.settleLost(ctx, lost)
		if out.Err != nil || len(out.InDoubt) > 0 {
			diags.Append(family.Diagnostic("GitLab project access token may exist outside Terraform", err,
				inDoubt(out, project, fmt.Sprintf("creating token %q", in.Name))))
			return nil, diags
		}
		if len(out.Revoked) > 0 {
			diags.AddWarning("Revoked a GitLab token created without confirmation",
				fmt.Sprintf("Creating token %q in project %q failed (%s), yet GitLab had created token ID(s) %v. "+
					"The provider revoked them so that no token lives outside Terraform state.", in.Name, project, err, out.Revoked))
		}
		if attempt == createAttempts || ctx.Err() != nil {
			diags.Append(family.Diagnostic("Cannot create GitLab project access token", err,
				"No token was left behind. Run apply again."))
			return nil, diags
		}
		tflog.Info(ctx, "Creating the token again after an unconfirmed create", map[string]any{"project": project, "name": in.Name})
	}
}

// rotateAttempts bounds how often a rotation is sent when GitLab shows that a lost one did not
// happen, as createAttempts bounds creates.
const rotateAttempts = 3

// rotateWithoutOrphans rotates the token in state and returns its successor. When the answer is
// lost, GitLab's word on the old token decides: not revoked, GitLab did not rotate (yet), and the
// rotation is sent again (rotateAttempts in all); revoked, GitLab did rotate, and the successor,
// whose value can never be known, is revoked when the provider can show it is the one
// (rotationLost). state then records the old token as revoked, and the next plan replaces it. A refusal of the second rotation is
// judged the same way, since GitLab refuses to rotate a token that the first one rotated late.
// (A new token made here in the successor's place would have another bot user, which the plan of a
// rotation keeps.)
func rotateWithoutOrphans(ctx context.Context, client *Client, state *projectAccessTokenModel, want CreateRequest) (*Token, diag.Diagnostics) {
	project := state.Project.ValueString()
	var lostCalls []*UnconfirmedError
	// Every lost call is settled or dropped before returning: none counts toward later searches.
	defer func() {
		for _, l := range lostCalls {
			client.forget(l)
		}
	}()
	for attempt := 1; ; attempt++ {
		tok, err := client.RotateToken(ctx, project, state.TokenID.ValueInt64(), want)
		var lost *UnconfirmedError
		var baseline *BaselineError
		refused := err != nil && !errors.As(err, &lost)
		switch {
		case err == nil:
			return tok, nil // GitLab rotates a token once: an earlier lost attempt never will
		case errors.As(err, &baseline):
			return nil, refusedRotation(state, err, strings.TrimSpace(fmt.Sprintf("Nothing was sent, so token %s is "+
				"unchanged. %s", state.ID.ValueString(), nextStep(err, client, project))))
		case !refused:
			lostCalls = append(lostCalls, lost)
		case len(lostCalls) > 0:
			lost = lostCalls[len(lostCalls)-1]
		default:
			return nil, refusedRotation(state, err, unchanged(state, err, client))
		}
		notRotated, diags := rotationLost(ctx, client, state, lost)
		switch {
		case !notRotated:
			return nil, diags
		case refused: // and the token is still as it was
			return nil, refusedRotation(state, err, unchanged(state, err, client))
		case attempt == rotateAttempts || ctx.Err() != nil:
			return nil, refusedRotation(state, lost, fmt.Sprintf("GitLab gave no clear answer to the rotation, and token %d "+
				"is not revoked, so GitLab did not rotate it: it is unchanged. Run apply again.", state.TokenID.ValueInt64()))
		}
		tflog.Info(ctx, "Rotating again: GitLab did not rotate the token when the answer was lost", map[string]any{"project": project})
	}
}

// unchanged says that GitLab refused the rotation of the token in state with err, and what to do.
func unchanged(state *projectAccessTokenModel, err error, client *Client) string {
	return strings.TrimSpace(fmt.Sprintf("GitLab refused the rotation, so token %s is unchanged. %s", state.ID.ValueString(),
		nextStep(err, client, state.Project.ValueString())))
}

func refusedRotation(state *projectAccessTokenModel, err error, detail string) diag.Diagnostics {
	var diags diag.Diagnostics
	diags.Append(family.Diagnostic("Cannot rotate GitLab project access token "+state.ID.ValueString(), err, detail))
	return diags
}

// rotationLost finds out whether a rotation whose answer was lost happened. notRotated means GitLab
// shows it did not (the old token is not revoked). Otherwise it returns an error: GitLab did rotate,
// and then the old token is revoked (state says so) and the successor is revoked when the provider
// can show it is the one; or the provider cannot tell.
func rotationLost(ctx context.Context, client *Client, state *projectAccessTokenModel, lost *UnconfirmedError) (notRotated bool, diags diag.Diagnostics) {
	project, oldID := state.Project.ValueString(), state.TokenID.ValueInt64()
	ctx = context.WithoutCancel(ctx)
	old, err := httpclient.RetryRead(ctx, httpclient.SettleTries, func(ctx context.Context) (*Token, error) {
		return client.GetToken(ctx, project, oldID)
	})
	switch {
	case err != nil:
		diags.Append(family.Diagnostic("GitLab project access token may have been rotated outside Terraform", lost,
			fmt.Sprintf("The rotation got no clear answer, and reading token %d to see whether GitLab rotated it failed: %s. "+
				"In project %q, check token %d: if it is revoked, revoke the newest active token named %q, which no state "+
				"holds, then run apply again.", oldID, err, project, oldID, state.Name.ValueString())))
		return false, diags
	case !old.Revoked:
		return true, diags
	}
	state.Revoked, state.Active = types.BoolValue(true), types.BoolValue(false)
	out := client.settleLost(ctx, lost)
	if out.Err == nil && len(out.InDoubt) == 0 {
		diags.Append(family.Diagnostic("GitLab project access token rotated without an answer", lost,
			fmt.Sprintf("GitLab rotated token %d, but its answer was lost, so the new token's value can never be known. "+
				"The provider revoked the new token %v so that no working token exists outside state. "+
				"Token %d is revoked too: the next apply replaces it.", oldID, out.Revoked, oldID)))
		return false, diags
	}
	diags.Append(family.Diagnostic("GitLab project access token may exist outside Terraform", lost,
		inDoubt(out, project, fmt.Sprintf("rotating token %d", oldID))+fmt.Sprintf(" Token %d is revoked: the next apply replaces it.", oldID)))
	return false, diags
}

// inDoubt says what a search after a lost answer could not settle, and what to do.
func inDoubt(out Outcome, project, what string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "The answer to %s in project %q was lost after the request was sent, so GitLab may have made a token. ", what, project)
	if len(out.Revoked) > 0 {
		fmt.Fprintf(&b, "The provider revoked token(s) %v, which its own calls made. ", out.Revoked)
	}
	switch {
	case len(out.Unrevoked) > 0:
		fmt.Fprintf(&b, "Tokens %v were made by its calls, but revoking them failed: %s. ", out.Unrevoked, out.Err)
	case out.Err != nil:
		fmt.Fprintf(&b, "Looking for it failed: %s. ", out.Err)
	}
	if len(out.InDoubt) > 0 {
		fmt.Fprintf(&b, "Tokens %v match the request, but the provider cannot show which of them its call made "+
			"(someone else may have made identical ones), so it revoked none of them. ", out.InDoubt)
	}
	fmt.Fprintf(&b, "In project %q, revoke those tokens matching the request that no Terraform state holds, then run apply again.", project)
	return b.String()
}
