# Every credential through the provider's settings: each family's in the default provider, a
# ServiceStage signing key with and without a security token, and a service account key as JSON
# and as a file. The alias adc has no credential: application default credentials
# (GOOGLE_APPLICATION_CREDENTIALS) serve it.

provider "gitauth" {
  gitlab {
    base_url = "${var.mock_url}/gitlab/api/v4"
    token    = var.gitlab_token
  }
  servicestage {
    endpoint   = var.mock_url
    project_id = "0123456789abcdef0123456789abcdef"
    auth_token = var.iam_token
  }
  developerconnect {
    endpoint     = "${var.mock_url}/developerconnect/"
    access_token = var.google_access_token
  }
}

provider "gitauth" {
  alias = "key"
  servicestage {
    endpoint   = var.mock_url
    project_id = "0123456789abcdef0123456789abcdef"
    access_key = var.access_key
    secret_key = var.secret_key
  }
}

provider "gitauth" {
  alias = "temporary_key"
  servicestage {
    endpoint       = var.mock_url
    project_id     = "0123456789abcdef0123456789abcdef"
    access_key     = var.temporary_access_key
    secret_key     = var.temporary_secret_key
    security_token = var.security_token
  }
}

provider "gitauth" {
  alias = "key_json"
  developerconnect {
    endpoint    = "${var.mock_url}/developerconnect/"
    credentials = var.google_credentials
  }
}

provider "gitauth" {
  alias = "key_file"
  developerconnect {
    endpoint    = "${var.mock_url}/developerconnect/"
    credentials = var.key_file
  }
}

provider "gitauth" {
  alias = "adc"
  developerconnect {
    endpoint = "${var.mock_url}/developerconnect/"
  }
}

resource "gitlab_project_access_token" "ci" {
  provider   = gitauth
  project    = "demo/app"
  name       = "ci"
  scopes     = ["read_repository"]
  expires_at = "2026-04-01"
}

output "token" {
  value     = gitlab_project_access_token.ci.token
  sensitive = true
}

resource "gitauth_private_token" "by_iam_token" {
  name      = "trace-iam"
  repo_type = "github"
  token     = var.token_in_state
}

resource "gitauth_private_token" "by_key" {
  provider         = gitauth.key
  name             = "trace-key"
  repo_type        = "gitlab"
  token_wo         = var.write_only_token
  token_wo_version = 1
}

resource "gitauth_private_token" "by_temporary_key" {
  provider         = gitauth.temporary_key
  name             = "trace-temporary-key"
  repo_type        = "gitlab"
  token_wo         = ephemeral.developerconnect_read_token.by_key_json.token
  token_wo_version = 1
}

resource "gitauth_private_token" "by_adc" {
  name             = "trace-adc"
  repo_type        = "github"
  token_wo         = ephemeral.developerconnect_read_token.by_adc.token
  token_wo_version = 1
}

data "git_authorizations" "all" {
  provider   = gitauth.temporary_key
  depends_on = [gitauth_private_token.by_iam_token, gitauth_private_token.by_key, gitauth_private_token.by_temporary_key]
}

ephemeral "developerconnect_read_token" "by_access_token" {
  provider            = gitauth
  git_repository_link = "projects/demo/locations/us-central1/connections/gitlab/gitRepositoryLinks/app"
}

ephemeral "developerconnect_read_token" "by_key_json" {
  provider            = gitauth.key_json
  git_repository_link = "projects/demo/locations/us-central1/connections/github/gitRepositoryLinks/app"
}

ephemeral "developerconnect_read_token" "by_key_file" {
  provider            = gitauth.key_file
  git_repository_link = "projects/demo/locations/us-central1/connections/bitbucket/gitRepositoryLinks/app"
}

ephemeral "developerconnect_read_token" "by_adc" {
  provider            = gitauth.adc
  git_repository_link = "projects/demo/locations/us-central1/connections/github/gitRepositoryLinks/app"
}
