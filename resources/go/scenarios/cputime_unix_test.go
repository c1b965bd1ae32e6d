//go:build unix

package scenarios

import (
	"syscall"
	"time"
)

// processCPUTime is the user + system CPU time this process used so far; 0
// when unreadable.
func processCPUTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
