//go:build !race

package scenarios

const kitRaceEnabled = false
