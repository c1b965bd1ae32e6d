// Checkpoints: a window deep inside a huge generation is read from that
// generation's start, as the state at the window's start needs; in a trace
// written as one generation of a gigabyte that is most of the file. A query
// given a checkpoint file saves, while it reads up to its window, the own
// reader's state (order.Snapshot) and the builder's (builder_state.go) every
// Options.CheckpointEvery events; a later query that begins reading where
// one began resumes from the latest checkpoint before its window instead.
// The state saved is the one a query reads its way to, before any of its
// window, so the window is the one it would have built (tested). The file
// also keeps, per generation a reading begins with, the list of that
// generation's first statuses (firststatus.go), once a reading has been
// through it: a later query takes those after its window from there
// instead of reading the rest of the generation.
//
// The file is a cache of gmptrace's own: the checkpoints and lists, each
// written as it is taken (a reading holds one at a time, whatever their
// number), then a header that names the file's format and trace and lists
// the entries with their places and SHA-256 sums, then the header's length
// and sum. A query decodes only the checkpoint it resumes from and the list
// of its first generation, once their sums hold. A
// file that is not a regular one, of another format (another gmptrace
// build) or trace, or whose sums fail, is passed over (and replaced by the
// next query that saves); a checkpoint after which the reading fails is
// dropped from the file (Query reads again without it).

package timeline

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/binary"
	"encoding/gob"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"syscall"

	"golang.org/x/exp/trace"

	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/genindex"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/order"
)

// DefaultCheckpointEvery is how many events a query reads between two
// checkpoints: about 25 MB of trace, a few hundred milliseconds of reading.
const DefaultCheckpointEvery = 1 << 22

// checkpointSchema changes when what a checkpoint's fields mean does. A
// change of the fields themselves, or any other build of gmptrace, changes
// the format by itself (format).
const checkpointSchema = 1

// format names the file's format: the schema, the layout of the types a
// checkpoint is saved as, and this build of gmptrace (the SHA-256 of its
// executable: what the state's values mean, x/exp/trace's numbering of
// goroutine states among them, is the code's).
var format = sync.OnceValue(func() string {
	build := "unknown build"
	if exe, err := os.Executable(); err == nil {
		if f, err := os.Open(exe); err == nil {
			h := sha256.New()
			if _, err := io.Copy(h, f); err == nil {
				build = fmt.Sprintf("%x", h.Sum(nil))
			}
			f.Close()
		}
	}
	return fmt.Sprintf("%d %s %s", checkpointSchema, build, layout(reflect.TypeFor[checkpoint]()))
})

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

// The file: fileMagic, the entries (gob each), the header (gob), and
// the header's length (8 bytes, little-endian) and SHA-256.
const (
	fileMagic  = "gmptrace checkpoints\n"
	footerSize = 8 + sha256.Size
)

// maxHeader bounds a header's length: some 70 bytes a checkpoint.
const maxHeader = 64 << 20

type fileHeader struct {
	Format string
	Trace  traceID
	Points []pointEntry
	Firsts []listEntry
}

// Place is where an entry's bytes lie after the magic, and their SHA-256
// (exported: gob encodes the fields of an embedded type only then).
type Place struct {
	Off, Len int64
	Sum      [sha256.Size]byte
}

// placeOf is the place of raw, before it is written.
func placeOf(raw *bytes.Buffer) Place {
	return Place{Len: int64(raw.Len()), Sum: sha256.Sum256(raw.Bytes())}
}

// listEntry is a list of first statuses (firststatus.go): those of
// generation Gen, for the readings that begin with it.
type listEntry struct {
	Gen uint64
	Place
}

// pointEntry is a checkpoint's key, and its place.
type pointEntry struct {
	FirstGen uint64
	Last     int64 // the time of the last event read before it
	Place
}

func (e pointEntry) key() [2]int64 { return [2]int64{int64(e.FirstGen), e.Last} }

// key is the key of the file's entry for cp.
func (cp checkpoint) key() [2]int64 {
	return pointEntry{FirstGen: cp.Reader.State.FirstGen, Last: cp.Reader.Last}.key()
}

// checkpointFile is an open checkpoint file whose header holds.
type checkpointFile struct {
	f      *os.File
	header fileHeader
}

