package handlers_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"hubdir/content"
	"hubdir/content/workspace"
)

// writeVerbs begin the name of every store method that writes.
var writeVerbs = []string{
	"Create", "Update", "Transition", "Delete", "Publish", "Erase", "Import", "Add", "Set", "Revoke",
	"Request", "Renew", "Login", "Touch", "Submit", "Put", "Save", "Seed", "Reserve", "Relay", "Recover",
}

// storeWrites returns the names of the store methods that write: those of
// content.Store and of the workspace's store whose name begins with a
// write verb.
func storeWrites() map[string]bool {
	out := map[string]bool{}
	for _, t := range []reflect.Type{reflect.TypeFor[content.Store](), reflect.TypeFor[workspace.Store]()} {
		for i := 0; i < t.NumMethod(); i++ {
			name := t.Method(i).Name
			for _, v := range writeVerbs {
				if strings.HasPrefix(name, v) {
					out[name] = true
				}
			}
		}
	}
	return out
}

// TestNoStoreWrites is the rule of the one write path (DESIGN.md, issue
// 9): no handler package calls a write method of the store (every write
// goes through content/workspace), and none imports the store's
// implementation. It parses every non-test Go file under handlers/ and
// looks for calls <expr>.Store.<method>(…) of a write method, and for
// imports of hubdir/content/mongo. `make lint` runs it.
func TestNoStoreWrites(t *testing.T) {
	writes := storeWrites()
	if !writes["CreateNeed"] || !writes["RelayEvents"] || !writes["LoginReserve"] || writes["Need"] || writes["InterestPage"] {
		t.Fatalf("the list of write methods is wrong: %v", writes)
	}
	fset := token.NewFileSet()
	checked := 0
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && d.Name() == "servicetest" {
			return filepath.SkipDir // the test harness sets up data
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		checked++
		for _, imp := range f.Imports {
			if p, _ := strconv.Unquote(imp.Path.Value); p == "hubdir/content/mongo" {
				t.Errorf("%s imports the store's implementation", path)
			}
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok || !writes[sel.Sel.Name] {
				return true
			}
			if recv, ok := sel.X.(*ast.SelectorExpr); ok && recv.Sel.Name == "Store" {
				t.Errorf("%s: calls the store's write method %s: write through the workspace", fset.Position(call.Pos()), sel.Sel.Name)
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if checked < 30 {
		t.Fatalf("checked only %d files", checked)
	}
}

// TestNoStoreWritesCatches makes sure the rule above sees a write.
func TestNoStoreWritesCatches(t *testing.T) {
	src := `package x
func f(h *H) { h.cfg.Store.CreateNeed(ctx, in, "x"); h.cfg.Store.Need(ctx, "r") }`
	f, err := parser.ParseFile(token.NewFileSet(), "x.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	writes, found := storeWrites(), 0
	ast.Inspect(f, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok {
			if sel, ok := call.Fun.(*ast.SelectorExpr); ok && writes[sel.Sel.Name] {
				if recv, ok := sel.X.(*ast.SelectorExpr); ok && recv.Sel.Name == "Store" {
					found++
				}
			}
		}
		return true
	})
	if found != 1 {
		t.Errorf("found %d writes, want 1", found)
	}
}
