package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"

	"github.com/hashicorp/go-version"

	"github.com/gitauth-dev/terraform-provider-gitauth/internal/dev/devenv"
)

// minimumEngine is the Terraform that shows list resources in its schema (1.14), whose pages the
// docs have.
var minimumEngine = version.Must(version.NewVersion("1.14.0"))

// providerSchema builds the provider and asks the engine (devenv.Engine) for its schema.
func providerSchema(tmp string) ([]byte, error) {
	v, err := devenv.EngineVersion()
	switch {
	case err != nil:
	case devenv.OpenTofu():
		err = fmt.Errorf("it is OpenTofu %s", v)
	case v.LessThan(minimumEngine):
		err = fmt.Errorf("it is Terraform %s", v)
	}
	if err != nil {
		return nil, fmt.Errorf("make docs needs Terraform %s or newer, whose schema shows the list resources, and %s "+
			"will not do (%w): name one in TF_ACC_TERRAFORM_PATH, such as the one ../shared/engines/install unpacks",
			minimumEngine, devenv.Engine(), err)
	}
	cliConfig, err := devenv.Build(tmp)
	if err != nil {
		return nil, err
	}
	work := filepath.Join(tmp, "work")
	if err := os.MkdirAll(work, 0o700); err != nil {
		return nil, err
	}
	main := `terraform {
  required_providers {
    gitauth = { source = "gitauth-dev/gitauth" }
  }
}
`
	if err := os.WriteFile(filepath.Join(work, "main.tf"), []byte(main), 0o600); err != nil {
		return nil, err
	}
	cmd := exec.Command(devenv.Engine(), "providers", "schema", "-json")
	cmd.Dir = work
	cmd.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE="+cliConfig, "TF_IN_AUTOMATION=1")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("terraform providers schema: %w\n%s", err, stderr.String())
	}
	return out, nil
}

// renamedSchema is the schema with every type name prefixed, and the way back to the real names.
// Every type is prefixed, those that start with gitauth_ too, so that the name tfplugindocs strips
// the prefix from, for its templates and pages, is always the real one.
type renamedSchema struct {
	json []byte
	// realNames maps each prefixed name to the real one.
	realNames map[string]string
	// templates are the templates the types need, such as resources/gitauth_private_token.md.tmpl.
	templates []string
}

// kinds are the schema's kinds of types, each with the folder of its templates and pages; the
// identities of resources have none, and appear in the resources' pages.
var kinds = []struct{ key, dir string }{
	{"resource_schemas", "resources"},
	{"data_source_schemas", "data-sources"},
	{"ephemeral_resource_schemas", "ephemeral-resources"},
	{"list_resource_schemas", "list-resources"},
	{"resource_identity_schemas", ""},
}

func prefixTypes(raw []byte) (renamedSchema, error) {
	var doc struct {
		FormatVersion   string                                `json:"format_version"`
		ProviderSchemas map[string]map[string]json.RawMessage `json:"provider_schemas"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		return renamedSchema{}, err
	}
	realNames := map[string]string{}
	var templates []string
	byShortName := map[string]map[string]json.RawMessage{}
	for _, p := range doc.ProviderSchemas {
		// tfplugindocs finds the provider by its short name (or under hashicorp/).
		byShortName["gitauth"] = p
		for _, kind := range kinds {
			if p[kind.key] == nil {
				continue
			}
			var types map[string]json.RawMessage
			if err := json.Unmarshal(p[kind.key], &types); err != nil {
				return renamedSchema{}, err
			}
			out := map[string]json.RawMessage{}
			for name, s := range types {
				realNames[prefix+name] = name
				out[prefix+name] = s
				if kind.dir != "" {
					templates = append(templates, kind.dir+"/"+name+".md.tmpl")
				}
			}
			b, err := json.Marshal(out)
			if err != nil {
				return renamedSchema{}, err
			}
			p[kind.key] = b
		}
	}
	doc.ProviderSchemas = byShortName
	b, err := json.Marshal(doc)
	return renamedSchema{json: b, realNames: realNames, templates: templates}, err
}
