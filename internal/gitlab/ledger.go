package gitlab

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	gl "gitlab.com/gitlab-org/api/client-go/v2"

	"github.com/gitauth-dev/terraform-provider-gitauth/internal/httpclient"
)

// When the answer to a create or a rotate is lost, GitLab may have made a token whose value no one
// will ever see. The provider may revoke such a token only when it can show that its own call made
// it. The ledger makes that possible within one provider process (one Terraform command):
//
//   - before this process first creates or rotates a token in a project, it lists the project's
//     active tokens (its baseline, which the client's create and rotate take themselves): those
//     existed before any of its calls;
//   - every token a call returns, and every token read from state, is accounted for too;
//   - a lost answer is judged only once no other create or rotate of this process is under way,
//     and none starts until it is judged, so that every call that succeeded has been accounted for.
//
// A candidate is then an active token that matches the lost call's request, was created no earlier
// than GitLab's clock read before the call, and is accounted for by nothing. When the lost calls of
// one request outnumber or equal its candidates, the candidates are theirs and are revoked.
// Otherwise the provider cannot tell, revokes nothing, and names them.

// serverSkew allows for GitLab's nodes stamping created_at by clocks a little apart.
const serverSkew = time.Minute

// settleTimeout bounds the search for what a lost call made. It runs even after Terraform was
// interrupted, because that is when an orphan is most likely.
const settleTimeout = 2 * time.Minute

type ledger struct {
	mu        sync.Mutex
	changed   *sync.Cond // broadcast when inFlight or exclusive change
	inFlight  int        // creates and rotates under way
	exclusive bool       // a listing that must see no call under way is running
	known     map[int64]bool
	listed    map[string]bool // projects, as configured, listed before their first create
	pending   []*unconfirmed
}

func newLedger() *ledger {
	l := &ledger{known: map[int64]bool{}, listed: map[string]bool{}}
	l.changed = sync.NewCond(&l.mu)
	return l
}

// unconfirmed is a create or rotate whose answer was lost.
type unconfirmed struct {
	project string
	want    CreateRequest
	// since is GitLab's time before the call; the token it made is no older. Zero when unknown.
	since   time.Time
	settled bool
	outcome Outcome
}

// Outcome is what the search for a lost call's token found and did.
type Outcome struct {
	// Revoked are the tokens the lost calls of this request made, now revoked.
	Revoked []int64
	// InDoubt are tokens that may be the lost call's or someone else's: nothing was revoked.
	InDoubt []int64
	// Unrevoked are tokens the lost calls made whose revocation failed (Err says why).
	Unrevoked []int64
	// Err is why the search could not finish.
	Err error
}

// UnconfirmedError is a create or rotate that was sent but whose answer was lost (5xx, timeout,
// dropped connection, interruption): GitLab may have carried it out. settleLost finds out.
type UnconfirmedError struct {
	Err  error
	call *unconfirmed
}

func (e *UnconfirmedError) Error() string { return e.Err.Error() }
func (e *UnconfirmedError) Unwrap() error { return e.Err }

func (l *ledger) remember(ids ...int64) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, id := range ids {
		l.known[id] = true
	}
}

// begin waits while an exclusive listing runs, then counts a call as under way and returns
// GitLab's time as last seen.
func (l *ledger) begin(server *httpclient.ServerClock) time.Time {
	l.mu.Lock()
	defer l.mu.Unlock()
	for l.exclusive {
		l.changed.Wait()
	}
	l.inFlight++
	return server.Latest()
}

// end counts the call as over, and accounts for the token it returned or records it as lost, in
// one step, so that a judge waiting for calls to end sees it either way.
func (l *ledger) end(t *gl.ProjectAccessToken, lost *unconfirmed) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.inFlight--
	if t != nil {
		l.known[t.ID] = true
	}
	if lost != nil {
		l.pending = append(l.pending, lost)
	}
	l.changed.Broadcast()
}

// forget drops a lost call that was judged some other way (a rotation GitLab shows it did not
// carry out), so that it never counts toward another call's search. Dropping one only ever makes a
// later search revoke less.
func (c *Client) forget(lost *UnconfirmedError) {
	c.ledger.mu.Lock()
	defer c.ledger.mu.Unlock()
	lost.call.settled = true
	c.ledger.pending = slices.DeleteFunc(c.ledger.pending, func(p *unconfirmed) bool { return p == lost.call })
}

// alone runs fn once no create or rotate is under way, holding new ones back until it returns. It
// reports false, without running fn, when ctx ends first.
func (l *ledger) alone(ctx context.Context, fn func()) bool {
	stop := context.AfterFunc(ctx, func() {
		l.mu.Lock()
		defer l.mu.Unlock()
		l.changed.Broadcast()
	})
	defer stop()
	l.mu.Lock()
	for l.exclusive && ctx.Err() == nil {
		l.changed.Wait()
	}
	if ctx.Err() != nil {
		l.mu.Unlock()
		return false
	}
	l.exclusive = true
	for l.inFlight > 0 && ctx.Err() == nil {
		l.changed.Wait()
	}
	idle := l.inFlight == 0
	l.mu.Unlock()
	if idle {
		fn()
	}
	l.mu.Lock()
	l.exclusive = false
	l.changed.Broadcast()
	l.mu.Unlock()
	return idle
}

