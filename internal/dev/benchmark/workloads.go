package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/gitauth-dev/terraform-provider-gitauth/internal/dev/devenv"
	"github.com/gitauth-dev/terraform-provider-gitauth/internal/dev/mockapi"
)

// A workload is one configuration the benchmark measures at each N.
type workload struct {
	name string
	// config is the main.tf of N blocks.
	config func(n int) string
	// seed, when set, is a configuration applied, untimed, in a workspace of its own before the
	// runs of an N and destroyed after them: what the measured configuration reads.
	seed func(n int) string
	// check, when set, rejects a run whose calls show that the configuration did not do what it
	// stands for.
	check func(n int, r runResult) error
	// before, when set, runs before each run, untimed: what a run must not inherit from the runs
	// before it.
	before func(ctx context.Context, mock *devenv.Mock) error
}

// gitlabType is the GitLab workload's type, which the far-API case measures too.
const gitlabType = "gitlab_project_access_token"

// The mock's fixtures the configurations use (internal/dev/README.md, "The mock APIs").
const (
	gitlabProject = "demo/app"
	// The authorizations git_authorizations reads are seeded in the mock's empty ServiceStage
	// project, so that they never lengthen the lists of gitauth_private_token, measured in the
	// provider's default project.
	seedProject = "fedcba9876543210fedcba9876543210"
)

var developerConnectLinks = []string{
	"projects/demo/locations/us-central1/connections/github/gitRepositoryLinks/app",
	"projects/demo/locations/us-central1/connections/gitlab/gitRepositoryLinks/app",
	"projects/demo/locations/us-central1/connections/bitbucket/gitRepositoryLinks/app",
}

// floor is N terraform_data: Terraform's own cost for N resources, with no plugin at all.
var floor = &workload{
	name: "terraform_data",
	config: func(n int) string {
		return fmt.Sprintf(`resource "terraform_data" "t" {
  count = %d
  input = "bench-${count.index}"
}
`, n)
	},
}

// workloads are the provider's four types, in the order of the README.
var workloads = []*workload{
	{
		name:   gitlabType,
		config: func(n int) string { return gitlabTokens(n, []string{gitlabProject}) },
		// A refresh lists the project's tokens, revoked ones included, which GitLab keeps for 30
		// days: each run would list every token the runs before it revoked.
		before: func(ctx context.Context, mock *devenv.Mock) error {
			return mock.Control(ctx, mockapi.RouteDropInactive, nil, nil)
		},
	},
	{
		name:   "gitauth_private_token",
		config: func(n int) string { return providerHeader + privateTokens(n, "bench", "") },
	},
	{
		// One data source over N authorizations. Creating them in the same configuration would time
		// their creation too, so a seed workspace holds them.
		name: "git_authorizations",
		seed: func(n int) string { return providerHeader + privateTokens(n, "seed", seedProject) },
		// The postcondition fails the apply if the list is not the N seeded ones.
		config: func(n int) string {
			return providerHeader + fmt.Sprintf(`data "git_authorizations" "all" {
  provider   = gitauth
  project_id = %q

  lifecycle {
    postcondition {
      condition     = self.total == %d && length(self.authorizations) == %d
      error_message = "the seed project does not hold the %d authorizations of the seed workspace"
    }
  }
}

output "total" {
  value = data.git_authorizations.all.total
}
`, seedProject, n, n, n)
		},
	},
	{
		// N ephemeral blocks (one block with count). Terraform 1.11 opens every declared ephemeral
		// resource at each plan and apply, referenced or not; check makes sure of it, as a block
		// that is never opened would measure nothing.
		name: "developerconnect_read_token",
		config: func(n int) string {
			return providerHeader + fmt.Sprintf(`locals {
  links = [%s]
}

ephemeral "developerconnect_read_token" "t" {
  provider = gitauth
  count    = %d

  git_repository_link = local.links[count.index %% length(local.links)]
}
`, quoteAll(developerConnectLinks), n)
		},
		check: func(n int, r runResult) error {
			if got := r[phaseRefresh].Calls[mockapi.RouteDeveloperConnectFetch]; got != n {
				return fmt.Errorf("the refresh plan fetched %d read tokens for %d ephemeral blocks", got, n)
			}
			return nil
		},
	},
}

// providerHeader declares the provider under the address the CLI configuration's dev_overrides
// points at the fresh build, so that no terraform init is needed.
const providerHeader = `terraform {
  required_providers {
    gitauth = {
      source = "gitauth-dev/gitauth"
    }
  }
}

`

// gitlabTokens is N gitlab_project_access_token spread evenly over the projects, with
// rotation_configuration rather than a fixed expires_at: the date follows the day of the run.
func gitlabTokens(n int, projects []string) string {
	return providerHeader + fmt.Sprintf(`locals {
  projects = [%s]
}

resource "gitlab_project_access_token" "t" {
  provider = gitauth
  count    = %d

  project      = local.projects[count.index %% length(local.projects)]
  name         = "bench-${count.index}"
  scopes       = ["read_repository"]
  access_level = "reporter"

  rotation_configuration = {
    expiration_days    = 30
    rotate_before_days = 7
  }
}
`, quoteAll(projects), n)
}

// privateTokens is N gitauth_private_token named prefix-0, prefix-1..., in project (the provider's
// default project when empty), each with its token in state.
func privateTokens(n int, prefix, project string) string {
	projectLine := ""
	if project != "" {
		projectLine = fmt.Sprintf("  project_id = %q\n", project)
	}
	return fmt.Sprintf(`resource "gitauth_private_token" "t" {
  count = %d
%s
  name      = "%s-${count.index}"
  repo_type = "github"
  host      = "https://github.com/bench"
  token     = "bench-token-not-a-secret"
}
`, n, projectLine, prefix)
}

func quoteAll(ss []string) string {
	quoted := make([]string, len(ss))
	for i, s := range ss {
		quoted[i] = fmt.Sprintf("%q", s)
	}
	return strings.Join(quoted, ", ")
}

func typeNames() []string {
	names := make([]string, len(workloads))
	for i, w := range workloads {
		names[i] = w.name
	}
	return names
}

func findWorkload(name string) *workload {
	for _, w := range workloads {
		if w.name == name {
			return w
		}
	}
	return nil
}
