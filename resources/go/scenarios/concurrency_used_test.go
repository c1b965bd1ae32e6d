package scenarios

import (
	"go/ast"
	"go/build"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestIgnoresConcurrencyMatchesTheCode reads the catalog's source: a scenario
// marked IgnoresConcurrency must not read Env.Concurrency anywhere in its
// literal (Run, ChildMain, ChildCheck), and every other scenario must, so that
// the workbench never shows a concurrency a run did not use, nor hides one it
// did. Nothing else in the package may read it: a helper given env would read
// it for whichever scenario calls it, unseen by the check.
func TestIgnoresConcurrencyMatchesTheCode(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	seen := 0
	for _, name := range files {
		// The files of this build only: a scenario under a build constraint (cgo) is in the catalog only where its file builds.
		if match, err := build.Default.MatchFile(".", name); err != nil || !match || strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			// Read outside a scenario's literal (a helper given env), it could not be told whose it is.
			if sel, ok := n.(*ast.SelectorExpr); ok && sel.Sel.Name == "Concurrency" {
				t.Errorf("%s: Concurrency read outside a scenario's literal: pass it in from Run instead", fset.Position(sel.Pos()))
			}
			lit, ok := n.(*ast.CompositeLit)
			if !ok || !isScenarioType(lit.Type) {
				return true
			}
			id, ignores := scenarioFields(lit)
			if id == "" {
				return true
			}
			seen++
			reads := readsConcurrency(lit)
			if ignores && reads {
				t.Errorf("%s (%s): marked IgnoresConcurrency but reads env.Concurrency", id, fset.Position(lit.Pos()))
			}
			if !ignores && !reads {
				t.Errorf("%s (%s): never reads env.Concurrency: mark it IgnoresConcurrency", id, fset.Position(lit.Pos()))
			}
			return false
		})
	}
	if want := len(All()); seen != want {
		t.Fatalf("read %d scenario literals in the source, the catalog has %d", seen, want)
	}
}

func isScenarioType(e ast.Expr) bool {
	sel, ok := e.(*ast.SelectorExpr)
	return ok && sel.Sel.Name == "Scenario"
}

// scenarioFields gives the literal's ID and whether it sets IgnoresConcurrency: true.
func scenarioFields(lit *ast.CompositeLit) (id string, ignores bool) {
	for _, el := range lit.Elts {
		kv, ok := el.(*ast.KeyValueExpr)
		if !ok {
			continue
		}
		switch key := kv.Key.(*ast.Ident); {
		case key == nil:
		case key.Name == "ID":
			if b, ok := kv.Value.(*ast.BasicLit); ok {
				id, _ = strconv.Unquote(b.Value)
			}
		case key.Name == "IgnoresConcurrency":
			v, ok := kv.Value.(*ast.Ident)
			ignores = ok && v.Name == "true"
		}
	}
	return id, ignores
}

func readsConcurrency(lit *ast.CompositeLit) bool {
	found := false
	ast.Inspect(lit, func(n ast.Node) bool {
		if sel, ok := n.(*ast.SelectorExpr); ok && sel.Sel.Name == "Concurrency" {
			found = true
		}
		return !found
	})
	return found
}
