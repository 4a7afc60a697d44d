# Needs Terraform 1.12 or later, or OpenTofu 1.12 or later.
import {
  to = gitauth_private_token.github
  identity = {
    project_id = "0123456789abcdef0123456789abcdef" # optional: the provider's project
    name       = "ci-github"
  }
}
