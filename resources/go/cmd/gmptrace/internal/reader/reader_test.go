package reader

import (
	"bytes"
	"errors"
	"os"
	"strconv"
	"strings"
	"testing"
)

func TestUnreadable(t *testing.T) {
	for _, in := range []string{"", "not a trace at all", "go 1.99 trace\x00\x00\x00"} {
		_, err := Read(bytes.NewReader([]byte(in)), func(*Event) {})
		if !errors.Is(err, ErrUnreadable) {
			t.Errorf("%q: err = %v, want ErrUnreadable", in, err)
		}
	}
}

// A panic in the callback (or in x/exp while decoding an event) becomes an
// error; the parser goroutine is released.
func TestCallbackPanicIsContained(t *testing.T) {
	seed, err := os.ReadFile("../../testdata/fuzz/FuzzAnalyze/hog-go1.26.out")
	if err != nil {
		t.Fatal(err)
	}
	s := string(seed)
	q := strings.TrimSuffix(strings.TrimSpace(s[strings.Index(s, "[]byte(")+len("[]byte("):]), ")")
	data, err := strconv.Unquote(q)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	info, err := Read(bytes.NewReader([]byte(data)), func(*Event) {
		n++
		if n == 10 {
			panic("boom")
		}
	})
	if err == nil && !info.Partial {
		t.Fatalf("panic not reported: %+v", info)
	}
	// And the same trace reads completely without the panic.
	info, err = Read(bytes.NewReader([]byte(data)), func(*Event) {})
	if err != nil || info.Partial || info.Generations < 1 || info.GoVersion != "go1.26" {
		t.Fatalf("clean read: %+v %v", info, err)
	}
}