// unconfirmedIfLost runs a create or rotate as a call under way, after the project's baseline, and
// turns an answer that may have been lost after GitLab acted into an *UnconfirmedError.
func (c *Client) unconfirmedIfLost(ctx context.Context, project string, want CreateRequest,
	send func(context.Context) (*gl.ProjectAccessToken, error),
) (*Token, error) {
	if err := c.baseline(ctx, project); err != nil {
		return nil, &BaselineError{Err: err}
	}
	defer c.lists.Forget(project) // answered or lost, the call may have changed the project's list
	since := c.ledger.begin(c.server)
	ctx, body := withErrorBody(ctx)
	t, err := send(ctx)
	if err == nil && notAToken(t) {
		err = errNotAToken // the call may still have made one: settled like a lost answer
	}
	if err == nil {
		c.ledger.end(t, nil)
		return convert(t), nil
	}
	err = apiError(err, body)
	if !httpclient.Ambiguous(err) {
		c.ledger.end(nil, nil)
		return nil, err
	}
	u := &unconfirmed{project: project, want: want, since: since}
	c.ledger.end(nil, u)
	return nil, &UnconfirmedError{Err: err, call: u}
}

// BaselineError is a failure of the list that precedes a client's first create or rotation in a
// project: nothing was sent.
type BaselineError struct{ Err error }

func (e *BaselineError) Error() string {
	return "listing the project's tokens, which comes before the first create or rotation there: " + e.Err.Error()
}
func (e *BaselineError) Unwrap() error { return e.Err }

// baseline lists the project's active tokens once per process, before its first create or
// rotation there, so that no token that existed before is ever taken for one this process made.
func (c *Client) baseline(ctx context.Context, project string) error {
	if c.ledger.isListed(project) {
		return nil
	}
	var err error
	ran := c.ledger.alone(ctx, func() {
		if c.ledger.isListed(project) { // another create listed it while this one waited
			return
		}
		var tokens []*Token
		if tokens, err = c.ListTokens(ctx, project); err == nil {
			c.ledger.rememberListing(project, tokens)
		}
	})
	if !ran {
		return ctx.Err()
	}
	return err
}

func (l *ledger) isListed(project string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.listed[project]
}

func (l *ledger) rememberListing(project string, tokens []*Token) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, t := range tokens {
		l.known[t.ID] = true
	}
	l.listed[project] = true
}

// settleLost finds the token a lost call made and revokes it when it can show the call made it. It
// runs with its own deadline, even when ctx was cancelled.
func (c *Client) settleLost(ctx context.Context, lost *UnconfirmedError) Outcome {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), settleTimeout)
	defer cancel()
	u := lost.call
	ran := c.ledger.alone(ctx, func() {
		if !u.settled {
			c.settle(ctx, u)
		}
	})
	if !ran {
		c.forget(lost)
		return Outcome{Err: fmt.Errorf("other calls were still under way after %s", settleTimeout)}
	}
	return u.outcome
}

// settle judges u together with every other lost call of the same request; it runs alone.
func (c *Client) settle(ctx context.Context, u *unconfirmed) {
	tokens, err := httpclient.RetryRead(ctx, httpclient.SettleTries, func(ctx context.Context) ([]*Token, error) {
		return c.ListTokens(ctx, u.project)
	})
	if err != nil {
		u.outcome = Outcome{Err: fmt.Errorf("listing the project's tokens: %w", err)}
		return
	}
	group, candidates := c.ledger.candidates(u, tokens)
	out := Outcome{InDoubt: candidates}
	if len(candidates) > 0 && u.since.IsZero() {
		out.Err = errors.New("GitLab's clock was not seen before the call, so the tokens it made cannot be told by age")
	} else if len(candidates) <= len(group) {
		out = c.revokeAll(ctx, u.project, candidates)
	}
	c.ledger.mu.Lock()
	defer c.ledger.mu.Unlock()
	for _, g := range group {
		g.settled, g.outcome = true, out
	}
	c.ledger.pending = slices.DeleteFunc(c.ledger.pending, func(p *unconfirmed) bool { return p.settled })
}

// candidates returns the unsettled lost calls of u's project and request, and the listed tokens
// that one of them may have made.
func (l *ledger) candidates(u *unconfirmed, tokens []*Token) ([]*unconfirmed, []int64) {
	l.mu.Lock()
	defer l.mu.Unlock()
	since := u.since
	var group []*unconfirmed
	for _, p := range l.pending {
		if !p.settled && p.project == u.project && sameRequest(p.want, u.want) {
			group = append(group, p)
			since = earlier(since, p.since)
		}
	}
	if !since.IsZero() {
		since = since.Add(-serverSkew)
	}
	var ids []int64
	for _, t := range tokens {
		if !l.known[t.ID] && !t.Revoked && sameRequest(t.request(), u.want) && !t.CreatedAt.Before(since) {
			ids = append(ids, t.ID)
		}
	}
	return group, ids
}

// earlier returns the earlier of two times, where zero means unknown and so the earliest.
func earlier(a, b time.Time) time.Time {
	if a.IsZero() || b.IsZero() {
		return time.Time{}
	}
	if b.Before(a) {
		return b
	}
	return a
}

func (c *Client) revokeAll(ctx context.Context, project string, ids []int64) Outcome {
	var out Outcome
	for i, id := range ids {
		if err := c.Revoke(ctx, project, id); err != nil {
			out.Unrevoked = ids[i:]
			out.Err = fmt.Errorf("revoking token %d: %w", id, err)
			return out
		}
		c.ledger.remember(id)
		out.Revoked = append(out.Revoked, id)
	}
	return out
}

func sameRequest(a, b CreateRequest) bool {
	return a.Name == b.Name && a.Description == b.Description && a.AccessLevel == b.AccessLevel &&
		a.ExpiresAt == b.ExpiresAt && sameSet(a.Scopes, b.Scopes)
}

func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(slices.Compact(a), slices.Compact(b))
}
