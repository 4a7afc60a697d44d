package mockapi

import (
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strconv"
	"time"
)

// Fault is what the mock does to a call instead of, or besides, answering it normally.
type Fault struct {
	// Status answers with this code and the vendor's error body, without processing the request
	// unless ProcessFirst is set.
	Status int
	// ProcessFirst, with Status, processes the request before answering Status, as a gateway that
	// gives up on a server that goes on to finish the call.
	ProcessFirst bool
	// RetryAfter, with Status, is sent as the Retry-After header (seconds, as a string).
	RetryAfter string
	// Delay holds the answer back this long. The request is processed first, as a slow server
	// would: a client that gives up early cannot know whether its call took effect.
	Delay time.Duration
	// DropAfterProcessing processes the request, then closes the connection without an answer:
	// the client cannot know whether its call took effect.
	DropAfterProcessing bool
	// Meanwhile, when set, runs before the request is processed: what another client did while
	// this call was under way. In process only.
	Meanwhile func()
}

// queuedFault is a fault waiting for a call of its route, or of its method and exact path.
type queuedFault struct {
	route        string
	method, path string
	fault        Fault
}

func (q *queuedFault) matches(route string, r *http.Request) bool {
	if q.route != "" {
		return q.route == route
	}
	return q.method == r.Method && (q.path == r.URL.Path || q.path == r.URL.EscapedPath())
}

// InjectFault makes the next times calls of route (a pattern such as RouteGitLabCreateToken) fail
// with f. Faults queue up in the order injected.
func (s *Server) InjectFault(route string, times int, f Fault) {
	s.queueFault(queuedFault{route: route, fault: f}, times)
}

// InjectPathFault makes the next times calls of method on exactly path fail with f.
func (s *Server) InjectPathFault(method, path string, times int, f Fault) {
	s.queueFault(queuedFault{method: method, path: path, fault: f}, times)
}

func (s *Server) queueFault(q queuedFault, times int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for range times {
		c := q
		s.faults = append(s.faults, &c)
	}
}

// ClearFaults drops every fault not yet used, and stops Chaos.
func (s *Server) ClearFaults() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = nil
	s.chaos = nil
}

// Calls returns how many requests reached route, faulted ones included.
func (s *Server) Calls(route string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls[route]
}

// AllCalls returns the number of requests per route.
func (s *Server) AllCalls() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]int, len(s.calls))
	for k, v := range s.calls {
		out[k] = v
	}
	return out
}

func (s *Server) nextFault(route string, r *http.Request) (Fault, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls[route]++
	for i, q := range s.faults {
		if q.matches(route, r) {
			s.faults = append(s.faults[:i], s.faults[i+1:]...)
			return q.fault, true
		}
	}
	if s.chaos != nil {
		return s.chaos.draw()
	}
	return Fault{}, false
}

// Chaos makes about one call in OneIn of the vendor APIs fail, each with a kind of ChaosKinds,
// drawn from Seed. The same seed draws the same faults in the same order; which call gets which
// follows the order the calls arrive in.
type Chaos struct {
	Seed  uint64 `json:"seed"`
	OneIn int    `json:"one_in"`
	// SlowMS is how long a "slow" answer is held back, after the request was processed.
	SlowMS int `json:"slow_ms"`
	// RetryAfter is the Retry-After of a 429, in seconds.
	RetryAfter int `json:"retry_after"`
}

// ChaosKinds are the faults Chaos draws from, equally often: a rate limit, server errors answered
// without processing the request, a slow answer, a connection closed after processing, and a 502
// after processing ("late": a gateway that gave up on a server that finished the call).
var ChaosKinds = []string{"429", "500", "502", "503", "slow", "drop", "late"}

// chaosState draws the faults of a Chaos and counts them by kind.
type chaosState struct {
	cfg      Chaos
	rng      *rand.Rand
	injected map[string]int
}

func (c *chaosState) draw() (Fault, bool) {
	if c.rng.IntN(c.cfg.OneIn) != 0 {
		return Fault{}, false
	}
	kind := ChaosKinds[c.rng.IntN(len(ChaosKinds))]
	c.injected[kind]++
	switch kind {
	case "slow":
		return Fault{Delay: time.Duration(c.cfg.SlowMS) * time.Millisecond}, true
	case "drop":
		return Fault{DropAfterProcessing: true}, true
	case "late":
		return Fault{Status: http.StatusBadGateway, ProcessFirst: true}, true
	}
	status, _ := strconv.Atoi(kind)
	f := Fault{Status: status}
	if status == http.StatusTooManyRequests {
		f.RetryAfter = strconv.Itoa(c.cfg.RetryAfter)
	}
	return f, true
}

// SetChaos starts drawing faults by cfg, replacing any earlier Chaos and its counts. Faults queued
// by InjectFault come first.
func (s *Server) SetChaos(cfg Chaos) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.chaos = &chaosState{cfg: cfg, rng: rand.New(rand.NewPCG(cfg.Seed, cfg.Seed)), injected: map[string]int{}}
}

// ChaosInjected returns the faults Chaos has injected, by kind, since it was set.
func (s *Server) ChaosInjected() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[string]int{}
	if s.chaos != nil {
		for k, v := range s.chaos.injected {
			out[k] = v
		}
	}
	return out
}

func (s *Server) instrument(route string, fail errorWriter, h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		f, ok := s.nextFault(route, r)
		if !ok {
			h(w, r)
			return
		}
		if f.Meanwhile != nil {
			f.Meanwhile()
		}
		switch {
		case f.Status != 0:
			if f.ProcessFirst {
				h(httptest.NewRecorder(), r)
			}
			if f.RetryAfter != "" {
				w.Header().Set("Retry-After", f.RetryAfter)
			}
			wait(r, f.Delay)
			fail(w, f.Status, http.StatusText(f.Status))
		case f.DropAfterProcessing:
			h(httptest.NewRecorder(), r)
			dropConnection(w)
		default:
			rec := httptest.NewRecorder()
			h(rec, r)
			wait(r, f.Delay)
			for k, v := range rec.Header() {
				w.Header()[k] = v
			}
			w.WriteHeader(rec.Code)
			_, _ = w.Write(rec.Body.Bytes())
		}
	}
}

// wait sleeps for d, or until the client has gone.
func wait(r *http.Request, d time.Duration) {
	select {
	case <-time.After(d):
	case <-r.Context().Done():
	}
}

func dropConnection(w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(http.ErrAbortHandler) // HTTP/2: abort the stream instead
	}
	_ = conn.Close()
}
