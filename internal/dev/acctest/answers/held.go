package answers

import (
	"net/http"
	"sync/atomic"
)

// Held holds back the first answer to a GET, once the server has given it, until Release: a list
// call in flight across whatever the test does meanwhile.
type Held struct {
	next http.RoundTripper
	held atomic.Bool
	// Answered is closed once the server has answered the held call.
	Answered chan struct{}
	release  chan struct{}
}

// Hold wraps next, holding back its first GET's answer.
func Hold(next http.RoundTripper) *Held {
	return &Held{next: next, Answered: make(chan struct{}), release: make(chan struct{})}
}

// Release lets the held answer through.
func (h *Held) Release() { close(h.release) }

func (h *Held) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := h.next.RoundTrip(req)
	// Only the first GET waits: the others, such as a list before a create, go through.
	if req.Method == http.MethodGet && !h.held.Swap(true) {
		close(h.Answered)
		<-h.release
	}
	return resp, err
}
