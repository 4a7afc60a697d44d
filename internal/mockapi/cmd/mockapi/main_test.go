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
	bin := filepath.Join(t.TempDir(), "mockapi")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	cmd := exec.Command(bin, "-listen", "127.0.0.1:0")
	stdout, _ := cmd.StdoutPipe()
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill() })

	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`^mockapi listening on (http://127\.0\.0\.1:[0-9]+)\n$`).FindStringSubmatch(line)
	if m == nil {
		t.Fatalf("first line %q", line)
	}
	req, _ := http.NewRequest("GET", m[1]+"/gitlab/api/v4/projects/1/access_tokens", nil)
	req.Header.Set("PRIVATE-TOKEN", "mock-gitlab-token")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("the mock did not accept a connection after announcing itself: %v", err)
	}
	_ = resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Errorf("status %d", resp.StatusCode)
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
	if rest, _ := bufio.NewReader(stdout).ReadString('\n'); strings.TrimSpace(rest) != "" {
		t.Errorf("printed more than one line: %q", rest)
	}
}
