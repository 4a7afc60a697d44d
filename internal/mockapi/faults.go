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
	// Delay waits this long before handling the request.
	Delay time.Duration
	// DropAfterProcessing processes the request, then closes the connection without an answer:
	// the client cannot know whether its call took effect.
	DropAfterProcessing bool
}

// InjectFault makes the next times calls of route (a pattern such as RouteGitLabCreateToken) fail
// with f. Faults queue up per route.
func (s *Server) InjectFault(route string, times int, f Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for range times {
		s.faults[route] = append(s.faults[route], f)
	}
}

// Calls returns how many requests reached route, faulted ones included.
func (s *Server) Calls(route string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls[route]
}

func (s *Server) nextFault(route string) (Fault, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls[route]++
	queue := s.faults[route]
	if len(queue) == 0 {
		return Fault{}, false
	}
	s.faults[route] = queue[1:]
	return queue[0], true
}

func (s *Server) instrument(route string, fail errorWriter, h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		f, ok := s.nextFault(route)
		if !ok {
			h(w, r)
			return
		}
		time.Sleep(f.Delay)
		switch {
		case f.Status != 0:
			if f.RetryAfter != "" {
				w.Header().Set("Retry-After", f.RetryAfter)
			}
			fail(w, f.Status, http.StatusText(f.Status))
		case f.DropAfterProcessing:
			h(httptest.NewRecorder(), r)
			dropConnection(w)
		default:
			h(w, r)
		}
	}
}

func dropConnection(w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(http.ErrAbortHandler) // HTTP/2: abort the stream instead
	}
	conn.Close()
}
