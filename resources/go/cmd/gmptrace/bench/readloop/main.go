// Command readloop is the benchmark baseline: the bare x/exp/trace read
// loop (one reader, every event read, nothing analysed), which bounds what
// any single-parser analyser can do.
//
//	readloop TRACE
//	readloop -first-gen-heap TRACE
//
// -first-gen-heap reads only the first event, for which the reader takes in
// the whole first generation, and prints the live heap then (after a GC): what
// x/exp/trace itself holds for a generation of that size, whatever reads it.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"

	"golang.org/x/exp/trace"
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

// run is the command without os.Exit: 0 read, 2 usage or unreadable, 3 a trace cut or corrupt.
func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("readloop", flag.ContinueOnError)
	fs.SetOutput(stderr)
	firstGenHeap := fs.Bool("first-gen-heap", false, "print the live heap once the first generation is read, and stop")
	if err := fs.Parse(args); err != nil || fs.NArg() != 1 {
		fmt.Fprintln(stderr, "usage: readloop [-first-gen-heap] TRACE")
		return 2
	}
	f, err := os.Open(fs.Arg(0))
	if err != nil {
		fmt.Fprintln(stderr, "readloop:", err)
		return 2
	}
	defer f.Close()
	r, err := trace.NewReader(bufio.NewReaderSize(f, 1<<20))
	if err != nil {
		fmt.Fprintln(stderr, "readloop:", err)
		return 2
	}
	var n uint64
	for {
		_, err := r.ReadEvent()
		if err == io.EOF {
			break
		}
		if err != nil {
			fmt.Fprintln(stderr, "readloop:", err)
			return 3
		}
		n++
		if *firstGenHeap {
			runtime.GC()
			var m runtime.MemStats
			runtime.ReadMemStats(&m)
			fmt.Fprintln(stdout, m.HeapAlloc, "bytes live after the first event")
			runtime.KeepAlive(r)
			return 0
		}
	}
	fmt.Fprintln(stdout, n, "events")
	return 0
}
