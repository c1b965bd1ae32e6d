//go:build !unix

package scenarios

import "os"

// blockingRead falls back to os.File reads where raw read(2) is not available.
func blockingRead(fd uintptr, b []byte) { os.NewFile(fd, "pipe").Read(b) }
