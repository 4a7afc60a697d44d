package main

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/gitauth-dev/terraform-provider-gitauth/internal/dev/mockapi"
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

// held is what the state holds: GitLab tokens by ID, and ServiceStage authorizations by
// project/name.
type held struct {
	gitlab       map[int64]heldToken
	servicestage map[string]heldAuthorization
	// destroying: a failed destroy may have revoked or deleted what state still holds, which is
	// then no loss (the failure is one already).
	destroying bool
}

type heldToken struct {
	name, value string
	// revoked is the state's own word: a token whose rotation's answer was lost is marked so, to be
	// replaced by the next apply.
	revoked bool
}

type heldAuthorization struct{ token, host string }

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
	h := held{gitlab: map[int64]heldToken{}, servicestage: map[string]heldAuthorization{}}
	if err := json.Unmarshal(showJSON, &state); err != nil {
		return h, fmt.Errorf("terraform show -json: %w", err)
	}
	if state.Values == nil {
		return h, nil // an empty state
	}
	for _, r := range state.Values.RootModule.Resources {
		str := func(key string) string { v, _ := r.Values[key].(string); return v }
		switch r.Type {
		case "gitlab_project_access_token":
			id, _ := r.Values["token_id"].(float64)
			revoked, _ := r.Values["revoked"].(bool)
			h.gitlab[int64(id)] = heldToken{name: str("name"), value: str("token"), revoked: revoked}
		case "gitauth_private_token":
			h.servicestage[str("project_id")+"/"+str("name")] = heldAuthorization{token: str("token"), host: str("host")}
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
	// Mismatches are credentials whose secret or host in state is not the one the API holds.
	Mismatches []string
}

func (f findings) all() []string {
	return slices.Concat(f.Orphans, f.Duplicates, f.Collateral, f.Mismatches)
}

func (f *findings) add(other findings) {
	f.Orphans = append(f.Orphans, other.Orphans...)
	f.Duplicates = append(f.Duplicates, other.Duplicates...)
	f.Collateral = append(f.Collateral, other.Collateral...)
	f.Mismatches = append(f.Mismatches, other.Mismatches...)
}

// compare checks now against seeded and the state st, at the time at.
func compare(seeded, now inventory, st held, at time.Time) findings {
	var f findings
	f.add(compareGitLab(seeded.GitLab.Tokens, now.GitLab.Tokens, st, at))
	f.add(compareServiceStage(seeded.ServiceStage.Authorizations, now.ServiceStage.Authorizations, st))
	return f
}

func compareGitLab(seeded, now []mockapi.GitLabToken, h held, at time.Time) findings {
	st := h.gitlab
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
		ht, inState := st[t.ID]
		active := t.Active(at)
		switch {
		case seededToken && !active:
			f.Collateral = append(f.Collateral, fmt.Sprintf("GitLab token %d (%s), seeded, is revoked", t.ID, t.Name))
		case inState && !active && !ht.revoked && !h.destroying:
			f.Collateral = append(f.Collateral, fmt.Sprintf("GitLab token %d (%s), held in state, is revoked", t.ID, t.Name))
		case inState && active && ht.value != t.Value:
			f.Mismatches = append(f.Mismatches, fmt.Sprintf("GitLab token %d (%s): state holds another value", t.ID, t.Name))
		case !inSeed && !inState && active:
			f.Orphans = append(f.Orphans, fmt.Sprintf("GitLab token %d (%s) is active, and no state holds it", t.ID, t.Name))
		}
		if !inSeed && active {
			liveNames[t.Name]++
		}
	}
	for _, id := range slices.Sorted(maps.Keys(st)) {
		if !found[id] && !h.destroying {
			f.Collateral = append(f.Collateral, fmt.Sprintf("GitLab token %d (%s), held in state, does not exist", id, st[id].name))
		}
	}
	for _, name := range slices.Sorted(maps.Keys(liveNames)) {
		if liveNames[name] > 1 {
			f.Duplicates = append(f.Duplicates, fmt.Sprintf("%d active GitLab tokens are named %q", liveNames[name], name))
		}
	}
	return f
}

func compareServiceStage(seeded, now []mockapi.ServiceStageAuthorization, h held) findings {
	st := h.servicestage
	var f findings
	byKey := map[string]mockapi.ServiceStageAuthorization{}
	for _, a := range now {
		byKey[a.Project+"/"+a.Name] = a
	}
	wasSeeded := map[string]bool{}
	for _, a := range seeded {
		key := a.Project + "/" + a.Name
		wasSeeded[key] = true
		switch held, ok := byKey[key]; {
		case !ok:
			f.Collateral = append(f.Collateral, fmt.Sprintf("ServiceStage authorization %s, seeded, is deleted", key))
		case held.CreateTime != a.CreateTime:
			f.Collateral = append(f.Collateral, fmt.Sprintf("ServiceStage authorization %s, seeded, was replaced", key))
		}
	}
	for _, key := range slices.Sorted(maps.Keys(byKey)) {
		if !wasSeeded[key] && !hasKey(st, key) {
			f.Orphans = append(f.Orphans, fmt.Sprintf("ServiceStage authorization %s exists, and no state holds it", key))
		}
	}
	for _, key := range slices.Sorted(maps.Keys(st)) {
		a, ok := byKey[key]
		switch {
		case !ok && !h.destroying:
			f.Collateral = append(f.Collateral, fmt.Sprintf("ServiceStage authorization %s, held in state, does not exist", key))
		case !ok: // deleted by the failed destroy itself
		case a.Secret != st[key].token || a.Host != st[key].host:
			f.Mismatches = append(f.Mismatches, fmt.Sprintf("ServiceStage authorization %s: state holds another token or host", key))
		}
	}
	return f
}

func hasKey[V any](m map[string]V, key string) bool {
	_, ok := m[key]
	return ok
}
