package pprofw

import (
	"bytes"
	"testing"

	"github.com/google/pprof/profile"

	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/stacks"
)

// Samples of one (stack, label) add up; other labels and stacks are rows of
// their own, in first-seen order; the written profile.proto reads back with
// go tool pprof's own parser with the same values, types and labels.
func TestAggregatesAndWritesWhatPprofReads(t *testing.T) {
	p := New("reason", [2]string{"contentions", "count"}, [2]string{"delay", "nanoseconds"})
	p.DurationNS = 1e9
	p.Add(0, "sleep", 1, 100)
	p.Add(0, "chan receive", 1, 30)
	p.Add(0, "sleep", 1, 50)
	p.AddIdx(0, p.Label("sleep"), 2, 7)
	p.Add(0, "", 1, 1)

	rows := p.Samples()
	if len(rows) != 3 || rows[0].Label != "sleep" || rows[1].Label != "chan receive" || rows[2].Label != "" {
		t.Fatalf("rows %v, want sleep, chan receive, unlabelled in first-seen order", rows)
	}
	if v := rows[0].Values; v[0] != 4 || v[1] != 157 {
		t.Errorf("sleep row %v, want [4 157]", v)
	}
	if p.Total(0) != 6 || p.Total(1) != 188 {
		t.Errorf("totals %d, %d; want 6, 188", p.Total(0), p.Total(1))
	}

	var buf bytes.Buffer
	if err := p.Write(&buf, stacks.New()); err != nil {
		t.Fatal(err)
	}
	read, err := profile.Parse(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if len(read.SampleType) != 2 || read.SampleType[1].Type != "delay" || read.SampleType[1].Unit != "nanoseconds" || read.DurationNanos != 1e9 {
		t.Errorf("types %v, duration %d", read.SampleType, read.DurationNanos)
	}
	byLabel := map[string][]int64{}
	for _, s := range read.Sample {
		label := ""
		if l := s.Label["reason"]; len(l) == 1 {
			label = l[0]
		}
		byLabel[label] = s.Value
	}
	want := map[string][2]int64{"sleep": {4, 157}, "chan receive": {1, 30}, "": {1, 1}}
	if len(byLabel) != len(want) {
		t.Fatalf("read back %v, want %v", byLabel, want)
	}
	for label, w := range want {
		if v := byLabel[label]; len(v) != 2 || v[0] != w[0] || v[1] != w[1] {
			t.Errorf("read back %q: %v, want %v", label, v, w)
		}
	}
}
