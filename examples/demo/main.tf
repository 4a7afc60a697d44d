# The demo that `make demo` applies against the local mock APIs.

terraform {
  required_providers {
    gitauth = {
      source = "gitauth-dev/gitauth"
    }
  }
}

# The settings come from the environment: GITLAB_BASE_URL and GITLAB_TOKEN, which the demo (and
# `make dev`) point at the mock APIs.
provider "gitauth" {}

resource "gitlab_project_access_token" "ci" {
  provider = gitauth

  project      = "demo/app"
  name         = "ci-clone"
  description  = "Read-only clone token for CI"
  scopes       = ["read_repository"]
  access_level = "reporter"

  rotation_configuration = {
    expiration_days    = 30
    rotate_before_days = 7
  }
}

resource "gitlab_project_access_token" "release" {
  provider = gitauth

  project = "2"
  name    = "release"
  scopes  = ["api", "write_repository"]

  rotation_configuration = {
    expiration_days    = 90
    rotate_before_days = 14
  }
}

output "ci_token" {
  description = "Shown as (sensitive value): Terraform never prints it."
  value       = gitlab_project_access_token.ci.token
  sensitive   = true
}

output "tokens" {
  value = {
    for t in [gitlab_project_access_token.ci, gitlab_project_access_token.release] :
    t.id => { name = t.name, expires_at = t.expires_at, active = t.active }
  }
}
