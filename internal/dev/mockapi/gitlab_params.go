package mockapi

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
)

// params are request parameters from a JSON body, a form body or the query string, as GitLab's
// API framework merges them.
type params map[string][]string

func readParams(r *http.Request) (params, error) {
	if strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
		return jsonParams(r)
	}
	if err := r.ParseForm(); err != nil {
		return nil, err
	}
	p := params{}
	for k, v := range r.Form {
		p[strings.TrimSuffix(k, "[]")] = append(p[strings.TrimSuffix(k, "[]")], v...)
	}
	return p, nil
}

func jsonParams(r *http.Request) (params, error) {
	var raw map[string]json.RawMessage
	if err := json.NewDecoder(r.Body).Decode(&raw); err != nil {
		return nil, fmt.Errorf("body is not valid JSON")
	}
	p := params{}
	for k, v := range raw {
		var list []string
		if json.Unmarshal(v, &list) == nil {
			p[k] = list
			continue
		}
		var one any
		_ = json.Unmarshal(v, &one)
		if one != nil {
			p[k] = []string{fmt.Sprint(one)}
		}
	}
	return p, nil
}

func (p params) has(k string) bool { _, ok := p[k]; return ok }

func (p params) string(k string) string {
	if v := p[k]; len(v) > 0 {
		return v[0]
	}
	return ""
}

func (p params) strings(k string) []string { return p[k] }
