package devenv

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// Mock is the mock APIs' command, run as a process of its own so that it serves the provider as a
// remote API would, and its work is not counted in a benchmark's.
type Mock struct {
	URL    string
	cmd    *exec.Cmd
	exited chan struct{} // closed once the process has been waited for
}

const mockPackage = "github.com/gitauth-dev/terraform-provider-gitauth/internal/dev/mockapi/cmd/mockapi"

// StartMock builds the mock command into dir and starts it on a free loopback port, with args
// (such as "-latency", "20ms") added to its command line.
func StartMock(ctx context.Context, dir string, args ...string) (*Mock, error) {
	bin := filepath.Join(dir, "mockapi")
	build := exec.CommandContext(ctx, "go", "build", "-o", bin, mockPackage)
	if out, err := build.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("go build of the mock: %w\n%s", err, out)
	}
	cmd := exec.Command(bin, append([]string{"-listen", "127.0.0.1:0"}, args...)...)
	cmd.Stderr = os.Stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	kill := func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	}

	// It prints one line once it accepts connections: "mockapi listening on http://...".
	line := make(chan string, 1)
	go func() {
		s, _ := bufio.NewReader(stdout).ReadString('\n')
		line <- s
	}()
	select {
	case s := <-line:
		url, ok := strings.CutPrefix(strings.TrimSpace(s), "mockapi listening on ")
		if !ok {
			kill()
			return nil, fmt.Errorf("the mock started with %q", s)
		}
		m := &Mock{URL: url, cmd: cmd, exited: make(chan struct{})}
		go func() {
			_ = cmd.Wait()
			close(m.exited)
		}()
		return m, nil
	case <-time.After(30 * time.Second):
		kill()
		return nil, errors.New("the mock did not start within 30s")
	}
}

// Stop ends the mock with SIGTERM, which it answers by shutting down, and kills it if it lingers.
func (m *Mock) Stop() {
	_ = m.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-m.exited:
	case <-time.After(10 * time.Second):
		_ = m.cmd.Process.Kill()
	}
}

// Control calls one of the mock's test controls, such as mockapi.RouteCalls ("GET /_mock/calls"),
// with body as JSON when not nil, and decodes a JSON answer into out when not nil.
func (m *Mock) Control(ctx context.Context, route string, body, out any) error {
	method, path, _ := strings.Cut(route, " ")
	var in io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return err
		}
		in = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, m.URL+path, in)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("%s: %w", route, err)
	}
	defer func() { _ = resp.Body.Close() }()
	if resp.StatusCode >= 300 {
		msg, _ := io.ReadAll(io.LimitReader(resp.Body, 1024))
		return fmt.Errorf("%s: status %d: %s", route, resp.StatusCode, bytes.TrimSpace(msg))
	}
	if out == nil {
		return nil
	}
	if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
		return fmt.Errorf("%s: %w", route, err)
	}
	return nil
}
