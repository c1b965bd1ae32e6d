//go:build race

package scenarios

const kitRaceEnabled = true
