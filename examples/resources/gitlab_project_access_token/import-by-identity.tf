# Needs Terraform 1.12 or later, or OpenTofu 1.12 or later.
import {
  provider = gitauth
  to       = gitlab_project_access_token.ci
  identity = {
    project  = "my-group/my-project"
    token_id = 1234
  }
}
