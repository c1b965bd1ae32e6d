// Command readloop is the benchmark baseline: the bare x/exp/trace read
// loop (one reader, every event read, nothing analysed), which bounds what
// any single-parser analyser can do.
//
//	readloop TRACE
//	readloop -first-gen-heap TRACE
//	readloop -wire TRACE
//	readloop -order TRACE
//
// -first-gen-heap reads only the first event, for which the reader takes in
// the whole first generation, and prints the live heap then (after a GC): what
// x/exp/trace itself holds for a generation of that size, whatever reads it.
//
// -wire reads every timed event with gmptrace's own wire layer instead: each
// generation's threads merged by time from the file, one batch per thread in
// memory (internal/wire), without x/exp/trace's ordering and validation.
//
// -order reads every event in x/exp/trace's order with gmptrace's own
// reader (internal/order over internal/wire): what x/exp/trace gives, event
// for event, without holding a generation.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"

	"golang.org/x/exp/trace"

	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/genindex"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/order"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/wire"
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

// run is the command without os.Exit: 0 read, 2 usage or unreadable, 3 a trace cut or corrupt.
func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("readloop", flag.ContinueOnError)
	fs.SetOutput(stderr)
	firstGenHeap := fs.Bool("first-gen-heap", false, "print the live heap once the first generation is read, and stop")
	useWire := fs.Bool("wire", false, "read with gmptrace's wire layer (threads merged by time) instead of x/exp/trace")
	useOrder := fs.Bool("order", false, "read with gmptrace's own ordered reader instead of x/exp/trace")
	err := fs.Parse(args)
	modes := 0
	for _, on := range []bool{*firstGenHeap, *useWire, *useOrder} {
		if on {
			modes++
		}
	}
	if err != nil || fs.NArg() != 1 || modes > 1 {
		fmt.Fprintln(stderr, "usage: readloop [-first-gen-heap | -wire | -order] TRACE")
		return 2
	}
	f, err := os.Open(fs.Arg(0))
	if err != nil {
		fmt.Fprintln(stderr, "readloop:", err)
		return 2
	}
	defer f.Close()
	if *useWire || *useOrder {
		return readOwn(f, *useOrder, stdout, stderr)
	}
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

// readOwn reads every event with gmptrace's own layers: in x/exp/trace's
// order (internal/order), or, for the wire layer alone, each generation's
// threads merged by time (internal/wire).
func readOwn(f *os.File, ordered bool, stdout, stderr io.Writer) int {
	st, err := f.Stat()
	if err != nil {
		fmt.Fprintln(stderr, "readloop:", err)
		return 2
	}
	ix, err := genindex.Scan(f, st.Size())
	if err != nil {
		fmt.Fprintln(stderr, "readloop:", err)
		return 2
	}
	var largest int64
	for _, g := range ix.Generations {
		largest = max(largest, g.End-g.Offset)
	}
	shape := fmt.Sprintf("in %d generations, the largest %.1f MB", len(ix.Generations), float64(largest)/1e6)
	if ordered {
		n, err := readOrdered(f, ix)
		if err != nil {
			fmt.Fprintln(stderr, "readloop:", err)
			return 3
		}
		fmt.Fprintf(stdout, "%d events (order) %s\n", n, shape)
		return 0
	}
	var n uint64
	for _, g := range ix.Generations {
		m, err := wire.NewMerge(wire.Streams(f, ix.Version, g))
		for err == nil {
			var s *wire.Stream
			if s, err = m.Next(); s == nil {
				break
			}
			n++
		}
		if err != nil {
			fmt.Fprintf(stderr, "readloop: generation %d: %v\n", g.Gen, err)
			return 3
		}
	}
	if !ix.Complete {
		fmt.Fprintln(stderr, "readloop:", ix.Err)
		return 3
	}
	fmt.Fprintf(stdout, "%d timed events (wire) %s\n", n, shape)
	return 0
}

func readOrdered(f *os.File, ix genindex.Index) (uint64, error) {
	r := order.NewReader(f, ix)
	var n uint64
	for {
		_, err := r.Next()
		if err == io.EOF {
			return n, nil
		}
		if err != nil {
			return n, err
		}
		n++
	}
}
