//go:build linux

package scenarios

import (
	"syscall"
	"time"
)

// rawSleep blocks the thread in nanosleep(2) for d.
func rawSleep(d time.Duration) {
	ts := syscall.NsecToTimespec(int64(d))
	syscall.Nanosleep(&ts, nil)
}

// threadID is the OS id of the calling thread (gettid(2)).
func threadID() (int, bool) { return syscall.Gettid(), true }
