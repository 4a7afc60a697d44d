# An apply whose plan passes and whose every create fails: a refused GitLab token, a project that
# does not exist, a refused IAM token, and a 403 the test makes the mock answer. The default
# provider has no Developer Connect credential: application default credentials come from the
# file gcloud auth application-default login writes under HOME.

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
    endpoint = "${var.mock_url}/developerconnect/"
  }
}

provider "gitauth" {
  alias = "wrong_credentials"
  gitlab {
    base_url = "${var.mock_url}/gitlab/api/v4"
    token    = var.wrong_gitlab_token
  }
  servicestage {
    endpoint   = var.mock_url
    project_id = "0123456789abcdef0123456789abcdef"
    auth_token = var.wrong_iam_token
  }
}

resource "gitlab_project_access_token" "wrong_credential" {
  provider   = gitauth.wrong_credentials
  project    = "demo/app"
  name       = "refused"
  scopes     = ["read_repository"]
  expires_at = "2026-04-01"
}

resource "gitlab_project_access_token" "missing_project" {
  provider   = gitauth
  project    = "demo/missing"
  name       = "nowhere"
  scopes     = ["read_repository"]
  expires_at = "2026-04-01"
}

resource "gitauth_private_token" "wrong_credential" {
  provider  = gitauth.wrong_credentials
  name      = "trace-refused"
  repo_type = "github"
  token     = var.token_in_state
}

resource "gitauth_private_token" "forbidden" {
  name             = "trace-forbidden"
  repo_type        = "gitlab"
  token_wo         = ephemeral.developerconnect_read_token.by_adc.token
  token_wo_version = 1
}

ephemeral "developerconnect_read_token" "by_adc" {
  provider            = gitauth
  git_repository_link = "projects/demo/locations/us-central1/connections/github/gitRepositoryLinks/app"
}
