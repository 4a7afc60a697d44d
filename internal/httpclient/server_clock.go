package httpclient

import (
	"net/http"
	"sync"
	"time"
)

// ServerClock follows an API's own clock, as the Date headers of its answers show it. What an API
// creates is stamped by that clock, so "created since this call began" is judged by it, never by
// this machine's clock. The zero value is ready to use and safe for concurrent use.
type ServerClock struct {
	mu     sync.Mutex
	latest time.Time // the latest Date seen
	last   time.Time // the Date of the answer that arrived last
	seenAt time.Time // this machine's (monotonic) time when that answer arrived
}

// Observe records the Date header of an answer; an answer without one changes nothing.
func (c *ServerClock) Observe(h http.Header) {
	t, err := http.ParseTime(h.Get("Date"))
	if err != nil {
		return
	}
	now := time.Now()
	c.mu.Lock()
	defer c.mu.Unlock()
	c.last, c.seenAt = t, now
	if t.After(c.latest) {
		c.latest = t
	}
}

// Latest returns the latest time the API's answers have shown, or the zero time before any.
func (c *ServerClock) Latest() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.latest
}

// At estimates the API's time at local, a time of this machine, from the answer that arrived last
// (not the latest Date: one server whose clock runs ahead must not move every estimate). Date has
// whole seconds and is read after the server stamped it, so the estimate is never later than the
// truth by more than the network's delay. It reports false before any answer.
func (c *ServerClock) At(local time.Time) (time.Time, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.last.IsZero() {
		return time.Time{}, false
	}
	return c.last.Add(local.Sub(c.seenAt)), true
}
