package servicestage

import (
	"context"
	"sync"
)

// lists shares one list call per project among every read of a process, which for Terraform is
// one plan or one apply: with 500 authorizations in a project, a refresh lists it once, not 500
// times. A create or delete there forgets the answer, so that what follows lists again.
type lists struct {
	call func(ctx context.Context, project string) (*Listing, error)

	mu    sync.Mutex
	calls map[string]*listCall
}

// listCall is one list call, in flight or answered.
type listCall struct {
	done    chan struct{}
	listing *Listing
	err     error
}

func newLists(call func(context.Context, string) (*Listing, error)) *lists {
	return &lists{call: call, calls: map[string]*listCall{}}
}

// get returns the project's listing, joining the call in flight or making one. A failed call is
// shared only with those already waiting for it: the next caller tries again.
func (l *lists) get(ctx context.Context, project string) (*Listing, error) {
	l.mu.Lock()
	c, ok := l.calls[project]
	if !ok {
		c = &listCall{done: make(chan struct{})}
		l.calls[project] = c
	}
	l.mu.Unlock()
	if !ok {
		// The call outlives the caller that made it, as others wait for it.
		c.listing, c.err = l.call(context.WithoutCancel(ctx), project)
		if c.err != nil {
			l.forgetCall(project, c)
		}
		close(c.done)
	}
	select {
	case <-c.done:
		return c.listing, c.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// forget drops what is known of the project's authorizations.
func (l *lists) forget(project string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.calls, project)
}

func (l *lists) forgetCall(project string, c *listCall) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.calls[project] == c {
		delete(l.calls, project)
	}
}
