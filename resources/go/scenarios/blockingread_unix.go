//go:build unix

package scenarios

import "syscall"

// blockingRead does a raw blocking read(2): the goroutine stays in the
// syscall (not-in-go) without the os.File read lock serializing readers.
func blockingRead(fd uintptr, b []byte) { syscall.Read(int(fd), b) }
