package main

import (
	"bufio"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestCommand runs the command as the demo does: one line once it accepts connections, then it
// serves until SIGTERM and exits cleanly.
func TestCommand(t *testing.T) {
	cmd, url, stdout := start(t, build(t), "-listen", "127.0.0.1:0")
	if status := getGitLab(t, url); status != 200 {
		t.Errorf("status %d", status)
	}

	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("exit after SIGTERM: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("still running 10s after SIGTERM")
	}
	if rest, _ := stdout.ReadString('\n'); strings.TrimSpace(rest) != "" {
		t.Errorf("printed more than one line: %q", rest)
	}
}

// TestCommandLatency: -latency holds back every API answer by that much, and never the controls,
// whose answers the benchmark reads between the commands it times.
func TestCommandLatency(t *testing.T) {
	const latency = 300 * time.Millisecond
	_, url, _ := start(t, build(t), "-listen", "127.0.0.1:0", "-latency", latency.String())

	began := time.Now()
	if status := getGitLab(t, url); status != 200 {
		t.Errorf("status %d", status)
	}
	if took := time.Since(began); took < latency {
		t.Errorf("an API answer came after %v, before the latency of %v", took, latency)
	}

	began = time.Now()
	resp, err := http.Get(url + "/_mock/calls")
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	if took := time.Since(began); resp.StatusCode != 200 || took >= latency {
		t.Errorf("/_mock/calls answered %d after %v: the controls must not wait", resp.StatusCode, took)
	}
}

func TestCommandNegativeLatency(t *testing.T) {
	out, err := exec.Command(build(t), "-listen", "127.0.0.1:0", "-latency", "-1s").CombinedOutput()
	if err == nil || !strings.Contains(string(out), "must not be negative") {
		t.Errorf("-latency -1s: %v\n%s", err, out)
	}
}

// build builds the command into the test's temporary folder and returns its path.
func build(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "mockapi")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	return bin
}

// start runs bin with args, waits for its one line and returns the process, the URL it announced
// and the rest of its output. The process is killed when the test ends.
func start(t *testing.T, bin string, args ...string) (*exec.Cmd, string, *bufio.Reader) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	pipe, _ := cmd.StdoutPipe()
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill() })

	stdout := bufio.NewReader(pipe)
	line, err := stdout.ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`^mockapi listening on (http://127\.0\.0\.1:[0-9]+)\n$`).FindStringSubmatch(line)
	if m == nil {
		t.Fatalf("first line %q", line)
	}
	return cmd, m[1], stdout
}

// getGitLab lists project 1's tokens with the mock's credential and returns the status.
func getGitLab(t *testing.T, url string) int {
	t.Helper()
	req, _ := http.NewRequest("GET", url+"/gitlab/api/v4/projects/1/access_tokens", nil)
	req.Header.Set("PRIVATE-TOKEN", "mock-gitlab-token")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("the mock did not accept a connection after announcing itself: %v", err)
	}
	_ = resp.Body.Close()
	return resp.StatusCode
}
