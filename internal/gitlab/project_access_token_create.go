package gitlab

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/gitauth-dev/terraform-provider-gitauth/internal/httpclient"
)

const (
	// createAttempts bounds how often a create whose outcome was unknown is tried.
	createAttempts = 2
	// cleanupTimeout bounds the search for an orphan, which runs even after Terraform was interrupted.
	cleanupTimeout = time.Minute
	// clockSkew widens the window in which a token counts as made by our call, for GitLab's clock.
	clockSkew = 5 * time.Minute
)

// createWithoutOrphans creates a token. When GitLab's answer is a 5xx or is lost (timeout, dropped
// connection, interruption), the call may still have created a token that state would never hold.
// The provider then looks for it, revokes it, says so, and tries once more, so that no working
// token is left outside Terraform.
func (r *projectAccessTokenResource) createWithoutOrphans(ctx context.Context, client *Client, project string, in CreateRequest) (*Token, diag.Diagnostics) {
	var diags diag.Diagnostics
	for attempt := 1; ; attempt++ {
		started := r.now()
		tok, err := client.CreateToken(ctx, project, in)
		if err == nil {
			return tok, diags
		}
		if !httpclient.Ambiguous(err) {
			diags.Append(httpclient.Diagnostic("Cannot create GitLab project access token", err, nextStep(err, project)))
			return nil, diags
		}
		revoked, cleanupErr := revokeOrphans(ctx, client, project, in, started)
		if cleanupErr != nil {
			diags.Append(httpclient.Diagnostic("GitLab project access token may exist outside Terraform",
				fmt.Errorf("%w; looking for what the call created then failed: %w", err, cleanupErr),
				fmt.Sprintf("In project %q, revoke any token named %q created since %s, then run apply again.",
					project, in.Name, started.UTC().Format(time.RFC3339))))
			return nil, diags
		}
		if len(revoked) > 0 {
			diags.AddWarning("Revoked a GitLab token created without confirmation",
				fmt.Sprintf("Creating token %q in project %q failed (%s), yet GitLab had created token ID(s) %v. "+
					"The provider revoked them so that no token lives outside Terraform state.", in.Name, project, err, revoked))
		}
		if attempt == createAttempts || ctx.Err() != nil {
			diags.Append(httpclient.Diagnostic("Cannot create GitLab project access token", err,
				"No token was left behind. Run apply again."))
			return nil, diags
		}
		tflog.Info(ctx, "Creating the token again after an unconfirmed create", map[string]any{"project": project, "name": in.Name})
	}
}

// revokeOrphans revokes the working tokens that match the request and were created since the call
// began, and returns their IDs.
func revokeOrphans(ctx context.Context, client *Client, project string, in CreateRequest, since time.Time) ([]int64, error) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cleanupTimeout)
	defer cancel()
	tokens, err := client.ListTokens(ctx, project)
	if err != nil {
		return nil, err
	}
	var ids []int64
	for _, t := range tokens {
		if t.Revoked || t.CreatedAt.Before(since.Add(-clockSkew)) || !matches(t, in) {
			continue
		}
		if err := revoke(ctx, client, project, t.ID); err != nil {
			return ids, fmt.Errorf("revoking token %d: %w", t.ID, err)
		}
		ids = append(ids, t.ID)
	}
	return ids, nil
}

func matches(t *Token, in CreateRequest) bool {
	return t.Name == in.Name && t.Description == in.Description && t.AccessLevel == in.AccessLevel &&
		t.ExpiresAt == in.ExpiresAt && sameSet(t.Scopes, in.Scopes)
}

func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(slices.Compact(a), slices.Compact(b))
}

// nextStep tells the user what to do about a refused call.
func nextStep(err error, project string) string {
	switch {
	case httpclient.HasStatus(err, 401):
		return "Check the provider's gitlab.token (or GITLAB_TOKEN): GitLab did not accept it."
	case httpclient.HasStatus(err, 403):
		return fmt.Sprintf("The provider's GitLab token needs the api scope and the Maintainer or Owner role on project %q.", project)
	case httpclient.HasStatus(err, 404):
		return fmt.Sprintf("Check that project %q exists and that the provider's GitLab token can see it.", project)
	}
	return ""
}
