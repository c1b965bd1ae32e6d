package genindex

// Framing follows the batch framing of a trace's bytes as they stream past
// (the grammar Scan reads from a file: classify and validHeader are both's),
// from the first header byte on: after Feed, DataLeft says how many bytes
// of the current batch's data are still to come. It never fails: bytes that
// do not make sense (not a Go 1.22+ trace, a batch of a type it does not
// know) stop the following, and DataLeft is 0 from then on.
type Framing struct {
	state    framingState
	header   []byte // the trace header while it is read
	minor    int    // the trace's Go 1.minor, from its header
	varints  int    // batch header uvarints read (generation, M, timestamp, length)
	gen      uint64 // the batch's generation, its first uvarint
	value    uint64 // the uvarint being read
	shift    uint
	dataLeft uint64
}

type framingState uint8

const (
	inTraceHeader framingState = iota
	atBatch                    // the next byte begins a batch (or ends a generation)
	atExperiment               // the experiment byte of an experimental batch
	inBatchHeader              // its uvarints
	inData
	lost // not a framing we follow
)

// DataLeft is the number of bytes of the current batch's data not yet fed.
func (f *Framing) DataLeft() uint64 {
	if f.state != inData {
		return 0
	}
	return f.dataLeft
}

// Feed advances past b, the next bytes of the trace.
func (f *Framing) Feed(b []byte) {
	for len(b) > 0 && f.state != lost {
		switch f.state {
		case inTraceHeader:
			n := min(len(b), HeaderLen-len(f.header))
			f.header, b = append(f.header, b[:n]...), b[n:]
			if len(f.header) == HeaderLen {
				if minor, ok := headerMinor(f.header); ok && minor >= 22 {
					f.state, f.minor = atBatch, minor
				} else {
					f.state = lost
				}
			}
		case atBatch:
			switch classify(b[0], f.minor) {
			case startEndOfGeneration:
			case startExperimental:
				f.state = atExperiment
			case startEvents:
				f.state, f.varints, f.value, f.shift = inBatchHeader, 0, 0, 0
			case startInvalid:
				f.state = lost
			}
			b = b[1:]
		case atExperiment:
			f.state, f.varints, f.value, f.shift = inBatchHeader, 0, 0, 0
			b = b[1:]
		case inBatchHeader:
			c := b[0]
			b = b[1:]
			if f.shift >= 64 {
				f.state = lost
				break
			}
			f.value |= uint64(c&0x7f) << f.shift
			f.shift += 7
			if c&0x80 != 0 {
				break
			}
			f.varints++
			if f.varints == 1 {
				f.gen = f.value
			}
			if f.varints < batchHeaderFields {
				f.value, f.shift = 0, 0
				break
			}
			switch {
			case !validHeader(f.gen, f.value):
				f.state = lost
			case f.value == 0:
				f.state = atBatch
			default:
				f.state, f.dataLeft = inData, f.value
			}
		case inData:
			n := min(uint64(len(b)), f.dataLeft)
			f.dataLeft -= n
			b = b[n:]
			if f.dataLeft == 0 {
				f.state = atBatch
			}
		}
	}
}
