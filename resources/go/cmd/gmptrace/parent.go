package main

import (
	"fmt"
	"io"
	"os"
	"strconv"
	"time"
)

// exitWithParentEnv names the process gmptrace is to end with: its pid, as
// the workbench sets it to its own.
const exitWithParentEnv = "GMPTRACE_EXIT_WITH_PARENT"

// exitWithParent ends gmptrace when the process the environment names
// (exitWithParentEnv) is no longer its parent: an analysis of a run whose
// workbench was killed would otherwise go on for minutes, holding memory, and
// write into a run the next start has already called interrupted. The pid is
// given, not read at the start: the parent may be gone before gmptrace looks.
// A process whose parent ends is given to another, and its parent pid changes
// (Linux, macOS); Windows keeps the first, so there this does nothing.
func exitWithParent(stderr io.Writer) {
	parent, err := strconv.Atoi(os.Getenv(exitWithParentEnv))
	if err != nil || parent <= 0 {
		return
	}
	stopIfGone := func() {
		if os.Getppid() != parent {
			fmt.Fprintln(stderr, "gmptrace: the process that started it has ended: stopping")
			os.Exit(exitUsage)
		}
	}
	stopIfGone()
	go func() {
		for range time.Tick(250 * time.Millisecond) {
			stopIfGone()
		}
	}()
}
