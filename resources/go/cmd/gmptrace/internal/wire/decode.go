package wire

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// Event is one decoded event. Args are as written: a timed event's first
// is its dt; a stack's frames follow its two arguments, four uvarints
// each. Args and Data alias the decoder's buffers until its next event.
type Event struct {
	Type Type
	Args []uint64
	Data []byte
}

// Decoder reads the events of a batch's data in order.
type Decoder struct {
	specs []Spec
	data  []byte
	off   int
	args  []uint64
}

// NewDecoder decodes with an event table (Specs).
func NewDecoder(specs []Spec) *Decoder {
	return &Decoder{specs: specs, args: make([]uint64, 0, MaxArgs)}
}

// Reset starts on the data of another batch.
func (d *Decoder) Reset(data []byte) { d.data, d.off = data, 0 }

// Offset is where the next event begins in the data.
func (d *Decoder) Offset() int { return d.off }

var errShort = errors.New("the data ends inside an event")

// Next decodes the next event into ev; false at the end of the data. An
// error names the offset of the event that could not be decoded.
func (d *Decoder) Next(ev *Event) (bool, error) {
	if d.off == len(d.data) {
		return false, nil
	}
	start := d.off
	if err := d.next(ev); err != nil {
		d.off = len(d.data) // nothing after an undecodable event can be trusted
		return false, fmt.Errorf("event at data offset %d: %w", start, err)
	}
	return true, nil
}

func (d *Decoder) next(ev *Event) error {
	typ := Type(d.data[d.off])
	if int(typ) >= len(d.specs) || d.specs[typ].Name == "" {
		return fmt.Errorf("type %d is not an event of this trace's version", typ)
	}
	spec := &d.specs[typ]
	d.off++
	d.args = d.args[:0]
	for range spec.Args {
		v, err := d.uvarint()
		if err != nil {
			return err
		}
		d.args = append(d.args, v)
	}
	if spec.IsStack {
		// Each frame is at least four bytes: a count above what is left is
		// corrupt, and must not size an allocation.
		frames := d.args[1]
		if frames > uint64(len(d.data)-d.off)/4 {
			return fmt.Errorf("stack of %d frames in %d bytes", frames, len(d.data)-d.off)
		}
		for range 4 * frames {
			v, err := d.uvarint()
			if err != nil {
				return err
			}
			d.args = append(d.args, v)
		}
	}
	ev.Type, ev.Args, ev.Data = typ, d.args, nil
	if spec.HasData {
		n, err := d.uvarint()
		if err != nil {
			return err
		}
		if n > uint64(len(d.data)-d.off) {
			return fmt.Errorf("%d bytes of data, %d left", n, len(d.data)-d.off)
		}
		ev.Data = d.data[d.off : d.off+int(n)]
		d.off += int(n)
	}
	return nil
}

// skip moves past the next event when it is a timed one of a type want
// lacks, decoding only its dt; false, having moved nothing, at the end of
// the data, for any other event, and for one that does not decode (Next
// then says why).
func (d *Decoder) skip(want *[256]bool) (dt uint64, ok bool) {
	data, off := d.data, d.off
	if off == len(data) {
		return 0, false
	}
	typ := data[off]
	if want[typ] || int(typ) >= len(d.specs) || !d.specs[typ].Timed {
		return 0, false
	}
	off++
	dt, n := binary.Uvarint(data[off:])
	if n <= 0 {
		return 0, false
	}
	off += n
	for range len(d.specs[typ].Args) - 1 {
		// To its last byte, the first below 0x80, as binary.Uvarint
		// reads it (which refuses an eleventh byte, or a tenth above 1).
		end := min(off+binary.MaxVarintLen64, len(data))
		i := off
		for i < end && data[i] >= 0x80 {
			i++
		}
		if i == end || (i-off == binary.MaxVarintLen64-1 && data[i] > 1) {
			return 0, false
		}
		off = i + 1
	}
	d.off = off
	return dt, true
}

func (d *Decoder) uvarint() (uint64, error) {
	v, n := binary.Uvarint(d.data[d.off:])
	if n <= 0 {
		if n == 0 {
			return 0, errShort
		}
		return 0, errors.New("a uvarint overflows 64 bits")
	}
	d.off += n
	return v, nil
}
