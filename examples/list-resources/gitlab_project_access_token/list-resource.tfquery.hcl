# The active tokens of a project, with the state an import gives them, so that
#   terraform query -generate-config-out=tokens.tf
# writes a resource and an import block for each.
list "gitlab_project_access_token" "app" {
  provider         = gitauth
  include_resource = true

  config {
    project = "my-group/my-project"
  }
}
