// Package pprofw writes gzipped profile.proto files (the format go tool pprof
// reads) with a small hand-rolled protobuf encoder.
package pprofw

import (
	"compress/gzip"
	"io"
	"slices"

	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/stacks"
)

// Profile aggregates samples by (stack, label).
type Profile struct {
	SampleTypes [][2]string // (type, unit) pairs, e.g. {"contentions","count"}, {"delay","nanoseconds"}
	LabelKey    string      // key of the optional string label on every sample ("" = none)
	DurationNS  int64
	samples     map[key]*Sample
	order       []key
	labels      []string
	labelIdx    map[string]uint32
}

type key struct {
	stack stacks.ID
	label uint32
}

// Sample is one aggregated row.
type Sample struct {
	Stack  stacks.ID
	Label  string
	Values []int64
}

func New(labelKey string, types ...[2]string) *Profile {
	return &Profile{SampleTypes: types, LabelKey: labelKey, samples: make(map[key]*Sample),
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
	k := key{stack, label}
	s := p.samples[k]
	if s == nil {
		s = &Sample{Stack: stack, Label: p.labels[label], Values: make([]int64, len(p.SampleTypes))}
		p.samples[k] = s
		p.order = append(p.order, k)
	}
	for i, v := range values {
		if i < len(s.Values) {
			s.Values[i] += v
		}
	}
}

// Samples returns the aggregated samples in first-seen order.
func (p *Profile) Samples() []*Sample {
	out := make([]*Sample, 0, len(p.order))
	for _, k := range p.order {
		out = append(out, p.samples[k])
	}
	return out
}

// Total returns the sum of value i over all samples.
func (p *Profile) Total(i int) int64 {
	var t int64
	for _, s := range p.samples {
		t += s.Values[i]
	}
	return t
}

// protobuf wire helpers.
type buf []byte

func (b *buf) varint(v uint64) {
	for v >= 0x80 {
		*b = append(*b, byte(v)|0x80)
		v >>= 7
	}
	*b = append(*b, byte(v))
}
func (b *buf) tag(field int, wire int) { b.varint(uint64(field)<<3 | uint64(wire)) }
func (b *buf) uint(field int, v uint64) {
	if v == 0 {
		return
	}
	b.tag(field, 0)
	b.varint(v)
}
func (b *buf) int(field int, v int64) { b.uint(field, uint64(v)) }
func (b *buf) bytes(field int, p []byte) {
	b.tag(field, 2)
	b.varint(uint64(len(p)))
	*b = append(*b, p...)
}
func (b *buf) packed(field int, vs []uint64) {
	if len(vs) == 0 {
		return
	}
	var inner buf
	for _, v := range vs {
		inner.varint(v)
	}
	b.bytes(field, inner)
}

// WriteTo writes the profile, gzipped, resolving stacks through tab.
func (p *Profile) Write(w io.Writer, tab *stacks.Table) error {
	strs := []string{""}
	strIdx := map[string]int64{"": 0}
	str := func(s string) int64 {
		if i, ok := strIdx[s]; ok {
			return i
		}
		i := int64(len(strs))
		strs = append(strs, s)
		strIdx[s] = i
		return i
	}
	var out buf
	// sample_type = 1
	for _, st := range p.SampleTypes {
		var vt buf
		vt.int(1, str(st[0]))
		vt.int(2, str(st[1]))
		out.bytes(1, vt)
	}
	// Locations: one per frame used; functions: one per (name, file).
	locID := map[uint32]uint64{}
	type fnKey struct{ name, file string }
	fnID := map[fnKey]uint64{}
	var locs, fns buf
	samples := p.Samples()
	slices.SortStableFunc(samples, func(a, b *Sample) int { return int(a.Stack) - int(b.Stack) })
	for _, s := range samples {
		var sb buf
		var ids []uint64
		for _, fi := range tab.Frames(s.Stack) {
			id, ok := locID[fi]
			if !ok {
				fr := tab.Frame(fi)
				fk := fnKey{fr.Func, fr.File}
				fid, ok := fnID[fk]
				if !ok {
					fid = uint64(len(fnID) + 1)
					fnID[fk] = fid
					var fb buf
					fb.uint(1, fid)
					fb.int(2, str(fr.Func))
					fb.int(3, str(fr.Func))
					fb.int(4, str(fr.File))
					fns.bytes(5, fb)
				}
				id = uint64(len(locID) + 1)
				locID[fi] = id
				var lb buf
				lb.uint(1, id)
				lb.uint(3, fr.PC)
				var line buf
				line.uint(1, fid)
				line.int(2, int64(fr.Line))
				lb.bytes(4, line)
				locs.bytes(4, lb)
			}
			ids = append(ids, id)
		}
		sb.packed(1, ids)
		vals := make([]uint64, len(s.Values))
		for i, v := range s.Values {
			vals[i] = uint64(v)
		}
		sb.packed(2, vals)
		if p.LabelKey != "" && s.Label != "" {
			var lab buf
			lab.int(1, str(p.LabelKey))
			lab.int(2, str(s.Label))
			sb.bytes(3, lab)
		}
		out.bytes(2, sb)
	}
	out = append(out, locs...)
	out = append(out, fns...)
	out.int(10, p.DurationNS)
	// period_type = 11, period = 12: one event per sample, like cmd/trace.
	var pt buf
	pt.int(1, str("trace"))
	pt.int(2, str("count"))
	out.bytes(11, pt)
	out.int(12, 1)
	for _, s := range strs {
		out.bytes(6, []byte(s))
	}
	zw := gzip.NewWriter(w)
	if _, err := zw.Write(out); err != nil {
		return err
	}
	return zw.Close()
}
