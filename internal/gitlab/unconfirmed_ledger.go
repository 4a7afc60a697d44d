package gitlab

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/gitauth-dev/terraform-provider-gitauth/internal/httpclient"
)

// A create or rotate is unconfirmed when it was sent but its answer was lost (5xx, timeout, dropped
// connection, interruption): GitLab may have made a token whose value no one will ever see. The
// provider may revoke such a token only when it can show that its own call made it. The ledger
// makes that possible within one provider process (one Terraform command):
//
//   - before this process first creates or rotates a token in a project, it lists the project's
//     active tokens (its baseline, [ledger.baseline]): those existed before any of its calls;
//   - every token a call returns, and every token read from state, is accounted for too;
//   - an unconfirmed call is settled only once no other create or rotate of this process is under
//     way, and none starts until it is settled, so that every call that succeeded has been
//     accounted for.
//
// A candidate is then an active token that matches the unconfirmed call's request, was created no
// earlier than GitLab's clock read before the call, and is accounted for by nothing. When the
// unconfirmed calls of one request outnumber or equal its candidates, the candidates are theirs and
// are revoked. Otherwise the provider cannot tell, revokes nothing, and names them.
//
// The ledger's lock is its own: only the methods in this file take it. Its API is
// [ledger.baseline], [ledger.send] (record a send), [ledger.settle] (settle from a list),
// [ledger.forget] and [ledger.account].

// serverSkew allows for GitLab's nodes stamping created_at by clocks a little apart.
const serverSkew = time.Minute

// settleTimeout bounds the search for what an unconfirmed call made. It runs even after Terraform
// was interrupted, because that is when an orphan is most likely.
const settleTimeout = 2 * time.Minute

type ledger struct {
	mu        sync.Mutex
	changed   *sync.Cond // broadcast when inFlight or exclusive change
	inFlight  int        // creates and rotates under way
	exclusive bool       // a listing that must see no call under way is running
	known     map[int64]bool
	listed    map[string]bool // projects, as configured, listed before their first create
	pending   []*unconfirmedCall
}

func newLedger() *ledger {
	l := &ledger{known: map[int64]bool{}, listed: map[string]bool{}}
	l.changed = sync.NewCond(&l.mu)
	return l
}

// unconfirmedCall is a create or rotate whose answer was lost.
type unconfirmedCall struct {
	project string
	want    CreateRequest
	// since is GitLab's time before the call; the token it made is no older. Zero when unknown.
	since   time.Time
	settled bool
	outcome outcome
}

// outcome is what settling an unconfirmed call found and did.
type outcome struct {
	// revoked are the tokens the unconfirmed calls of this request made, now revoked.
	revoked []int64
	// matching are tokens that match the request and may be the unconfirmed call's or someone
	// else's: nothing was revoked.
	matching []int64
	// unrevoked are tokens the unconfirmed calls made whose revocation failed (err says why).
	unrevoked []int64
	// err is why the search could not finish.
	err error
}

// unconfirmedError is a create or rotate that was sent but whose answer was lost: GitLab may have
// carried it out. [Client.settle] finds out.
type unconfirmedError struct {
	Err  error
	call *unconfirmedCall
}

func (e *unconfirmedError) Error() string { return e.Err.Error() }
func (e *unconfirmedError) Unwrap() error { return e.Err }

// account counts tokens as known: no search for an unconfirmed call's token takes them.
func (l *ledger) account(ids ...int64) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, id := range ids {
		l.known[id] = true
	}
}

