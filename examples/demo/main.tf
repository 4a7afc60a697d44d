# The demo that `make demo` applies against the local mock APIs.

terraform {
  required_providers {
    gitauth = {
      source = "gitauth-dev/gitauth"
    }
  }
}

# The settings come from the environment: GITLAB_BASE_URL and GITLAB_TOKEN for GitLab,
# GITAUTH_SERVICESTAGE_ENDPOINT, HW_AUTH_TOKEN and HW_PROJECT_ID for ServiceStage,
# GOOGLE_DEVELOPER_CONNECT_CUSTOM_ENDPOINT and GOOGLE_OAUTH_ACCESS_TOKEN for Developer Connect, which
# the demo (and `make dev`) point at the mock APIs.
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

# The token ServiceStage clones GitHub with. Write-only: it reaches neither plan nor state. The
# default is a placeholder for the mock, which takes any token.
variable "github_token" {
  type      = string
  sensitive = true
  ephemeral = true
  default   = "demo-token-not-a-secret"
}

resource "gitauth_private_token" "github" {
  name             = "demo-github"
  repo_type        = "github"
  host             = "https://github.com/demo-org"
  token_wo         = var.github_token
  token_wo_version = 1
}

# A short-lived read token of the mock's GitHub link, fetched again at every plan and apply and
# never written to the plan or state.
ephemeral "developerconnect_read_token" "app" {
  provider = gitauth

  git_repository_link = "projects/demo/locations/us-central1/connections/github/gitRepositoryLinks/app"
}

# ServiceStage gets exactly the token Developer Connect issued, through the write-only token_wo.
# Each plan fetches a new token, yet plans no change: only a new token_wo_version sends one.
resource "gitauth_private_token" "developer_connect" {
  name             = "demo-developer-connect"
  repo_type        = "github"
  host             = "https://github.com/demo-org"
  token_wo         = ephemeral.developerconnect_read_token.app.token
  token_wo_version = 1
}

# The GitHub authorizations of the project: the mock's seeded-github and the two above.
data "git_authorizations" "github" {
  provider = gitauth

  repo_type = "GitHub"

  # Read once the authorizations above exist, so that the plan after the apply reads the same.
  depends_on = [gitauth_private_token.github, gitauth_private_token.developer_connect]
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

output "github_authorizations" {
  value = {
    in_project = data.git_authorizations.github.total # every kind and type, before filtering
    github = {
      for a in data.git_authorizations.github.authorizations :
      a.name => { kind = a.token_type, user = a.repo_user, status = a.status_text }
    }
  }
}
