// Package pprofw aggregates trace-derived samples by (stack, label) and
// writes them as gzipped profile.proto files (the format go tool pprof reads)
// with github.com/google/pprof/profile.
package pprofw

import (
	"io"
	"slices"

	"github.com/google/pprof/profile"

	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/stacks"
)

// Profile aggregates samples by (stack, label).
type Profile struct {
	SampleTypes [][2]string // (type, unit) pairs, e.g. {"contentions","count"}, {"delay","nanoseconds"}
	LabelKey    string      // key of the optional string label on every sample ("" = none)
	DurationNS  int64
	// rows[stack][label] is the sample of (stack, label): stack IDs are
	// small and dense, labels few, and this is looked up for every sample.
	rows     [][]*Sample
	order    []*Sample // first-seen order
	labels   []string
	labelIdx map[string]uint32
}

// Sample is one aggregated row.
type Sample struct {
	Stack  stacks.ID
	Label  string
	Values []int64
}

func New(labelKey string, types ...[2]string) *Profile {
	return &Profile{SampleTypes: types, LabelKey: labelKey,
		labels: []string{""}, labelIdx: map[string]uint32{"": 0}}
}

// Label returns the index of a label value, for AddIdx.
func (p *Profile) Label(label string) uint32 {
	i, ok := p.labelIdx[label]
	if !ok {
		i = uint32(len(p.labels))
		p.labels = append(p.labels, label)
		p.labelIdx[label] = i
	}
	return i
}

// Add adds values to the sample for (stack, label).
func (p *Profile) Add(stack stacks.ID, label string, values ...int64) {
	p.AddIdx(stack, p.Label(label), values...)
}

// AddIdx is Add with a label index from Label (no string hashing).
func (p *Profile) AddIdx(stack stacks.ID, label uint32, values ...int64) {
	if int(stack) >= len(p.rows) {
		p.rows = append(p.rows, make([][]*Sample, int(stack)+1-len(p.rows))...)
	}
	row := p.rows[stack]
	if int(label) >= len(row) {
		row = append(row, make([]*Sample, int(label)+1-len(row))...)
		p.rows[stack] = row
	}
	s := row[label]
	if s == nil {
		s = &Sample{Stack: stack, Label: p.labels[label], Values: make([]int64, len(p.SampleTypes))}
		row[label] = s
		p.order = append(p.order, s)
	}
	for i, v := range values {
		if i < len(s.Values) {
			s.Values[i] += v
		}
	}
}

// Samples returns the aggregated samples in first-seen order.
func (p *Profile) Samples() []*Sample {
	return slices.Clone(p.order)
}

// Total returns the sum of value i over all samples.
func (p *Profile) Total(i int) int64 {
	var t int64
	for _, s := range p.order {
		t += s.Values[i]
	}
	return t
}

// Write writes the profile as gzipped profile.proto, resolving stacks
// through tab: one location per frame used, one function per (name, file),
// period one trace event per sample as in cmd/trace.
func (p *Profile) Write(w io.Writer, tab *stacks.Table) error {
	out := &profile.Profile{
		PeriodType:    &profile.ValueType{Type: "trace", Unit: "count"},
		Period:        1,
		DurationNanos: p.DurationNS,
	}
	for _, st := range p.SampleTypes {
		out.SampleType = append(out.SampleType, &profile.ValueType{Type: st[0], Unit: st[1]})
	}
	locs := map[uint32]*profile.Location{}
	type fnKey struct{ name, file string }
	fns := map[fnKey]*profile.Function{}
	samples := p.Samples()
	slices.SortStableFunc(samples, func(a, b *Sample) int { return int(a.Stack) - int(b.Stack) })
	for _, s := range samples {
		ps := &profile.Sample{Value: slices.Clone(s.Values)}
		for _, fi := range tab.Frames(s.Stack) {
			loc := locs[fi]
			if loc == nil {
				fr := tab.Frame(fi)
				fk := fnKey{fr.Func, fr.File}
				fn := fns[fk]
				if fn == nil {
					fn = &profile.Function{ID: uint64(len(fns) + 1), Name: fr.Func, SystemName: fr.Func, Filename: fr.File}
					fns[fk] = fn
					out.Function = append(out.Function, fn)
				}
				loc = &profile.Location{ID: uint64(len(locs) + 1), Address: fr.PC, Line: []profile.Line{{Function: fn, Line: int64(fr.Line)}}}
				locs[fi] = loc
				out.Location = append(out.Location, loc)
			}
			ps.Location = append(ps.Location, loc)
		}
		if p.LabelKey != "" && s.Label != "" {
			ps.Label = map[string][]string{p.LabelKey: {s.Label}}
		}
		out.Sample = append(out.Sample, ps)
	}
	return out.Write(w)
}
