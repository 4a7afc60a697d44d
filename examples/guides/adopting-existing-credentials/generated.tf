# Needs Terraform 1.12 or later (import by identity), or OpenTofu 1.12 or later.
# What terraform query -generate-config-out writes for one result of each list
# block, once the token of the authorization is supplied (token_wo).
resource "gitlab_project_access_token" "app_0" {
  provider     = gitauth
  access_level = "maintainer"
  expires_at   = "2027-06-30"
  name         = "ci"
  project      = "my-group/my-project"
  scopes       = ["read_repository"]
}

import {
  to       = gitlab_project_access_token.app_0
  provider = gitauth
  identity = {
    project  = "my-group/my-project"
    token_id = 1234
  }
}

resource "gitauth_private_token" "all_0" {
  provider   = gitauth
  name       = "ci-github"
  project_id = "0123456789abcdef0123456789abcdef"
  repo_type  = "github"
  token_wo   = var.repository_token # was: null # sensitive
}

import {
  to       = gitauth_private_token.all_0
  provider = gitauth
  identity = {
    name       = "ci-github"
    project_id = "0123456789abcdef0123456789abcdef"
  }
}
