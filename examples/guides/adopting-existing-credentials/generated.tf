# Needs Terraform 1.12 or later (import by identity), or OpenTofu 1.12 or later.
# What terraform query -generate-config-out writes for one result of each list
# block, as it is: it applies without an edit.
resource "gitauth_private_token" "all_0" {
  provider         = gitauth
  host             = null
  name             = "ci-github"
  project_id       = "0123456789abcdef0123456789abcdef"
  repo_type        = "github"
  token            = null # sensitive
  token_wo         = null # sensitive
  token_wo_version = null
}

import {
  to       = gitauth_private_token.all_0
  provider = gitauth
  identity = {
    name       = "ci-github"
    project_id = "0123456789abcdef0123456789abcdef"
  }
}

resource "gitlab_project_access_token" "app_0" {
  provider               = gitauth
  access_level           = "maintainer"
  expires_at             = "2027-06-30"
  name                   = "ci"
  project                = "my-group/my-project"
  rotation_configuration = null
  scopes                 = ["read_repository"]
}

import {
  to       = gitlab_project_access_token.app_0
  provider = gitauth
  identity = {
    project  = "my-group/my-project"
    token_id = 1234
  }
}
