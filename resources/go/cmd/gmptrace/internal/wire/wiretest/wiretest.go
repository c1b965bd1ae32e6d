// Package wiretest writes made traces in the format internal/wire reads,
// for the tests of the readers above it.
package wiretest

import (
	"encoding/binary"
	"fmt"

	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/wire"
)

// Header is the first bytes of a trace of Go 1.minor.
func Header(minor int) []byte {
	return fmt.Appendf(nil, "go 1.%d trace\x00\x00\x00", minor)
}

// AppendBatch appends to out a batch of generation gen, written by thread m
// from base tick, that holds data (its header says len(data)).
func AppendBatch(out []byte, gen, m, tick uint64, data []byte) []byte {
	return append(AppendBatchHeader(out, gen, m, tick, uint64(len(data))), data...)
}

// AppendBatchHeader appends a batch header that promises size bytes of
// data, which the caller writes (or, for a cut trace, does not).
func AppendBatchHeader(out []byte, gen, m, tick, size uint64) []byte {
	out = append(out, byte(wire.EvEventBatch))
	for _, v := range []uint64{gen, m, tick, size} {
		out = binary.AppendUvarint(out, v)
	}
	return out
}
