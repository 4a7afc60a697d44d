import {
  provider = gitauth
  to       = gitlab_project_access_token.ci
  id       = "my-group/my-project:1234"
}
