# A write-only token (Terraform 1.11 and later): it never reaches the plan or
# state. Pass it in an ephemeral variable, such as TF_VAR_github_token, rather
# than as a literal, which a saved plan would keep.
variable "github_token" {
  type      = string
  sensitive = true
  ephemeral = true
}

resource "gitauth_private_token" "github" {
  name             = "ci-github"
  repo_type        = "github"
  host             = "https://github.com/my-org"
  token_wo         = var.github_token
  token_wo_version = 1 # raise it to send a new token; that replaces the authorization
}

# A token kept in state (sensitive), here one that this provider makes in
# GitLab. When GitLab rotates it, the new value replaces the authorization.
resource "gitlab_project_access_token" "servicestage" {
  provider = gitauth

  project      = "my-group/my-project"
  name         = "servicestage"
  scopes       = ["read_repository"]
  access_level = "reporter"

  rotation_configuration = {
    expiration_days    = 90
    rotate_before_days = 14
  }
}

resource "gitauth_private_token" "gitlab" {
  project_id = "0123456789abcdef0123456789abcdef" # else the provider's servicestage.project_id
  name       = "ci-gitlab"
  repo_type  = "gitlab"
  host       = "https://gitlab.example.com" # a self-managed server
  token      = gitlab_project_access_token.servicestage.token
}
