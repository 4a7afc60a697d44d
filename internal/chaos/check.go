package main

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/gitauth-dev/terraform-provider-gitauth/internal/mockapi"
)

// inventory is what the mock holds, as GET /_mock/inventory answers.
type inventory struct {
	GitLab struct {
		Tokens []mockapi.GitLabToken `json:"tokens"`
	} `json:"gitlab"`
	ServiceStage struct {
		Authorizations []mockapi.ServiceStageAuthorization `json:"authorizations"`
	} `json:"servicestage"`
}

// held is what the state holds: GitLab tokens by ID, with their names, and ServiceStage
// authorizations by project/name.
type held struct {
	gitlab       map[int64]string
	servicestage map[string]bool
}

// heldIn reads the output of terraform show -json.
func heldIn(showJSON []byte) (held, error) {
	var state struct {
		Values *struct {
			RootModule struct {
				Resources []struct {
					Type   string         `json:"type"`
					Values map[string]any `json:"values"`
				} `json:"resources"`
			} `json:"root_module"`
		} `json:"values"`
	}
	h := held{gitlab: map[int64]string{}, servicestage: map[string]bool{}}
	if err := json.Unmarshal(showJSON, &state); err != nil {
		return h, fmt.Errorf("terraform show -json: %w", err)
	}
	if state.Values == nil {
		return h, nil // an empty state
	}
	for _, r := range state.Values.RootModule.Resources {
		switch r.Type {
		case "gitlab_project_access_token":
			id, _ := r.Values["token_id"].(float64)
			name, _ := r.Values["name"].(string)
			h.gitlab[int64(id)] = name
		case "gitauth_private_token":
			project, _ := r.Values["project_id"].(string)
			name, _ := r.Values["name"].(string)
			h.servicestage[project+"/"+name] = true
		}
	}
	return h, nil
}

// findings are the differences between what the mock holds and what it should hold, given what it
// was seeded with and what the state holds. Each is a sentence naming the credential.
type findings struct {
	// Orphans are live credentials that neither the seed nor the state accounts for.
	Orphans []string
	// Duplicates are names held by more than one live GitLab token the run made.
	Duplicates []string
	// Collateral are seeded or managed credentials revoked, deleted or replaced.
	Collateral []string
}

func (f findings) count() int { return len(f.Orphans) + len(f.Duplicates) + len(f.Collateral) }

func (f *findings) add(other findings) {
	f.Orphans = append(f.Orphans, other.Orphans...)
	f.Duplicates = append(f.Duplicates, other.Duplicates...)
	f.Collateral = append(f.Collateral, other.Collateral...)
}

// compare checks now against seeded and the state st, at the time at.
func compare(seeded, now inventory, st held, at time.Time) findings {
	var f findings
	f.add(compareGitLab(seeded.GitLab.Tokens, now.GitLab.Tokens, st.gitlab, at))
	f.add(compareServiceStage(seeded.ServiceStage.Authorizations, now.ServiceStage.Authorizations, st.servicestage))
	return f
}

func compareGitLab(seeded, now []mockapi.GitLabToken, st map[int64]string, at time.Time) findings {
	var f findings
	wasActive := map[int64]bool{}
	for _, t := range seeded {
		wasActive[t.ID] = t.Active(at)
	}
	found := map[int64]bool{}
	liveNames := map[string]int{}
	for _, t := range now {
		found[t.ID] = true
		seededToken, inSeed := wasActive[t.ID]
		_, inState := st[t.ID]
		active := t.Active(at)
		switch {
		case seededToken && !active:
			f.Collateral = append(f.Collateral, fmt.Sprintf("GitLab token %d (%s), seeded, is revoked", t.ID, t.Name))
		case inState && !active:
			f.Collateral = append(f.Collateral, fmt.Sprintf("GitLab token %d (%s), held in state, is revoked", t.ID, t.Name))
		case !inSeed && !inState && active:
			f.Orphans = append(f.Orphans, fmt.Sprintf("GitLab token %d (%s) is active, and no state holds it", t.ID, t.Name))
		}
		if !inSeed && active {
			liveNames[t.Name]++
		}
	}
	for _, id := range slices.Sorted(maps.Keys(st)) {
		if !found[id] {
			f.Collateral = append(f.Collateral, fmt.Sprintf("GitLab token %d (%s), held in state, does not exist", id, st[id]))
		}
	}
	for _, name := range slices.Sorted(maps.Keys(liveNames)) {
		if liveNames[name] > 1 {
			f.Duplicates = append(f.Duplicates, fmt.Sprintf("%d active GitLab tokens are named %q", liveNames[name], name))
		}
	}
	return f
}

func compareServiceStage(seeded, now []mockapi.ServiceStageAuthorization, st map[string]bool) findings {
	var f findings
	created := map[string]int64{}
	for _, a := range now {
		created[a.Project+"/"+a.Name] = a.CreateTime
	}
	wasSeeded := map[string]bool{}
	for _, a := range seeded {
		key := a.Project + "/" + a.Name
		wasSeeded[key] = true
		switch at, ok := created[key]; {
		case !ok:
			f.Collateral = append(f.Collateral, fmt.Sprintf("ServiceStage authorization %s, seeded, is deleted", key))
		case at != a.CreateTime:
			f.Collateral = append(f.Collateral, fmt.Sprintf("ServiceStage authorization %s, seeded, was replaced", key))
		}
	}
	for _, key := range slices.Sorted(maps.Keys(created)) {
		if !wasSeeded[key] && !st[key] {
			f.Orphans = append(f.Orphans, fmt.Sprintf("ServiceStage authorization %s exists, and no state holds it", key))
		}
	}
	for _, key := range slices.Sorted(maps.Keys(st)) {
		if _, ok := created[key]; !ok {
			f.Collateral = append(f.Collateral, fmt.Sprintf("ServiceStage authorization %s, held in state, does not exist", key))
		}
	}
	return f
}
