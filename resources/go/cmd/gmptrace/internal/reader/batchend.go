package reader

import (
	"bufio"
	"io"

	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/genindex"
)

// parserBuffer is the size of the bufio.Reader the parser reads through:
// bufio's default, so that trace.NewReader, which wraps its input in
// bufio.NewReader, takes ours as it is instead of wrapping it again.
const parserBuffer = 4096

// batchEndReader halves the memory x/exp/trace holds a generation in. The
// parser copies each batch's data out with io.CopyN into a bytes.Buffer
// grown to the data's size; bytes.Buffer.ReadFrom finds the buffer full
// before it learns that the data has ended, and grows it to twice its size
// plus 512 bytes, so every batch of a generation sits in a buffer twice as
// large as its data (measured: 186.9 MB live for a 92.8 MB generation).
// This reader answers a read that ends exactly at the end of a batch's data
// with io.EOF alongside the bytes, and ReadFrom stops there.
//
// Only reads larger than parserBuffer get that answer: bufio.Reader makes
// those straight into its caller's memory when its own buffer is empty (the
// rest of a batch's data after its first bytes), returns the EOF with the
// bytes and forgets it. The reads that fill its own buffer are never larger
// than it, so a false end of the trace never sticks there. Only that
// bufio.Reader may read from it, with the parser's ReadByte and CopyN:
// another reader's large reads could take such an EOF for the end. Should a
// change in x/exp make the parser end the trace at such an EOF anyway,
// stoppedEarly says so, and the parser reports it as an error (the analysis
// is marked partial, naming it) instead of a trace that silently ends early.
type batchEndReader struct {
	r       io.Reader
	framing genindex.Framing
	ended   bool // r itself has reported io.EOF
}

func newBatchEndReader(r io.Reader) (*batchEndReader, *bufio.Reader) {
	be := &batchEndReader{r: r}
	return be, bufio.NewReaderSize(be, parserBuffer)
}

func (be *batchEndReader) Read(p []byte) (int, error) {
	if left := be.framing.DataLeft(); len(p) > parserBuffer && uint64(len(p)) == left {
		n, err := io.ReadFull(be.r, p)
		be.framing.Feed(p[:n])
		if err == nil {
			return n, io.EOF
		}
		if err == io.ErrUnexpectedEOF || err == io.EOF {
			be.ended = true
			err = io.ErrUnexpectedEOF // the batch is cut: not an end of the trace
		}
		return n, err
	}
	n, err := be.r.Read(p)
	be.framing.Feed(p[:n])
	if err == io.EOF {
		be.ended = true
	}
	return n, err
}

// stoppedEarly reports whether the input had bytes left when the parser
// said the trace had ended.
func (be *batchEndReader) stoppedEarly() bool { return !be.ended }
