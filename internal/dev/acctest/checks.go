package acctest

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"time"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/gitauth-dev/terraform-provider-gitauth/internal/dev/mockapi"
)

// StateCheck adapts a function of the whole state to a statecheck.StateCheck, for checks that
// compare state with what the mock holds.
func StateCheck(f func(*tfjson.State) error) statecheck.StateCheck { return stateCheck(f) }

type stateCheck func(*tfjson.State) error

func (f stateCheck) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	if err := f(req.State); err != nil {
		resp.Error = err
	}
}

// Attr returns the value of a top-level attribute of the resource at addr.
func Attr(state *tfjson.State, addr, name string) (any, error) {
	if state == nil || state.Values == nil {
		return nil, fmt.Errorf("no state")
	}
	for _, r := range state.Values.RootModule.Resources {
		if r.Address == addr {
			return r.AttributeValues[name], nil
		}
	}
	return nil, fmt.Errorf("%s not in state", addr)
}

// NoActiveGitLabToken is a CheckDestroy: after destroy the mock must hold no working token but
// those made outside Terraform.
func (e *Env) NoActiveGitLabToken(*terraform.State) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, t := range e.Mock.GitLabTokens() {
		if t.Active(e.Clock.Now()) && !e.outsideTokens[t.ID] {
			return fmt.Errorf("token %d (%q) is still active after destroy", t.ID, t.Name)
		}
	}
	return nil
}

// NothingLeft is a CheckDestroy: after destroy the mock holds no working GitLab token and only
// the ServiceStage authorizations Terraform never managed.
func (e *Env) NothingLeft(s *terraform.State) error {
	if err := e.NoActiveGitLabToken(s); err != nil {
		return err
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, project := range []string{mockapi.ServiceStageProject, mockapi.ServiceStageEmptyProject} {
		for _, a := range e.Mock.ServiceStageAuthorizations(project) {
			if !e.outside[project+"/"+a.Name] {
				return fmt.Errorf("ServiceStage authorization %s/%s is still there after destroy", project, a.Name)
			}
		}
	}
	return nil
}

// AddGitLabToken adds a token out of band, as another user would, and returns its ID.
func (e *Env) AddGitLabToken(t mockapi.GitLabToken) int64 {
	id := e.Mock.AddGitLabToken(t)
	e.mu.Lock()
	defer e.mu.Unlock()
	e.outsideTokens[id] = true
	return id
}

// AddServiceStageAuthorization adds an authorization out of band, as another user would.
func (e *Env) AddServiceStageAuthorization(a mockapi.ServiceStageAuthorization) {
	e.Mock.AddServiceStageAuthorization(a)
	e.mu.Lock()
	defer e.mu.Unlock()
	e.outside[a.Project+"/"+a.Name] = true
}

// PlanCheck adapts a function of the plan to a plan check, for checks of what the plan holds or
// of what the mock saw while planning.
func PlanCheck(f func(*tfjson.Plan) error) plancheck.PlanCheck { return planCheck(f) }

type planCheck func(*tfjson.Plan) error

func (f planCheck) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	resp.Error = f(req.Plan)
}

// Imported is a plan check that the plan imports the resource at addr.
func Imported(addr string) plancheck.PlanCheck {
	return PlanCheck(func(p *tfjson.Plan) error {
		for _, rc := range p.ResourceChanges {
			if rc.Address == addr {
				if rc.Change == nil || rc.Change.Importing == nil {
					return fmt.Errorf("the plan does not import %s", addr)
				}
				return nil
			}
		}
		return fmt.Errorf("the plan has no change of %s", addr)
	})
}

// AdvanceClock is a plan check that moves the clock after planning and before applying, as when a
// saved plan is applied later.
func AdvanceClock(c *Clock, d time.Duration) plancheck.PlanCheck { return advanceClock{c, d} }

type advanceClock struct {
	clock *Clock
	d     time.Duration
}

func (a advanceClock) CheckPlan(context.Context, plancheck.CheckPlanRequest, *plancheck.CheckPlanResponse) {
	a.clock.Advance(a.d)
}

// Error returns an ExpectError pattern in which each space also matches the line breaks Terraform
// puts into long messages.
func Error(pattern string) *regexp.Regexp {
	return regexp.MustCompile(`(?s)` + strings.ReplaceAll(pattern, " ", `\s+`))
}
