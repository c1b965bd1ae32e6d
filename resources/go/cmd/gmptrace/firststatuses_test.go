package main

import (
	"bytes"
	"cmp"
	"errors"
	"io"
	"slices"
	"strings"
	"testing"

	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/genindex"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/order"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/wire"
)

// Skipping the rest of the first generation for its first statuses
// (order.Reader.SkipToFirstStatuses, what a window query does past its
// window) gives the first statuses an ordered reading gives there, no
// more, after the last event read, then the end. Where one of them is a
// running goroutine's it refuses, and the reading goes on unchanged. On the
// traces of every test program and Go version from 1.22, from six points
// of the first generation.
func TestSkipToFirstStatusesGivesTheOrderedOnes(t *testing.T) {
	forEachGenerationsToolchain(t, func(t *testing.T, toolchain, header string) {
		for name, tr := range programTraces(t, toolchain, header) {
			data, ix := readIndexed(t, tr)
			whole := firstGeneration(t, data, ix)
			skipped, refused, statuses := 0, 0, 0
			// After the first sync (before the first event, nothing to skip from), after the first
			// event (the running goroutines' statuses to come), and further on.
			for _, k := range []int{1, 2, len(whole) / 4, len(whole) / 2, len(whole) * 3 / 4, len(whole) - 1} {
				if k < 1 {
					continue
				}
				or := order.NewReader(bytes.NewReader(data), ix)
				for range k {
					if _, err := or.Next(); err != nil {
						t.Fatalf("%s: %v", name, err)
					}
				}
				want := firstStatusesIn(whole[k:])
				ok, err := or.SkipToFirstStatuses()
				if err != nil {
					t.Fatalf("%s, after %d events: %v", name, k, err)
				}
				if !ok {
					refused++
					if !slices.ContainsFunc(want, func(e order.Event) bool { return e.Args[2] == statusRunning }) {
						t.Errorf("%s, after %d events: refused, with no running goroutine's status to come", name, k)
					}
					for i, w := range whole[k:] {
						if got, err := or.Next(); err != nil || got.Type != w.Type || got.Time != w.Time || got.Ctx != w.Ctx || got.Args != w.Args {
							t.Fatalf("%s, after %d events and a refusal: event %d is %+v (%v), want %+v", name, k, k+i, got, err, w)
						}
					}
					continue
				}
				if slices.ContainsFunc(want, func(e order.Event) bool { return e.Args[2] == statusRunning }) {
					t.Fatalf("%s, after %d events: skipped past a running goroutine's first status, whose P only the ordering knows", name, k)
				}
				skipped++
				statuses += len(want)
				got, err := restOf(or)
				if err != nil {
					t.Fatalf("%s, after %d events: %v", name, k, err)
				}
				if n := len(got) - 1; n < 0 || got[n].Type != wire.EvSync {
					t.Fatalf("%s, after %d events: %d events after the skip, not ended by a sync", name, k, len(got))
				}
				last := whole[k-1].Time
				for _, e := range got {
					if e.Time <= last {
						t.Fatalf("%s, after %d events: an event at %d ns after one at %d", name, k, e.Time, last)
					}
					last = e.Time
				}
				if !sameStatuses(got[:len(got)-1], want) {
					t.Errorf("%s, after %d events: the skip gave %d first statuses, the ordered reading %d, or others", name, k, len(got)-1, len(want))
				}
			}
			t.Logf("%s %s: %d skips (%d first statuses after them), %d refused", header, name, skipped, statuses, refused)
		}
	})
}

// The skip refuses a status it cannot take as one (5 is none), as it
// refuses a running goroutine's, and the ordering, reading on, says why.
func TestSkipToFirstStatusesRefusesWhatIsNoStatus(t *testing.T) {
	data := madeTrace(append(runsG(1), made(wire.EvGoStatus, 10, 2, noThread, 5)))
	ix, err := genindex.Scan(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	or := order.NewReader(bytes.NewReader(data), ix)
	for range 4 { // the sync, then goroutine 1 known: its status and its stop
		if _, err := or.Next(); err != nil {
			t.Fatal(err)
		}
	}
	if ok, err := or.SkipToFirstStatuses(); ok || err != nil {
		t.Fatalf("skipped to a status 5 (%v, %v)", ok, err)
	}
	if _, err := restOf(or); err == nil || !strings.Contains(err.Error(), "goroutine 2: status 5 is not one") {
		t.Fatalf("reading on: %v, want the ordering's refusal of status 5", err)
	}
}

// statusRunning is a running goroutine's status as the format writes it.
const statusRunning = 2

// firstGeneration is every event an ordered reading of data gives before
// its second generation's sync.
func firstGeneration(t *testing.T, data []byte, ix genindex.Index) []order.Event {
	t.Helper()
	or := order.NewReader(bytes.NewReader(data), ix)
	var evs []order.Event
	for {
		ev, err := or.Next()
		if err == io.EOF || errors.Is(err, order.ErrCut) || (ev.Type == wire.EvSync && len(evs) > 0) {
			return evs
		}
		if err != nil {
			t.Fatal(err)
		}
		evs = append(evs, ev)
	}
}

// restOf is every event or reads from here on.
func restOf(or *order.Reader) ([]order.Event, error) {
	var evs []order.Event
	for {
		ev, err := or.Next()
		if err == io.EOF {
			return evs, nil
		}
		if err != nil {
			return evs, err
		}
		evs = append(evs, ev)
	}
}

func firstStatusesIn(evs []order.Event) []order.Event {
	var out []order.Event
	for _, e := range evs {
		if (e.Type == wire.EvGoStatus || e.Type == wire.EvGoStatusStack) && e.New {
			out = append(out, e)
		}
	}
	return out
}

// sameStatuses: got and want are the statuses of the same goroutines, of
// the same types and arguments.
func sameStatuses(got, want []order.Event) bool {
	byG := func(a, b order.Event) int { return cmp.Compare(a.Args[0], b.Args[0]) }
	got, want = slices.Clone(got), slices.Clone(want)
	slices.SortFunc(got, byG)
	slices.SortFunc(want, byG)
	return slices.EqualFunc(got, want, func(a, b order.Event) bool {
		return a.Type == b.Type && a.Args == b.Args && a.New == b.New
	})
}
