// Checkpoints: a window deep inside a huge generation is read from that
// generation's start, as the state at the window's start needs; in a trace
// written as one generation of a gigabyte that is most of the file. A query
// given a checkpoint file saves, while it reads up to its window, the own
// reader's state (order.Snapshot) and the builder's (builder_state.go) every
// Options.CheckpointEvery events; a later query that begins reading where
// one began resumes from the latest checkpoint before its window instead.
// The state saved is the one a query reads its way to, before any of its
// window, so the window is the one it would have built (tested).
//
// The file is a cache of gmptrace's own: a header that names its format and
// its trace and lists the checkpoints (each with its place and SHA-256),
// then the checkpoints, each decoded only when chosen and only once its sum
// holds. A file that is not a regular one, of another format or trace, or
// whose sums fail, is passed over and replaced; a checkpoint the trace then
// refuses to read on from is dropped with the file (Query reads again
// without it).

package timeline

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/gob"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"

	"golang.org/x/exp/trace"

	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/genindex"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/order"
)

// DefaultCheckpointEvery is how many events a query reads between two
// checkpoints: about 25 MB of trace, a few hundred milliseconds of reading.
const DefaultCheckpointEvery = 1 << 22

// checkpointSchema changes when what a checkpoint's fields mean does (a
// change of the fields themselves changes the format by itself: format).
const checkpointSchema = 1

// format names the file's format: the schema and the layout of the types a
// checkpoint is saved as.
var format = fmt.Sprintf("%d %s", checkpointSchema, layout(reflect.TypeFor[checkpoint]()))

// layout describes a type's structure, field names and types, recursively.
func layout(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Struct:
		var b strings.Builder
		b.WriteString("{")
		for i := range t.NumField() {
			fmt.Fprintf(&b, "%s %s;", t.Field(i).Name, layout(t.Field(i).Type))
		}
		return b.String() + "}"
	case reflect.Pointer, reflect.Slice:
		return t.Kind().String() + " " + layout(t.Elem())
	case reflect.Array:
		return fmt.Sprintf("[%d]%s", t.Len(), layout(t.Elem()))
	case reflect.Map:
		return "map[" + layout(t.Key()) + "]" + layout(t.Elem())
	}
	return t.Kind().String()
}

// checkpoint is the state of a query's reading at a point before its window.
type checkpoint struct {
	Reader  *order.Snapshot // its State.FirstGen says where the reading began
	Builder savedBuilder
}

// traceID tells a checkpoint file's trace from another written in its place.
type traceID struct {
	Size                    int64
	Version                 int
	Generations             int
	FirstMinTick, LastTick  uint64
	LastEnd, LastGeneration int64
}

func idOf(size int64, ix genindex.Index) traceID {
	first, last := ix.Generations[0], ix.Generations[len(ix.Generations)-1]
	return traceID{Size: size, Version: ix.Version, Generations: len(ix.Generations),
		FirstMinTick: first.MinTick, LastTick: last.MaxTick, LastEnd: last.End, LastGeneration: int64(last.Gen)}
}

// The file: fileMagic, the header's length (8 bytes, little-endian) and
// SHA-256, the header (gob), then the checkpoints (gob each).
const fileMagic = "gmptrace checkpoints\n"

// maxHeader bounds a header's length: some 50 bytes a checkpoint.
const maxHeader = 64 << 20

type fileHeader struct {
	Format string
	Trace  traceID
	Points []pointEntry
}

// pointEntry is a checkpoint's key, and where it lies after the header.
type pointEntry struct {
	FirstGen uint64
	Last     int64 // the time of the last event read before it
	Off, Len int64
	Sum      [sha256.Size]byte
}

// checkpointFile is an open checkpoint file whose header holds.
type checkpointFile struct {
	f      *os.File
	header fileHeader
	dataAt int64 // where the checkpoints begin
}

// openCheckpoints opens the checkpoint file path of the trace id names, if
// it is one (a missing file, or one not of this format and trace, is none).
func openCheckpoints(path string, id traceID) (*checkpointFile, bool) {
	// A FIFO or device here would block the open or the read: only a regular file is read.
	if fi, err := os.Lstat(path); err != nil || !fi.Mode().IsRegular() {
		return nil, false
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, false
	}
	cf, err := readHeader(f, id)
	if err != nil {
		f.Close()
		return nil, false
	}
	return cf, true
}

