# A read token of a Developer Connect git repository link (Terraform 1.10 and
# later, OpenTofu 1.11 and later). It is fetched again at every plan and apply,
# and never written to the plan or state.
ephemeral "developerconnect_read_token" "app" {
  provider = gitauth # the type does not start with gitauth_

  git_repository_link = "projects/my-project/locations/us-central1/connections/my-github/gitRepositoryLinks/my-app"
}

# ServiceStage clones the repository with that token. token_wo is write-only
# (Terraform 1.11 and later, OpenTofu 1.11 and later), so the token reaches
# neither plan nor state.
resource "gitauth_private_token" "app" {
  name             = "clone-my-app"
  repo_type        = "github"
  host             = "https://github.com/my-org"
  token_wo         = ephemeral.developerconnect_read_token.app.token
  token_wo_version = 1 # raise it to send a new token; that replaces the authorization
}
