package gitlab

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"
	gl "gitlab.com/gitlab-org/api/client-go/v2"

	"github.com/gitauth-dev/terraform-provider-gitauth/internal/family"
	"github.com/gitauth-dev/terraform-provider-gitauth/internal/httpclient"
)

// What the provider does about an unconfirmed create or rotate, a call sent whose answer was lost:
// the client sends creates and rotations through the ledger ([Client.sendRecorded]), and the
// resource's create and rotate decide from what settling an unconfirmed call finds
// ([createWithoutOrphans], [rotateWithoutOrphans]). The [ledger], in unconfirmed_ledger.go, keeps what
// settling needs.

// sendRecorded sends a create or rotate of a token in project through the ledger, after the
// project's baseline: its answer is a token, an error, or an [unconfirmedError] when it was lost
// after GitLab may have acted. A failed baseline is a [baselineError]: nothing was sent.
func (c *Client) sendRecorded(ctx context.Context, project string, want CreateRequest,
	send func(context.Context) (*gl.ProjectAccessToken, error),
) (*Token, error) {
	if err := c.ledger.baseline(ctx, project, c.ListTokens); err != nil {
		return nil, &baselineError{Err: err}
	}
	defer c.lists.Forget(project) // answered or unconfirmed, the call may have changed the project's list
	return c.ledger.send(c.server, project, want, func() (*Token, error) {
		ctx, body := withErrorBody(ctx)
		t, err := send(ctx)
		if err == nil && notAToken(t) {
			err = errNotAToken // the call may still have made one: unconfirmed
		}
		if err != nil {
			return nil, apiError(err, body)
		}
		return convert(t), nil
	})
}

// baselineError is a failure of the list that precedes a client's first create or rotation in a
// project: nothing was sent.
type baselineError struct{ Err error }

func (e *baselineError) Error() string {
	return "listing the project's tokens, which comes before the first create or rotation there: " + e.Err.Error()
}
func (e *baselineError) Unwrap() error { return e.Err }

// settle finds the token an unconfirmed call made and revokes it when it can show the call made it
// ([ledger.settle]).
func (c *Client) settle(ctx context.Context, unconfirmed *unconfirmedError) outcome {
	list := func(ctx context.Context, project string) ([]*Token, error) {
		return httpclient.RetryRead(ctx, httpclient.SettleTries, func(ctx context.Context) ([]*Token, error) {
			return c.ListTokens(ctx, project)
		})
	}
	return c.ledger.settle(ctx, unconfirmed, list, c.Revoke)
}

// createAttempts bounds how often an unconfirmed create is tried. Each try after the first follows
// a search that showed no token of the unconfirmed ones is left, so trying again is safe.
const createAttempts = 3

// createWithoutOrphans creates a token. When the create is unconfirmed, GitLab may have made a
// token that state would never hold. The ledger then finds it and revokes it when it can show this
// process made it, and the create is tried again; when it cannot tell, nothing is revoked and the
// error names the tokens that may be its own.
func createWithoutOrphans(ctx context.Context, client *Client, project string, in CreateRequest) (*Token, diag.Diagnostics) {
	var diags diag.Diagnostics
	for attempt := 1; ; attempt++ {
		tok, err := client.CreateToken(ctx, project, in)
		if err == nil {
			return tok, diags
		}
		var unconfirmed *unconfirmedError
		if !errors.As(err, &unconfirmed) {
			diags.Append(family.Diagnostic("Cannot create GitLab project access token", err, nextStep(err, client, project)))
			return nil, diags
		}
		out := client.settle(ctx, unconfirmed)
		if out.err != nil || len(out.matching) > 0 {
			diags.Append(family.Diagnostic("GitLab project access token may exist outside Terraform", err,
				unsettled(out, project, fmt.Sprintf("creating token %q", in.Name))))
			return nil, diags
		}
		if len(out.revoked) > 0 {
			diags.AddWarning("Revoked a GitLab token created without confirmation",
				fmt.Sprintf("Creating token %q in project %q failed (%s), yet GitLab had created token ID(s) %v. "+
					"The provider revoked them so that no token lives outside Terraform state.", in.Name, project, err, out.revoked))
		}
		if attempt == createAttempts || ctx.Err() != nil {
			diags.Append(family.Diagnostic("Cannot create GitLab project access token", err,
				"No token was left behind. Run apply again."))
			return nil, diags
		}
		tflog.Info(ctx, "Creating the token again after an unconfirmed create", map[string]any{"project": project, "name": in.Name})
	}
}

// rotateAttempts bounds how often a rotation is sent when GitLab shows that an unconfirmed one did
// not happen, as createAttempts bounds creates.
const rotateAttempts = 3