// openCheckpoints opens the checkpoint file path of the trace id names, if
// it is one (a missing file, or one not of this format and trace, is none).
func openCheckpoints(path string, id traceID) (*checkpointFile, bool) {
	// Opened without blocking and then checked: a FIFO or a device here would block the open or the read.
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
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
	if err != nil || !st.Mode().IsRegular() {
		return nil, errors.New("not a regular file")
	}
	size := st.Size()
	magic := make([]byte, len(fileMagic))
	footer := make([]byte, footerSize)
	if size < int64(len(fileMagic)+footerSize) {
		return nil, errors.New("too short")
	}
	if _, err := f.ReadAt(magic, 0); err != nil || string(magic) != fileMagic {
		return nil, errors.New("not a checkpoint file")
	}
	if _, err := f.ReadAt(footer, size-footerSize); err != nil {
		return nil, err
	}
	n := binary.LittleEndian.Uint64(footer)
	headerAt := size - footerSize - int64(n)
	if n > maxHeader || headerAt < int64(len(fileMagic)) {
		return nil, errors.New("header past the file")
	}
	raw := make([]byte, n)
	if _, err := f.ReadAt(raw, headerAt); err != nil || sha256.Sum256(raw) != [sha256.Size]byte(footer[8:]) {
		return nil, errors.New("header's sum fails")
	}
	cf := &checkpointFile{f: f}
	if err := gob.NewDecoder(bytes.NewReader(raw)).Decode(&cf.header); err != nil {
		return nil, err
	}
	if cf.header.Format != format() || cf.header.Trace != id {
		return nil, errors.New("another format or trace")
	}
	places := make([]Place, 0, len(cf.header.Points)+len(cf.header.Firsts))
	for _, e := range cf.header.Points {
		places = append(places, e.Place)
	}
	for _, e := range cf.header.Firsts {
		places = append(places, e.Place)
	}
	for _, e := range places {
		if e.Off < 0 || e.Len <= 0 || e.Off > headerAt-int64(len(fileMagic))-e.Len {
			return nil, errors.New("an entry past the file")
		}
	}
	return cf, nil
}

// body reads entry e's bytes.
func (cf *checkpointFile) body(e Place) io.Reader {
	return io.NewSectionReader(cf.f, int64(len(fileMagic))+e.Off, e.Len)
}

// latestBefore is the checkpoint of a reading begun at generation firstGen
// whose last event is the latest before t, of those in the file that hold
// (a later one whose sum fails is passed over).
func (cf *checkpointFile) latestBefore(firstGen uint64, t trace.Time) (checkpoint, bool) {
	var fit []pointEntry
	for _, e := range cf.header.Points {
		if e.FirstGen == firstGen && trace.Time(e.Last) < t {
			fit = append(fit, e)
		}
	}
	slices.SortFunc(fit, func(x, y pointEntry) int { return cmp.Compare(y.Last, x.Last) })
	for _, e := range fit {
		raw, err := io.ReadAll(cf.body(e.Place))
		if err != nil || sha256.Sum256(raw) != e.Sum {
			continue
		}
		var cp checkpoint
		if gob.NewDecoder(bytes.NewReader(raw)).Decode(&cp) == nil && cp.Reader != nil {
			return cp, true
		}
	}
	return checkpoint{}, false
}

// firsts is the list of first statuses of generation gen, if the file
// holds one whose sum holds.
func (cf *checkpointFile) firsts(gen uint64) ([]firstStatus, bool) {
	for _, e := range cf.header.Firsts {
		if e.Gen != gen {
			continue
		}
		raw, err := io.ReadAll(cf.body(e.Place))
		if err != nil || sha256.Sum256(raw) != e.Sum {
			return nil, false
		}
		var list []firstStatus
		return list, gob.NewDecoder(bytes.NewReader(raw)).Decode(&list) == nil
	}
	return nil, false
}

// savingFailed begins the note of a query whose checkpoints could not be saved.
const savingFailed = "saving the checkpoints: "

// checkpointWriter writes a checkpoint file anew: the checkpoints added, as
// they come, then those the file at path holds for the trace (copied as
// they are; one per reading's start and time, the added first), to a
// temporary file that finish renames over path, so a query reading it
// meanwhile sees the old file or the new one.
type checkpointWriter struct {
	path    string
	id      traceID
	tmp     *os.File // made at the first checkpoint
	header  fileHeader
	off     int64
	seen    map[[2]int64]bool // keys of the checkpoints written
	firsts  map[uint64]bool   // generations whose first statuses are written
	dropped map[[2]int64]bool // keys of the old file's checkpoints not copied
	err     error
}

func newCheckpointWriter(path string, id traceID) *checkpointWriter {
	return &checkpointWriter{path: path, id: id, header: fileHeader{Format: format(), Trace: id},
		seen: map[[2]int64]bool{}, firsts: map[uint64]bool{}, dropped: map[[2]int64]bool{}}
}

