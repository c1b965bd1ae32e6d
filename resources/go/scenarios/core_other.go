//go:build !unix

package scenarios

import "os"

// coreBlockingRead falls back to os.File reads where raw read(2) is not available.
func coreBlockingRead(fd uintptr, b []byte) { os.NewFile(fd, "pipe").Read(b) }
