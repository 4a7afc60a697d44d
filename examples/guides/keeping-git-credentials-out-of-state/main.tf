terraform {
  # Ephemeral resources need Terraform 1.10, write-only arguments 1.11.
  required_version = ">= 1.11"

  required_providers {
    gitauth = {
      source = "gitauth-dev/gitauth"
    }
  }
}

# Google credentials from GOOGLE_OAUTH_ACCESS_TOKEN, GOOGLE_CREDENTIALS or the
# application default credentials; ServiceStage's from the HW_* variables.
provider "gitauth" {}

# Raise it to send ServiceStage a new token, for instance from CI with
# TF_VAR_token_version=<run number>. It is kept in state; the token is not.
variable "token_version" {
  type    = number
  default = 1
}

# A new read token at every plan and apply, never written to plan or state.
ephemeral "developerconnect_read_token" "app" {
  provider = gitauth

  git_repository_link = "projects/my-project/locations/us-central1/connections/my-github/gitRepositoryLinks/my-app"
}

# ServiceStage gets the token through the write-only token_wo.
resource "gitauth_private_token" "app" {
  name             = "clone-my-app"
  repo_type        = "github"
  host             = "https://github.com/my-org"
  token_wo         = ephemeral.developerconnect_read_token.app.token
  token_wo_version = var.token_version
}
