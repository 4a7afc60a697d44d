package servicestage

import (
	"context"
	"strconv"
	"sync"

	"golang.org/x/sync/singleflight"
)

// listCache keeps each project's listing for every read of a process, which for Terraform is one
// plan or one apply: with 500 authorizations in a project, a refresh lists it once, not 500 times.
// A create or delete there forgets the listing, so that what follows lists again. Readers that
// come while a list call is in flight share it (singleflight).
type listCache struct {
	call   func(ctx context.Context, project string) (*Listing, error)
	flight singleflight.Group

	mu   sync.Mutex
	kept map[string]*Listing
	// epoch counts a project's forgets: a call in flight across one is neither kept nor joined.
	epoch map[string]int
}

func newListCache(call func(context.Context, string) (*Listing, error)) *listCache {
	return &listCache{call: call, kept: map[string]*Listing{}, epoch: map[string]int{}}
}

// get returns the project's listing: the one kept, the call in flight, or a new call. A failed
// call is shared only with those already waiting for it: the next reader tries again.
func (l *listCache) get(ctx context.Context, project string) (*Listing, error) {
	l.mu.Lock()
	kept, epoch := l.kept[project], l.epoch[project]
	l.mu.Unlock()
	if kept != nil {
		return kept, nil
	}
	answer := l.flight.DoChan(project+"#"+strconv.Itoa(epoch), func() (any, error) {
		// The call outlives the reader that made it, as others wait for it.
		listing, err := l.call(context.WithoutCancel(ctx), project)
		if err == nil {
			l.mu.Lock()
			if l.epoch[project] == epoch {
				l.kept[project] = listing
			}
			l.mu.Unlock()
		}
		return listing, err
	})
	select {
	case r := <-answer:
		listing, _ := r.Val.(*Listing)
		return listing, r.Err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// forget drops what is known of the project's authorizations.
func (l *listCache) forget(project string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.kept, project)
	l.epoch[project]++
}
