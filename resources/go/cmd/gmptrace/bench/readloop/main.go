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

func main() {
	firstGenHeap := flag.Bool("first-gen-heap", false, "print the live heap once the first generation is read, and stop")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: readloop [-first-gen-heap] TRACE")
		os.Exit(2)
	}
	f, err := os.Open(flag.Arg(0))
	if err != nil {
		fmt.Fprintln(os.Stderr, "readloop:", err)
		os.Exit(2)
	}
	r, err := trace.NewReader(bufio.NewReaderSize(f, 1<<20))
	if err != nil {
		fmt.Fprintln(os.Stderr, "readloop:", err)
		os.Exit(2)
	}
	var n uint64
	for {
		_, err := r.ReadEvent()
		if err == io.EOF {
			break
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "readloop:", err)
			os.Exit(3)
		}
		n++
		if *firstGenHeap {
			runtime.GC()
			var m runtime.MemStats
			runtime.ReadMemStats(&m)
			fmt.Println(m.HeapAlloc, "bytes live after the first event")
			runtime.KeepAlive(r)
			return
		}
	}
	fmt.Println(n, "events")
}
