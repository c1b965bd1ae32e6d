//go:build !cgo

package stress

// CgoBuild is true when the binary was built with cgo enabled (see cgo_on.go).
const CgoBuild = false
