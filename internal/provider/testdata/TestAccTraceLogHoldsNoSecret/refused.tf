# A plan that fails on purpose: each credential refused, a permission missing, a link that does
# not exist, credentials that are neither a key file nor its path. The alias metadata_server has no
# credential: application default credentials come from the metadata server (GCE_METADATA_HOST).

provider "gitauth" {
  developerconnect {
    endpoint     = "${var.mock_url}/developerconnect/"
    access_token = var.google_access_token
  }
}

provider "gitauth" {
  alias = "wrong_iam_token"
  servicestage {
    endpoint   = var.mock_url
    project_id = "0123456789abcdef0123456789abcdef"
    auth_token = var.wrong_iam_token
  }
}

provider "gitauth" {
  alias = "wrong_secret_key"
  servicestage {
    endpoint       = var.mock_url
    project_id     = "0123456789abcdef0123456789abcdef"
    access_key     = var.temporary_access_key
    secret_key     = var.wrong_secret_key
    security_token = var.security_token
  }
}

provider "gitauth" {
  alias = "wrong_access_token"
  developerconnect {
    endpoint     = "${var.mock_url}/developerconnect/"
    access_token = var.wrong_google_access_token
  }
}

provider "gitauth" {
  alias = "without_permission"
  developerconnect {
    endpoint     = "${var.mock_url}/developerconnect/"
    access_token = var.google_token_without_permission
  }
}

provider "gitauth" {
  alias = "authorized_user"
  developerconnect {
    endpoint    = "${var.mock_url}/developerconnect/"
    credentials = var.authorized_user
  }
}

provider "gitauth" {
  alias = "not_a_key_file"
  developerconnect {
    endpoint    = "${var.mock_url}/developerconnect/"
    credentials = var.not_a_key_file
  }
}

provider "gitauth" {
  alias = "metadata_server"
  developerconnect {
    endpoint = "${var.mock_url}/developerconnect/"
  }
}

data "git_authorizations" "wrong_iam_token" {
  provider = gitauth.wrong_iam_token
}

data "git_authorizations" "wrong_secret_key" {
  provider = gitauth.wrong_secret_key
}

ephemeral "developerconnect_read_token" "wrong_access_token" {
  provider            = gitauth.wrong_access_token
  git_repository_link = "projects/demo/locations/us-central1/connections/github/gitRepositoryLinks/app"
}

ephemeral "developerconnect_read_token" "without_permission" {
  provider            = gitauth.without_permission
  git_repository_link = "projects/demo/locations/us-central1/connections/github/gitRepositoryLinks/app"
}

ephemeral "developerconnect_read_token" "wrong_link" {
  provider            = gitauth
  git_repository_link = "projects/demo/locations/us-central1/connections/github/gitRepositoryLinks/missing"
}

ephemeral "developerconnect_read_token" "authorized_user" {
  provider            = gitauth.authorized_user
  git_repository_link = "projects/demo/locations/us-central1/connections/github/gitRepositoryLinks/app"
}

ephemeral "developerconnect_read_token" "not_a_key_file" {
  provider            = gitauth.not_a_key_file
  git_repository_link = "projects/demo/locations/us-central1/connections/github/gitRepositoryLinks/app"
}

ephemeral "developerconnect_read_token" "metadata_server" {
  provider            = gitauth.metadata_server
  git_repository_link = "projects/demo/locations/us-central1/connections/github/gitRepositoryLinks/app"
}
