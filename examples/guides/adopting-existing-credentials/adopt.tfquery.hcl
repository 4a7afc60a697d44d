# Every active access token of the project.
list "gitlab_project_access_token" "app" {
  provider         = gitauth
  include_resource = true
  limit            = 500

  config {
    project = "my-group/my-project"
  }
}

# Every private token authorization of the provider's ServiceStage project.
list "gitauth_private_token" "all" {
  provider         = gitauth # every list block names its provider
  include_resource = true
  limit            = 500

  config {}
}
