package main

import (
	"bytes"
	"os"
	"strconv"
	"strings"
	"time"
)

// providerComm is how the kernel names the provider's process: its file name cut to 15 bytes.
const providerComm = "terraform-provi"

// pollEvery is how often the watcher looks for the provider: short enough to catch the short-lived
// processes Terraform starts to validate a configuration, long enough to cost next to nothing.
const pollEvery = 20 * time.Millisecond

// watchProviders watches the provider processes that the process parent starts, until the returned
// stop is called, which returns the highest peak RSS (VmHWM, in KiB) any of them reached. Linux
// only: elsewhere it finds nothing and reports 0.
func watchProviders(parent int) (stop func() int64) {
	done := make(chan struct{})
	peak := make(chan int64)
	go func() {
		w := &watcher{parent: parent, others: map[int]bool{}}
		ticker := time.NewTicker(pollEvery)
		defer ticker.Stop()
		for {
			w.scan()
			select {
			case <-done:
				peak <- w.peakKiB
				return
			case <-ticker.C:
			}
		}
	}()
	return func() int64 {
		close(done)
		return <-peak
	}
}

type watcher struct {
	parent  int
	peakKiB int64
	// others are processes of another parent, skipped from then on. A child of parent is read
	// again at every scan: between fork and exec it still bears terraform's name.
	others map[int]bool
}

// scan reads the peak RSS of every process of parent named like the provider.
func (w *watcher) scan() {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return
	}
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil || w.others[pid] {
			continue
		}
		comm, ppid, ok := readStat(pid)
		switch {
		case !ok:
		case ppid != w.parent:
			w.others[pid] = true
		case strings.HasPrefix(comm, providerComm):
			w.peakKiB = max(w.peakKiB, readHWM(pid))
		}
	}
}

// readStat returns a process's name and parent from /proc/<pid>/stat: "pid (comm) state ppid ...",
// where comm may itself hold spaces and parentheses, so it ends at the last ')'.
func readStat(pid int) (comm string, ppid int, ok bool) {
	stat, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return "", 0, false
	}
	open, closing := bytes.IndexByte(stat, '('), bytes.LastIndexByte(stat, ')')
	if open < 0 || closing < open {
		return "", 0, false
	}
	fields := strings.Fields(string(stat[closing+1:]))
	if len(fields) < 2 {
		return "", 0, false
	}
	ppid, err = strconv.Atoi(fields[1])
	return string(stat[open+1 : closing]), ppid, err == nil
}

// readHWM returns a process's VmHWM in KiB from /proc/<pid>/status, 0 if it is gone.
func readHWM(pid int) int64 {
	status, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0
	}
	for line := range strings.SplitSeq(string(status), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kib, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return kib
		}
	}
	return 0
}
