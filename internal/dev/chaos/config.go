package main

import (
	"fmt"

	"github.com/gitauth-dev/terraform-provider-gitauth/internal/dev/mockapi"
)

// namePrefix starts the name of every credential the run makes, so that nothing seeded is taken
// for one of them.
const namePrefix = "chaos-"

// gitlabProject is the mock's project the GitLab tokens are made in.
const gitlabProject = "demo/app"

// config is N blocks of each of the provider's four types, in one workspace, as a user's would
// hold them. The provider's address is the one the CLI configuration's dev_overrides point at the
// fresh build, so that no terraform init is needed. The GitLab tokens expire by
// rotation_configuration, which follows the day of the run. A new round changes every private
// token's token, which replaces its authorization.
func config(n int) string {
	return fmt.Sprintf(`terraform {
  required_providers {
    gitauth = {
      source = "gitauth-dev/gitauth"
    }
  }
}

resource "gitlab_project_access_token" "t" {
  provider = gitauth
  count    = %[1]d

  project      = %[2]q
  name         = "%[3]s${count.index}"
  scopes       = ["read_repository"]
  access_level = "reporter"

  rotation_configuration = {
    expiration_days    = 30
    rotate_before_days = 7
  }
}

variable "round" {
  type    = number
  default = 1
}

resource "gitauth_private_token" "t" {
  count = %[1]d

  name      = "%[3]s${count.index}"
  repo_type = "github"
  host      = "https://github.com/chaos"
  token     = "chaos-token-${var.round}-not-a-secret"
}

locals {
  links = [%[4]q, %[5]q, %[6]q]
}

ephemeral "developerconnect_read_token" "t" {
  provider = gitauth
  count    = %[1]d

  git_repository_link = local.links[count.index %% length(local.links)]
}

data "git_authorizations" "all" {
  provider = gitauth

  lifecycle {
    postcondition {
      condition     = self.total == length(self.authorizations)
      error_message = "git_authorizations counts ${self.total} authorizations but lists ${length(self.authorizations)}"
    }
  }
}
`, n, gitlabProject, namePrefix, mockapi.DeveloperConnectGitHubLink, mockapi.DeveloperConnectGitLabLink,
		mockapi.DeveloperConnectBitbucketLink)
}
