//go:build unix && !linux

package scenarios

import (
	"syscall"
	"time"
)

// rawSleep blocks the thread for d in select(2) with no descriptors (the
// package has no nanosleep here).
func rawSleep(d time.Duration) {
	tv := syscall.NsecToTimeval(int64(d))
	syscall.Select(0, nil, nil, nil, &tv)
}

// threadID is unavailable: no portable thread id without cgo.
func threadID() (int, bool) { return 0, false }
