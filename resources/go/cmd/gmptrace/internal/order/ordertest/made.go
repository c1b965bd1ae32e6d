package ordertest

import (
	"encoding/binary"

	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/wire"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/wire/wiretest"
)

// MadeTrace is a Go 1.22 trace of one thread (1), generation i+1 holding
// the events gens[i] at ticks from 1000·(i+1) (a tick is a nanosecond), each
// event its type then its arguments, the first the ticks since the one before.
func MadeTrace(gens ...[][]uint64) []byte {
	numbers := make([]uint64, len(gens))
	for i := range numbers {
		numbers[i] = uint64(i + 1)
	}
	return MadeNumberedTrace(numbers, gens)
}

// MadeNumberedTrace is MadeTrace with generation i numbered numbers[i].
func MadeNumberedTrace(numbers []uint64, gens [][][]uint64) []byte {
	out := wiretest.Header(22)
	batch := func(gen, m, tick uint64, events ...[]uint64) {
		var data []byte
		for _, ev := range events {
			data = append(data, byte(ev[0]))
			for _, a := range ev[1:] {
				data = binary.AppendUvarint(data, a)
			}
		}
		out = wiretest.AppendBatch(out, gen, m, tick, data)
	}
	for i, events := range gens {
		gen, tick := numbers[i], uint64(1000*(i+1))
		batch(gen, 0, tick, []uint64{uint64(wire.EvFrequency), 1e9})
		batch(gen, 1, tick, events...)
	}
	return out
}

// Made is an event of a made trace: its type, then its arguments.
func Made(typ wire.Type, args ...uint64) []uint64 { return append([]uint64{uint64(typ)}, args...) }

// The format's statuses, as made traces write them.
const (
	ProcRunning = 1
	GoRunning   = 2
	GoWaiting   = 4
)

// RunsG is a generation in which goroutine g, running on thread 1 and P 0,
// is preempted and runs again.
func RunsG(g uint64) [][]uint64 {
	return [][]uint64{
		Made(wire.EvProcStatus, 0, 0, ProcRunning),
		Made(wire.EvGoStatus, 1, g, 1, GoRunning),
		Made(wire.EvGoStop, 100, 0, 0),
		Made(wire.EvGoStart, 10, g, 1),
	}
}
