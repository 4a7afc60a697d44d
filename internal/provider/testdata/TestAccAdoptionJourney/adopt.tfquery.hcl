list "gitlab_project_access_token" "app" {
  provider         = gitauth
  include_resource = true
  config {
    project = "demo/app"
  }
}

list "gitlab_project_access_token" "lib" {
  provider         = gitauth
  include_resource = true
  config {
    project = "demo/lib"
  }
}

list "gitauth_private_token" "project" {
  provider         = gitauth
  include_resource = true
  config {}
}
