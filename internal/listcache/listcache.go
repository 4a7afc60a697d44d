// Package listcache keeps, for each key (a project as the user wrote it), the answer of one list
// call for every reader of a provider process, which for Terraform is one plan, one apply or one
// query. The families whose reads go through a project's list (ServiceStage, GitLab) share it, so
// that the rules of when a list may be shared live in one place:
//
//   - readers that come while a list call is in flight wait for it rather than call again;
//   - its answer is kept for the readers that come later, until Forget;
//   - a call in flight when its key is forgotten is neither kept nor joined: it may have been
//     answered before the change that Forget marks;
//   - a failed call is shared only with those already waiting for it: the next reader tries again.
package listcache

import (
	"context"
	"strconv"
	"sync"

	"golang.org/x/sync/singleflight"
)

// Cache keeps the answer of one list call per key.
type Cache[T any] struct {
	call   func(ctx context.Context, key string) (T, error)
	flight singleflight.Group

	mu   sync.Mutex
	kept map[string]T
	// epoch counts a key's forgets: a call in flight across one is neither kept nor joined.
	epoch map[string]int
}

// New returns an empty cache whose misses are answered by call.
func New[T any](call func(ctx context.Context, key string) (T, error)) *Cache[T] {
	return &Cache[T]{call: call, kept: map[string]T{}, epoch: map[string]int{}}
}

// Get returns the key's answer: the one kept, the call in flight, or a new call.
func (c *Cache[T]) Get(ctx context.Context, key string) (T, error) {
	kept, ok, epoch := c.lookup(key)
	if ok {
		return kept, nil
	}
	answer := c.flight.DoChan(key+"#"+strconv.Itoa(epoch), func() (any, error) {
		// A call that ended between the lookup above and this one has kept its answer.
		if kept, ok, _ := c.lookup(key); ok {
			return kept, nil
		}
		// The call outlives the reader that made it, as others wait for it.
		v, err := c.call(context.WithoutCancel(ctx), key)
		if err == nil {
			c.keep(key, epoch, v)
		}
		return v, err
	})
	select {
	case r := <-answer:
		v, _ := r.Val.(T)
		return v, r.Err
	case <-ctx.Done():
		var zero T
		return zero, ctx.Err()
	}
}

// lookup returns the key's kept answer, if any, and its epoch.
func (c *Cache[T]) lookup(key string) (kept T, ok bool, epoch int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	kept, ok = c.kept[key]
	return kept, ok, c.epoch[key]
}

// keep stores v, the answer of a call made at epoch, unless the key was forgotten since.
func (c *Cache[T]) keep(key string, epoch int, v T) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.epoch[key] == epoch {
		c.kept[key] = v
	}
}

// Forget drops what is known of the key, after a change there (a create, a delete...).
func (c *Cache[T]) Forget(key string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.kept, key)
	c.epoch[key]++
}

// Fresh lists the key now, whatever was listed before, and keeps the answer for later readers.
func (c *Cache[T]) Fresh(ctx context.Context, key string) (T, error) {
	c.Forget(key)
	return c.Get(ctx, key)
}
