//go:build cgo

package stress

// CgoBuild is true when the binary was built with cgo enabled. Because the
// harness imports net, runtime/cgo is then linked, and its extra M keeps the
// runtime's deadlock detector (checkdead) silent. Build with CGO_ENABLED=0 for
// deadlock-detection scenarios.
const CgoBuild = true
