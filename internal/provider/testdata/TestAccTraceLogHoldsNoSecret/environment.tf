# Every setting through the environment variables the provider reads: the provider has no block.

resource "gitlab_project_access_token" "ci" {
  provider   = gitauth
  project    = "demo/app"
  name       = "ci-env"
  scopes     = ["read_repository"]
  expires_at = "2026-04-01"
}

resource "gitauth_private_token" "from_developer_connect" {
  name             = "trace-env"
  repo_type        = "gitlab"
  token_wo         = ephemeral.developerconnect_read_token.app.token
  token_wo_version = 1
}

data "git_authorizations" "all" {
  provider   = gitauth
  depends_on = [gitauth_private_token.from_developer_connect]
}

ephemeral "developerconnect_read_token" "app" {
  provider            = gitauth
  git_repository_link = "projects/demo/locations/us-central1/connections/gitlab/gitRepositoryLinks/app"
}
