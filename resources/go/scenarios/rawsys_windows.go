//go:build windows

package scenarios

// Raw system calls the scenarios make on purpose. Windows: anonymous pipes
// (ReadFile on them blocks the thread) and kernel32 calls.

import (
	"os"
	"syscall"
	"time"
)

type rawFD = syscall.Handle

func rawPipe() (r, w rawFD, err error) {
	var p [2]syscall.Handle
	err = syscall.Pipe(p[:])
	return p[0], p[1], err
}

func rawRead(fd rawFD, b []byte) (int, error)  { return syscall.Read(fd, b) }
func rawWrite(fd rawFD, b []byte) (int, error) { return syscall.Write(fd, b) }
func rawClose(fd rawFD) error                  { return syscall.CloseHandle(fd) }

// blockingRead falls back to os.File reads.
func blockingRead(fd uintptr, b []byte) { os.NewFile(fd, "pipe").Read(b) }

var (
	kernel32               = syscall.NewLazyDLL("kernel32.dll")
	procSleep              = kernel32.NewProc("Sleep")
	procGetCurrentThreadID = kernel32.NewProc("GetCurrentThreadId")
)

// rawSleep blocks the thread in kernel32 Sleep (millisecond resolution, at
// least 1ms).
func rawSleep(d time.Duration) { procSleep.Call(uintptr(max(1, d.Milliseconds()))) }

// threadID is the OS id of the calling thread.
func threadID() (int, bool) {
	id, _, _ := procGetCurrentThreadID.Call()
	return int(id), true
}

// quickSyscall returns a call that goes through the runtime's syscall path
// and returns at once (GetCurrentProcessId; a zero-byte ReadFile of a pipe
// could block), and a release func with nothing to free.
func quickSyscall() (call, release func(), err error) {
	return func() { syscall.Getpid() }, func() {}, nil
}
