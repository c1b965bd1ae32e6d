//go:build unix

package scenarios

// Raw system calls the scenarios make on purpose: they hold an M in the
// kernel, outside the runtime poller. Unix: plain file descriptors.

import "syscall"

type rawFD = int

// rawPipe makes a pipe with blocking ends: a read on it holds the thread.
func rawPipe() (r, w rawFD, err error) {
	var p [2]int
	err = syscall.Pipe(p[:])
	return p[0], p[1], err
}

func rawRead(fd rawFD, b []byte) (int, error)  { return syscall.Read(fd, b) }
func rawWrite(fd rawFD, b []byte) (int, error) { return syscall.Write(fd, b) }
func rawClose(fd rawFD) error                  { return syscall.Close(fd) }

// blockingRead does a raw blocking read(2): the goroutine stays in the
// syscall (not-in-go) without the os.File read lock serializing readers.
func blockingRead(fd uintptr, b []byte) { syscall.Read(int(fd), b) }

// quickSyscall returns a call that enters and leaves the kernel at once (a
// zero-byte read(2) of a pipe) and the func that closes that pipe.
func quickSyscall() (call, release func(), err error) {
	r, w, err := rawPipe()
	if err != nil {
		return nil, nil, err
	}
	var empty [0]byte
	return func() { syscall.Read(r, empty[:]) }, func() { syscall.Close(r); syscall.Close(w) }, nil
}
