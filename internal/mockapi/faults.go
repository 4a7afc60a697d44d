package mockapi

import (
	"net/http"
	"net/http/httptest"
	"time"
)

// Fault is what the mock does to a call instead of, or besides, answering it normally.
type Fault struct {
	// Status answers with this code and the vendor's error body, without processing the request.
	Status int
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

// ClearFaults drops every fault not yet used.
func (s *Server) ClearFaults() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = nil
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
	return Fault{}, false
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