// baseline lists the project's active tokens with list once per process, before its first create
// or rotation there, so that no token that existed before is ever taken for one this process made.
func (l *ledger) baseline(ctx context.Context, project string, list func(context.Context, string) ([]*Token, error)) error {
	if l.isListed(project) {
		return nil
	}
	var err error
	ran := l.alone(ctx, func() {
		if l.isListed(project) { // another create listed it while this one waited
			return
		}
		var tokens []*Token
		if tokens, err = list(ctx, project); err == nil {
			l.rememberListing(project, tokens)
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

// send runs call, a create or rotate in project asking for want, as a call under way, and records
// how it ended: the token it returned is accounted for, and an answer that may have been lost after
// GitLab acted ([httpclient.Ambiguous]) makes it unconfirmed, an [unconfirmedError].
func (l *ledger) send(server *httpclient.ServerClock, project string, want CreateRequest, call func() (*Token, error)) (*Token, error) {
	since := l.begin(server)
	t, err := call()
	switch {
	case err == nil:
		l.end(t, nil)
		return t, nil
	case !httpclient.Ambiguous(err):
		l.end(nil, nil)
		return nil, err
	}
	u := &unconfirmedCall{project: project, want: want, since: since}
	l.end(nil, u)
	return nil, &unconfirmedError{Err: err, call: u}
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

// end counts the call as over, and accounts for the token it returned or records it as
// unconfirmed, in one step, so that a settle waiting for calls to end sees it either way.
func (l *ledger) end(t *Token, u *unconfirmedCall) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.inFlight--
	if t != nil {
		l.known[t.ID] = true
	}
	if u != nil {
		l.pending = append(l.pending, u)
	}
	l.changed.Broadcast()
}

// forget drops an unconfirmed call that was settled some other way (a rotation GitLab shows it did
// not carry out), so that it never counts toward another call's search. Dropping one only ever
// makes a later search revoke less.
func (l *ledger) forget(unconfirmed *unconfirmedError) {
	l.mu.Lock()
	defer l.mu.Unlock()
	unconfirmed.call.settled = true
	l.pending = slices.DeleteFunc(l.pending, func(p *unconfirmedCall) bool { return p == unconfirmed.call })
}

// settle finds the token an unconfirmed call made, from list (the project's active tokens now), and
// revokes it with revoke when it can show the call made it. It runs with its own deadline, even
// when ctx was cancelled, once no create or rotate is under way.
func (l *ledger) settle(ctx context.Context, unconfirmed *unconfirmedError,
	list func(context.Context, string) ([]*Token, error), revoke func(context.Context, string, int64) error,
) outcome {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), settleTimeout)
	defer cancel()
	u := unconfirmed.call
	ran := l.alone(ctx, func() {
		if !l.isSettled(u) {
			l.judge(ctx, u, list, revoke)
		}
	})
	if !ran {
		l.forget(unconfirmed)
		return outcome{err: fmt.Errorf("other calls were still under way after %s", settleTimeout)}
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	return u.outcome
}

func (l *ledger) isSettled(u *unconfirmedCall) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return u.settled
}

// judge settles u together with every other unconfirmed call of the same request; it runs alone.
func (l *ledger) judge(ctx context.Context, u *unconfirmedCall,
	list func(context.Context, string) ([]*Token, error), revoke func(context.Context, string, int64) error,
) {
	tokens, err := list(ctx, u.project)
	if err != nil {
		l.mu.Lock()
		defer l.mu.Unlock()
		u.outcome = outcome{err: fmt.Errorf("listing the project's tokens: %w", err)}
		return
	}
	group, candidates := l.candidates(u, tokens)
	out := outcome{matching: candidates}
	if len(candidates) > 0 && u.since.IsZero() {
		out.err = errors.New("GitLab's clock was not seen before the call, so the tokens it made cannot be told by age")
	} else if len(candidates) <= len(group) {
		out = l.revokeAll(ctx, u.project, candidates, revoke)
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, g := range group {
		g.settled, g.outcome = true, out
	}
	l.pending = slices.DeleteFunc(l.pending, func(p *unconfirmedCall) bool { return p.settled })
}

// candidates returns the unsettled unconfirmed calls of u's project and request, and the listed
// tokens that one of them may have made.
func (l *ledger) candidates(u *unconfirmedCall, tokens []*Token) ([]*unconfirmedCall, []int64) {
	l.mu.Lock()
	defer l.mu.Unlock()
	since := u.since
	var group []*unconfirmedCall
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

// revokeAll revokes the tokens the unconfirmed calls made, and accounts for each one revoked.
func (l *ledger) revokeAll(ctx context.Context, project string, ids []int64, revoke func(context.Context, string, int64) error) outcome {
	var out outcome
	for i, id := range ids {
		if err := revoke(ctx, project, id); err != nil {
			out.unrevoked = ids[i:]
			out.err = fmt.Errorf("revoking token %d: %w", id, err)
			return out
		}
		l.account(id)
		out.revoked = append(out.revoked, id)
	}
	return out
}

// alone runs fn once no create or rotate is under way, holding new ones back until it returns. It
// reports false, without running fn, when ctx ends first. fn runs without the lock.
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
