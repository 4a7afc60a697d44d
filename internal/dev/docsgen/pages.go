package main

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
)

// checkTemplates makes sure that each type has its template under dir, named after the type, and
// that each template of a type names one: tfplugindocs would render a type without one from its
// default template, and skip a template whose type does not exist.
func checkTemplates(dir string, want []string) error {
	var problems []string
	for _, t := range want {
		if _, err := os.Stat(filepath.Join(dir, t)); err != nil {
			problems = append(problems, "missing "+filepath.Join(dir, t))
		}
	}
	for _, kind := range kinds {
		if kind.dir == "" {
			continue
		}
		found, err := filepath.Glob(filepath.Join(dir, kind.dir, "*"))
		if err != nil {
			return err
		}
		for _, f := range found {
			rel, _ := filepath.Rel(dir, f)
			if !slices.Contains(want, filepath.ToSlash(rel)) {
				problems = append(problems, f+" is not the template of a type (templates are named after the type, such as resources/gitauth_private_token.md.tmpl)")
			}
		}
	}
	if len(problems) > 0 {
		return errors.New("templates: " + strings.Join(problems, "; "))
	}
	return nil
}

// stageExamples copies examples/ to dst, renaming the folder of each type to its prefixed name,
// where tfplugindocs will look for it.
func stageExamples(src, dst string, realNames map[string]string) error {
	prefixed := map[string]string{}
	for p, r := range realNames {
		prefixed[r] = p
	}
	return filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		parts := strings.Split(rel, string(filepath.Separator))
		if len(parts) > 1 {
			if p, ok := prefixed[parts[1]]; ok {
				parts[1] = p
			}
		}
		target := filepath.Join(dst, filepath.Join(parts...))
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(target, b, 0o644)
	})
}

// writeBack replaces dst with the rendered pages, each naming its type by its real name.
func writeBack(rendered, dst string, realNames map[string]string) error {
	// Longest first, so that no name is replaced inside a longer one.
	names := make([]string, 0, len(realNames))
	for p := range realNames {
		names = append(names, p)
	}
	sort.Slice(names, func(i, j int) bool { return len(names[i]) > len(names[j]) })
	pairs := make([]string, 0, 2*len(names))
	for _, p := range names {
		pairs = append(pairs, p, realNames[p])
	}
	fix := strings.NewReplacer(pairs...)

	if err := os.RemoveAll(dst); err != nil {
		return err
	}
	return filepath.WalkDir(rendered, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(rendered, path)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(target, []byte(fix.Replace(string(b))), 0o644)
	})
}
