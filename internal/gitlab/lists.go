package gitlab

import (
	"context"
	"fmt"
)

// A refresh reads every token of a configuration. Each read goes through the list of its project's
// tokens (GET /projects/:id/access_tokens, all states, every page), made once and shared by every
// reader of the process (a plan, an apply, a query) until the provider creates, rotates or revokes
// a token there, answered or not (internal/listcache holds the rules). A project is keyed as
// written: its ID and its path are two lists.
//
// The list only ever finds a token. A token the list lacks is read by its own GET, which alone can
// say it is gone: GitLab before 17.2 lists only active tokens, and a page can shift under a
// concurrent change. A failed list is an error ([listError]), never a removal, and is not followed by
// the GET: a list is refused for the reasons a GET would be (credential, role, project, base URL,
// rate limit), so the GET would only spend a call per token to say the same.

// tokenList is a project's tokens, in all states, as one list call found them.
type tokenList struct {
	tokens []*Token
	byID   map[int64]*Token
}

// listAll lists the project's tokens in every state, for the shared lists.
func (c *Client) listAll(ctx context.Context, project string) (*tokenList, error) {
	tokens, err := c.listTokens(ctx, project, "")
	if err != nil {
		return nil, err
	}
	l := &tokenList{tokens: tokens, byID: make(map[int64]*Token, len(tokens))}
	for _, t := range tokens {
		l.byID[t.ID] = t
	}
	return l, nil
}

// listError is a failed list of a project's tokens. It never says that a token is gone.
type listError struct {
	Project string
	Err     error
}

func (e *listError) Error() string {
	return fmt.Sprintf("listing the access tokens of project %q: %s", e.Project, e.Err)
}

func (e *listError) Unwrap() error { return e.Err }

// ReadToken reads one token through the project's shared list, or by its own GET when the list
// lacks it. As with [Client.GetToken], the token is then accounted for.
func (c *Client) ReadToken(ctx context.Context, project string, id int64) (*Token, error) {
	listed, err := c.lists.Get(ctx, project)
	if err != nil {
		return nil, &listError{Project: project, Err: err}
	}
	if t, ok := listed.byID[id]; ok {
		c.ledger.account(id)
		return t.clone(), nil
	}
	return c.GetToken(ctx, project, id)
}

// ListTokensIn returns the tokens of the project in state, active or inactive ("" for all), at
// most limit of them (-1 for all), from the project's shared list: a plan that also refreshes
// tokens of the project lists it once.
func (c *Client) ListTokensIn(ctx context.Context, project, state string, limit int) ([]*Token, error) {
	keep, err := stateFilter(state)
	if err != nil {
		return nil, err
	}
	listed, err := c.lists.Get(ctx, project)
	if err != nil {
		return nil, err
	}
	var out []*Token
	for _, t := range listed.tokens {
		if len(out) == limit {
			break
		}
		if keep(t) {
			out = append(out, t.clone())
		}
	}
	return out, nil
}

// stateFilter tells the tokens in state, as GitLab's state filter does: active ones work, inactive
// ones are revoked or expired.
func stateFilter(state string) (func(*Token) bool, error) {
	switch state {
	case "":
		return func(*Token) bool { return true }, nil
	case "active":
		return func(t *Token) bool { return t.Active }, nil
	case "inactive":
		return func(t *Token) bool { return !t.Active }, nil
	}
	return nil, fmt.Errorf("no token state %q: want active, inactive or \"\" for all", state)
}

// clone copies a listed token, so that no reader changes what the others read.
func (t *Token) clone() *Token {
	out := *t
	out.Scopes = append([]string(nil), t.Scopes...)
	return &out
}