func readHeader(f *os.File, id traceID) (*checkpointFile, error) {
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	fixed := make([]byte, len(fileMagic)+8+sha256.Size)
	if _, err := f.ReadAt(fixed, 0); err != nil || string(fixed[:len(fileMagic)]) != fileMagic {
		return nil, errors.New("not a checkpoint file")
	}
	n := binary.LittleEndian.Uint64(fixed[len(fileMagic):])
	at := int64(len(fixed))
	if n > maxHeader || int64(n) > st.Size()-at {
		return nil, errors.New("header past the file")
	}
	raw := make([]byte, n)
	if _, err := f.ReadAt(raw, at); err != nil || sha256.Sum256(raw) != [sha256.Size]byte(fixed[len(fileMagic)+8:]) {
		return nil, errors.New("header's sum fails")
	}
	cf := &checkpointFile{f: f, dataAt: at + int64(n)}
	if err := gob.NewDecoder(bytes.NewReader(raw)).Decode(&cf.header); err != nil {
		return nil, err
	}
	if cf.header.Format != format || cf.header.Trace != id {
		return nil, errors.New("another format or trace")
	}
	for _, e := range cf.header.Points {
		if e.Off < 0 || e.Len <= 0 || e.Off > st.Size()-cf.dataAt-e.Len {
			return nil, errors.New("a checkpoint past the file")
		}
	}
	return cf, nil
}

// raw is entry e's bytes, once its sum holds.
func (cf *checkpointFile) raw(e pointEntry) ([]byte, error) {
	b := make([]byte, e.Len)
	if _, err := cf.f.ReadAt(b, cf.dataAt+e.Off); err != nil {
		return nil, err
	}
	if sha256.Sum256(b) != e.Sum {
		return nil, errors.New("a checkpoint's sum fails")
	}
	return b, nil
}

// latestBefore is the checkpoint of a reading begun at generation firstGen
// whose last event is the latest before t, if the file has one that holds.
func (cf *checkpointFile) latestBefore(firstGen uint64, t trace.Time) (checkpoint, bool) {
	best := -1
	for i, e := range cf.header.Points {
		if e.FirstGen == firstGen && trace.Time(e.Last) < t && (best < 0 || e.Last > cf.header.Points[best].Last) {
			best = i
		}
	}
	var cp checkpoint
	if best < 0 {
		return cp, false
	}
	raw, err := cf.raw(cf.header.Points[best])
	if err != nil || gob.NewDecoder(bytes.NewReader(raw)).Decode(&cp) != nil || cp.Reader == nil {
		return checkpoint{}, false
	}
	return cp, true
}

// savingFailed begins the note of a query whose checkpoints could not be saved.
const savingFailed = "saving the checkpoints: "

// saveCheckpoints writes path anew with added and the checkpoints it holds
// for the trace (copied as they are; one per reading's start and time), to a
// temporary file renamed over path, so a query reading it meanwhile sees the
// old file or the new one.
func saveCheckpoints(path string, id traceID, added []checkpoint) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".*")
	if err != nil {
		return fmt.Errorf("%s%w", savingFailed, err)
	}
	err = writeCheckpoints(tmp, path, id, added)
	err = errors.Join(err, tmp.Close())
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("%s%w", savingFailed, err)
	}
	return nil
}

func writeCheckpoints(w io.Writer, path string, id traceID, added []checkpoint) error {
	header := fileHeader{Format: format, Trace: id}
	var bodies []io.Reader // each checkpoint's bytes, in the header's order
	seen := map[[2]int64]bool{}
	put := func(e pointEntry, body io.Reader) {
		if k := [2]int64{int64(e.FirstGen), e.Last}; !seen[k] {
			seen[k] = true
			e.Off = 0
			if n := len(header.Points); n > 0 {
				e.Off = header.Points[n-1].Off + header.Points[n-1].Len
			}
			header.Points = append(header.Points, e)
			bodies = append(bodies, body)
		}
	}
	for _, cp := range added {
		var raw bytes.Buffer
		if err := gob.NewEncoder(&raw).Encode(cp); err != nil {
			return err
		}
		put(pointEntry{FirstGen: cp.Reader.State.FirstGen, Last: cp.Reader.Last, Len: int64(raw.Len()), Sum: sha256.Sum256(raw.Bytes())}, &raw)
	}
	if old, ok := openCheckpoints(path, id); ok {
		defer old.f.Close()
		for _, e := range old.header.Points {
			// Copied unread: a checkpoint whose sum fails is passed over when chosen.
			put(e, io.NewSectionReader(old.f, old.dataAt+e.Off, e.Len))
		}
	}
	var h bytes.Buffer
	if err := gob.NewEncoder(&h).Encode(header); err != nil {
		return err
	}
	sum := sha256.Sum256(h.Bytes())
	lead := append(binary.LittleEndian.AppendUint64([]byte(fileMagic), uint64(h.Len())), sum[:]...)
	_, err := io.Copy(w, io.MultiReader(append([]io.Reader{bytes.NewReader(lead), &h}, bodies...)...))
	return err
}