// rotateWithoutOrphans rotates the token in state and returns its successor. Each answer is one of
// the cases of the switch below. When a rotation is unconfirmed, GitLab's word on the old token
// decides ([settleRotation]): not revoked, GitLab did not rotate (yet), and the rotation is sent
// again (rotateAttempts in all); revoked, GitLab did rotate, and the successor, whose value can never
// be known, is revoked when the provider can show it is the one. state then records the old token as
// revoked, and the next plan replaces it. A refusal after an unconfirmed rotation is settled the same
// way, since GitLab refuses to rotate a token that the unconfirmed one rotated late. (A new token
// made here in the successor's place would have another bot user, which the plan of a rotation
// keeps.)
func rotateWithoutOrphans(ctx context.Context, client *Client, state *projectAccessTokenModel, want CreateRequest) (*Token, diag.Diagnostics) {
	project := state.Project.ValueString()
	var prior []*unconfirmedError
	// Every unconfirmed call is settled or dropped before returning: none counts toward later searches.
	defer func() {
		for _, u := range prior {
			client.ledger.forget(u)
		}
	}()
	for attempt := 1; ; attempt++ {
		tok, err := client.RotateToken(ctx, project, state.TokenID.ValueInt64(), want)
		var unconfirmed *unconfirmedError
		var notSent *baselineError
		switch {
		case err == nil: // rotated
			return tok, nil // GitLab rotates a token once: an earlier unconfirmed attempt never will
		case errors.As(err, &notSent): // the list before the first rotation failed
			return nil, refusedRotation(state, err, strings.TrimSpace(fmt.Sprintf("Nothing was sent, so token %s is "+
				"unchanged. %s", state.ID.ValueString(), nextStep(err, client, project))))
		case errors.As(err, &unconfirmed): // settled, then sent again if GitLab did not rotate
			prior = append(prior, unconfirmed)
			if notRotated, diags := settleRotation(ctx, client, state, unconfirmed); !notRotated {
				return nil, diags
			}
			if attempt == rotateAttempts || ctx.Err() != nil {
				return nil, refusedRotation(state, unconfirmed, fmt.Sprintf("GitLab gave no clear answer to the rotation, and token %d "+
					"is not revoked, so GitLab did not rotate it: it is unchanged. Run apply again.", state.TokenID.ValueInt64()))
			}
			tflog.Info(ctx, "Rotating again: GitLab did not rotate the token when the answer was lost", map[string]any{"project": project})
		case len(prior) == 0: // refused
			return nil, refusedRotation(state, err, unchanged(state, err, client))
		default: // refused after an unconfirmed attempt, which GitLab may have carried out late
			if notRotated, diags := settleRotation(ctx, client, state, prior[len(prior)-1]); !notRotated {
				return nil, diags
			}
			return nil, refusedRotation(state, err, unchanged(state, err, client))
		}
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

// settleRotation finds out whether an unconfirmed rotation happened. notRotated means GitLab shows
// it did not (the old token is not revoked). Otherwise it returns an error: GitLab did rotate, and
// then the old token is revoked (state says so) and the successor is revoked when the provider can
// show it is the one; or the provider cannot tell.
func settleRotation(ctx context.Context, client *Client, state *projectAccessTokenModel, unconfirmed *unconfirmedError) (notRotated bool, diags diag.Diagnostics) {
	project, oldID := state.Project.ValueString(), state.TokenID.ValueInt64()
	ctx = context.WithoutCancel(ctx)
	old, err := httpclient.RetryRead(ctx, httpclient.SettleTries, func(ctx context.Context) (*Token, error) {
		return client.GetToken(ctx, project, oldID)
	})
	switch {
	case err != nil:
		diags.Append(family.Diagnostic("GitLab project access token may have been rotated outside Terraform", unconfirmed,
			fmt.Sprintf("The rotation got no clear answer, and reading token %d to see whether GitLab rotated it failed: %s. "+
				"In project %q, check token %d: if it is revoked, revoke the newest active token named %q, which no state "+
				"holds, then run apply again.", oldID, err, project, oldID, state.Name.ValueString())))
		return false, diags
	case !old.Revoked:
		return true, diags
	}
	state.Revoked, state.Active = types.BoolValue(true), types.BoolValue(false)
	out := client.settle(ctx, unconfirmed)
	if out.err == nil && len(out.matching) == 0 {
		diags.Append(family.Diagnostic("GitLab project access token rotated without an answer", unconfirmed,
			fmt.Sprintf("GitLab rotated token %d, but its answer was lost, so the new token's value can never be known. "+
				"The provider revoked the new token %v so that no working token exists outside state. "+
				"Token %d is revoked too: the next apply replaces it.", oldID, out.revoked, oldID)))
		return false, diags
	}
	diags.Append(family.Diagnostic("GitLab project access token may exist outside Terraform", unconfirmed,
		unsettled(out, project, fmt.Sprintf("rotating token %d", oldID))+fmt.Sprintf(" Token %d is revoked: the next apply replaces it.", oldID)))
	return false, diags
}

// unsettled says what settling an unconfirmed call could not settle, and what to do.
func unsettled(out outcome, project, what string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "The answer to %s in project %q was lost after the request was sent, so GitLab may have made a token. ", what, project)
	if len(out.revoked) > 0 {
		fmt.Fprintf(&b, "The provider revoked token(s) %v, which its own calls made. ", out.revoked)
	}
	switch {
	case len(out.unrevoked) > 0:
		fmt.Fprintf(&b, "Tokens %v were made by its calls, but revoking them failed: %s. ", out.unrevoked, out.err)
	case out.err != nil:
		fmt.Fprintf(&b, "Looking for it failed: %s. ", out.err)
	}
	if len(out.matching) > 0 {
		fmt.Fprintf(&b, "Tokens %v match the request, but the provider cannot show which of them its call made "+
			"(someone else may have made identical ones), so it revoked none of them. ", out.matching)
	}
	fmt.Fprintf(&b, "In project %q, revoke those tokens matching the request that no Terraform state holds, then run apply again.", project)
	return b.String()
}