// drop leaves the old file's checkpoint of key out of the new file (one
// added of that key is kept), so the file is written anew even if nothing
// is added.
func (cw *checkpointWriter) drop(key [2]int64) {
	cw.dropped[key] = true
}

// begin makes the temporary file, once.
func (cw *checkpointWriter) begin() {
	if cw.tmp != nil || cw.err != nil {
		return
	}
	if cw.tmp, cw.err = os.CreateTemp(filepath.Dir(cw.path), filepath.Base(cw.path)+".*"); cw.err == nil {
		_, cw.err = cw.tmp.WriteString(fileMagic)
	}
}

// add writes cp into the file.
func (cw *checkpointWriter) add(cp checkpoint) {
	if raw, ok := cw.encode(cp); ok {
		cw.put(pointEntry{FirstGen: cp.Reader.State.FirstGen, Last: cp.Reader.Last, Place: placeOf(raw)}, raw)
	}
}

// addFirsts writes the first statuses of generation gen into the file.
func (cw *checkpointWriter) addFirsts(gen uint64, list []firstStatus) {
	if raw, ok := cw.encode(list); ok {
		cw.putFirsts(listEntry{Gen: gen, Place: placeOf(raw)}, raw)
	}
}

// encode is v as the file holds it, once the temporary file is there.
func (cw *checkpointWriter) encode(v any) (*bytes.Buffer, bool) {
	if cw.begin(); cw.err != nil {
		return nil, false
	}
	var raw bytes.Buffer
	cw.err = gob.NewEncoder(&raw).Encode(v)
	return &raw, cw.err == nil
}

// put writes a checkpoint of entry e (its place aside) whose bytes body
// reads, unless the file has one of its key.
func (cw *checkpointWriter) put(e pointEntry, body io.Reader) {
	if !cw.seen[e.key()] && cw.write(&e.Place, body) {
		cw.seen[e.key()] = true
		cw.header.Points = append(cw.header.Points, e)
	}
}

// putFirsts is put for a list of first statuses, one per generation.
func (cw *checkpointWriter) putFirsts(e listEntry, body io.Reader) {
	if !cw.firsts[e.Gen] && cw.write(&e.Place, body) {
		cw.firsts[e.Gen] = true
		cw.header.Firsts = append(cw.header.Firsts, e)
	}
}

// write appends the bytes of the entry placed at e, which body reads, to the
// file, and sets where they lie.
func (cw *checkpointWriter) write(e *Place, body io.Reader) bool {
	e.Off = cw.off
	if _, cw.err = io.Copy(cw.tmp, io.LimitReader(body, e.Len)); cw.err != nil {
		return false
	}
	cw.off += e.Len
	return true
}

// discard forgets what was added: the file stays as it is.
func (cw *checkpointWriter) discard() {
	if cw.tmp != nil {
		cw.tmp.Close()
		os.Remove(cw.tmp.Name())
		cw.tmp = nil
	}
}

// finish completes the file, if an entry was added, and puts it in
// place; the error says why it could not be.
func (cw *checkpointWriter) finish() error {
	if cw.tmp == nil && cw.err == nil && len(cw.dropped) == 0 {
		return nil // nothing added: the file stays as it is
	}
	if cw.begin(); cw.err == nil {
		if old, ok := openCheckpoints(cw.path, cw.id); ok {
			// Copied unread: a checkpoint whose sum fails is passed over when chosen.
			for _, e := range old.header.Points {
				if cw.dropped[e.key()] {
					continue
				}
				if cw.put(e, old.body(e.Place)); cw.err != nil {
					break
				}
			}
			for _, e := range old.header.Firsts {
				if cw.err == nil {
					cw.putFirsts(e, old.body(e.Place))
				}
			}
			old.f.Close()
		}
	}
	if cw.err == nil {
		var h bytes.Buffer
		if cw.err = gob.NewEncoder(&h).Encode(cw.header); cw.err == nil {
			sum := sha256.Sum256(h.Bytes())
			_, cw.err = cw.tmp.Write(append(binary.LittleEndian.AppendUint64(h.Bytes(), uint64(h.Len())), sum[:]...))
		}
	}
	if cw.tmp != nil {
		cw.err = errors.Join(cw.err, cw.tmp.Close())
		if cw.err == nil {
			cw.err = os.Rename(cw.tmp.Name(), cw.path)
		}
		if cw.err != nil {
			os.Remove(cw.tmp.Name())
		}
	}
	if cw.err != nil {
		return fmt.Errorf("%s%w", savingFailed, cw.err)
	}
	return nil
}
