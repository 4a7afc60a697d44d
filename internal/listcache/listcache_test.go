package listcache

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
)

// counted is a list call that answers the number of calls made for the key so far.
type counted struct {
	calls atomic.Int32
	// started, when set, is closed by the first call, which then waits for release.
	started, release chan struct{}
	fail             atomic.Bool
}

func (c *counted) call(_ context.Context, _ string) (int, error) {
	n := int(c.calls.Add(1))
	if n == 1 && c.started != nil {
		close(c.started)
		<-c.release
	}
	if c.fail.Load() {
		return 0, errors.New("refused")
	}
	return n, nil
}

// Readers that come together share one call, and later readers get its answer, until Forget.
func TestReadersShareOneCallUntilForget(t *testing.T) {
	src := &counted{}
	cache := New(src.call)
	ctx := context.Background()
	var wg sync.WaitGroup
	for range 20 {
		wg.Go(func() {
			if v, err := cache.Get(ctx, "p"); err != nil || v != 1 {
				t.Errorf("got %d, %v; want the first call's answer", v, err)
			}
		})
	}
	wg.Wait()
	if v, _ := cache.Get(ctx, "q"); v != 2 || src.calls.Load() != 2 {
		t.Errorf("another key: answer %d after %d calls; want a call of its own", v, src.calls.Load())
	}
	cache.Forget("p")
	if v, _ := cache.Get(ctx, "p"); v != 3 {
		t.Errorf("after Forget: answer %d; want a new call", v)
	}
	if v, _ := cache.Fresh(ctx, "p"); v != 4 {
		t.Errorf("Fresh: answer %d; want a new call", v)
	}
}

// A failed call is not kept: the next reader calls again.
func TestAFailedCallIsNotKept(t *testing.T) {
	src := &counted{}
	src.fail.Store(true)
	cache := New(src.call)
	ctx := context.Background()
	if _, err := cache.Get(ctx, "p"); err == nil {
		t.Fatal("no error")
	}
	src.fail.Store(false)
	if v, err := cache.Get(ctx, "p"); err != nil || v != 2 {
		t.Errorf("got %d, %v; want the second call's answer", v, err)
	}
}

// A call in flight when its key is forgotten may hold what the change behind Forget undid: it is
// not kept, and readers after the Forget do not join it.
func TestACallInFlightAcrossForgetIsNeitherKeptNorJoined(t *testing.T) {
	src := &counted{started: make(chan struct{}), release: make(chan struct{})}
	cache := New(src.call)
	ctx := context.Background()
	first := make(chan int, 1)
	go func() {
		v, _ := cache.Get(ctx, "p")
		first <- v
	}()
	<-src.started
	cache.Forget("p")
	if v, _ := cache.Get(ctx, "p"); v != 2 {
		t.Errorf("a reader after Forget got answer %d; want a call of its own", v)
	}
	close(src.release)
	if v := <-first; v != 1 {
		t.Errorf("the reader in flight got %d", v)
	}
	if v, _ := cache.Get(ctx, "p"); v != 2 {
		t.Errorf("got %d; want the answer of the call made after Forget, not the one in flight across it", v)
	}
}

// A reader that gives up leaves the call to those still waiting.
func TestAReaderThatGivesUpLeavesTheCall(t *testing.T) {
	src := &counted{started: make(chan struct{}), release: make(chan struct{})}
	cache := New(src.call)
	ctx, cancel := context.WithCancel(context.Background())
	gaveUp := make(chan error, 1)
	go func() {
		_, err := cache.Get(ctx, "p")
		gaveUp <- err
	}()
	<-src.started
	cancel()
	if err := <-gaveUp; !errors.Is(err, context.Canceled) {
		t.Errorf("the reader that gave up got %v", err)
	}
	close(src.release)
	if v, err := cache.Get(context.Background(), "p"); err != nil || v != 1 {
		t.Errorf("got %d, %v; want the answer of the call the first reader started", v, err)
	}
}
