// Command docsgen renders docs/ with terraform-plugin-docs from the provider's schema, templates/
// and examples/. tfplugindocs takes every type name to start with the provider's name; ours are
// fixed by our users and mostly do not (gitlab_project_access_token, git_authorizations). So docsgen
// shows tfplugindocs the schema and examples with every type name prefixed (gitauth_gitlab_...,
// gitauth_gitauth_private_token), then writes the pages back under the real names. As tfplugindocs
// names a type's template and page after the type without the prefix, both are named after the real
// type: templates/resources/gitauth_private_token.md.tmpl gives docs/resources/gitauth_private_token.md.
// It runs offline, with the terraform on PATH or the engine TF_ACC_TERRAFORM_PATH names, which must be
// Terraform 1.14 or newer: older ones leave list resources out of the schema.
//
// Run it from the module root: go run ./internal/dev/docsgen (or make docs, or go generate ./...).
package main

import (
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
)

const prefix = "gitauth_"

func main() {
	if err := run(); err != nil {
		log.Fatal(err)
	}
}

func run() error {
	tmp, err := os.MkdirTemp("", "docsgen")
	if err != nil {
		return err
	}
	defer func() { _ = os.RemoveAll(tmp) }()

	schema, err := providerSchema(tmp)
	if err != nil {
		return err
	}
	renamed, err := prefixTypes(schema)
	if err != nil {
		return err
	}
	if err := checkTemplates("templates", renamed.templates); err != nil {
		return err
	}
	schemaFile := filepath.Join(tmp, "schema.json")
	if err := os.WriteFile(schemaFile, renamed.json, 0o600); err != nil {
		return err
	}
	examples := filepath.Join(tmp, "examples")
	if err := stageExamples("examples", examples, renamed.realNames); err != nil {
		return err
	}
	rendered := filepath.Join(tmp, "docs")
	cmd := exec.Command("go", "tool", "tfplugindocs", "generate",
		"--provider-name", "gitauth",
		"--providers-schema", schemaFile,
		"--examples-dir", fromRoot(examples),
		"--website-source-dir", "templates",
		"--website-temp-dir", filepath.Join(tmp, "website"),
		"--rendered-website-dir", fromRoot(rendered))
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("tfplugindocs: %w", err)
	}
	return writeBack(rendered, "docs", renamed.realNames)
}

// fromRoot turns a path into one relative to the module root, as tfplugindocs joins its
// directories onto the provider directory even when they are absolute.
func fromRoot(path string) string {
	wd, err := os.Getwd()
	if err != nil {
		return path
	}
	rel, err := filepath.Rel(wd, path)
	if err != nil {
		return path
	}
	return rel
}
