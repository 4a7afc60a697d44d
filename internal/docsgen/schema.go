package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/gitauth-dev/terraform-provider-gitauth/internal/devenv"
)

// providerSchema builds the provider and asks Terraform for its schema.
func providerSchema(tmp string) ([]byte, error) {
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
	cmd := exec.Command("terraform", "providers", "schema", "-json")
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
type renamedSchema struct {
	json []byte
	// realNames maps a prefixed name to the real one, for the types that needed a prefix.
	realNames map[string]string
}

var kinds = []string{"resource_schemas", "data_source_schemas", "ephemeral_resource_schemas"}

func prefixTypes(raw []byte) (renamedSchema, error) {
	var doc struct {
		FormatVersion   string                                `json:"format_version"`
		ProviderSchemas map[string]map[string]json.RawMessage `json:"provider_schemas"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		return renamedSchema{}, err
	}
	realNames := map[string]string{}
	byShortName := map[string]map[string]json.RawMessage{}
	for _, p := range doc.ProviderSchemas {
		// tfplugindocs finds the provider by its short name (or under hashicorp/).
		byShortName["gitauth"] = p
		for _, kind := range kinds {
			if p[kind] == nil {
				continue
			}
			var types map[string]json.RawMessage
			if err := json.Unmarshal(p[kind], &types); err != nil {
				return renamedSchema{}, err
			}
			out := map[string]json.RawMessage{}
			for name, s := range types {
				if !strings.HasPrefix(name, prefix) {
					realNames[prefix+name] = name
					name = prefix + name
				}
				out[name] = s
			}
			b, err := json.Marshal(out)
			if err != nil {
				return renamedSchema{}, err
			}
			p[kind] = b
		}
	}
	doc.ProviderSchemas = byShortName
	b, err := json.Marshal(doc)
	return renamedSchema{json: b, realNames: realNames}, err
}
