package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/gitauth-dev/terraform-provider-gitauth/internal/mockapi"
)

// mock is the mock APIs' command, run as a process of its own so that its work is not counted in
// the benchmark's, and so that it serves the provider as a remote API would.
type mock struct {
	url    string
	cmd    *exec.Cmd
	exited chan struct{} // closed once the process has been waited for
}

const mockPackage = "github.com/gitauth-dev/terraform-provider-gitauth/internal/mockapi/cmd/mockapi"

// startMock builds the mock command into dir and starts it on a free loopback port.
func startMock(ctx context.Context, dir string, latency time.Duration) (*mock, error) {
	bin := filepath.Join(dir, "mockapi")
	build := exec.CommandContext(ctx, "go", "build", "-o", bin, mockPackage)
	if out, err := build.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("go build of the mock: %w\n%s", err, out)
	}
	cmd := exec.Command(bin, "-listen", "127.0.0.1:0", "-latency", latency.String())
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
		m := &mock{url: url, cmd: cmd, exited: make(chan struct{})}
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

// stop ends the mock with SIGTERM, which it answers by shutting down, and kills it if it lingers.
func (m *mock) stop() {
	_ = m.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-m.exited:
	case <-time.After(10 * time.Second):
		_ = m.cmd.Process.Kill()
	}
}

// calls returns the mock's counts of calls per route since it started.
func (m *mock) calls(ctx context.Context) (map[string]int, error) {
	path := strings.TrimPrefix(mockapi.RouteCalls, "GET ")
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, m.url+path, nil)
	if err != nil {
		return nil, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, fmt.Errorf("reading the mock's calls: %w", err)
	}
	defer func() { _ = resp.Body.Close() }()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("reading the mock's calls: status %d", resp.StatusCode)
	}
	var calls map[string]int
	if err := json.NewDecoder(resp.Body).Decode(&calls); err != nil {
		return nil, fmt.Errorf("reading the mock's calls: %w", err)
	}
	return calls, nil
}
