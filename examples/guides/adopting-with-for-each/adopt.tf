# While adopting (var.adopted is null): every active token of the projects,
# and every authorization of the provider's ServiceStage project.
data "gitlab_project_access_tokens" "adopt" {
  for_each = var.adopted == null ? var.gitlab_projects : []
  provider = gitauth # the type does not start with gitauth_

  project = each.key
  state   = "active"
}

data "git_authorizations" "adopt" {
  count    = var.adopted == null ? 1 : 0
  provider = gitauth
}

locals {
  found = {
    # Keyed by token ID, unique across GitLab: GitLab allows several tokens of
    # one name, a project given twice (by path and by ID) still gives each
    # token once, and a token rotated outside Terraform leaves its key while its
    # successor comes in under a new one.
    gitlab_tokens = merge([
      for d in data.gitlab_project_access_tokens.adopt : {
        for t in d.access_tokens : tostring(t.id) => {
          project      = t.project
          name         = t.name
          description  = t.description
          scopes       = t.scopes
          access_level = t.access_level
          expires_at   = t.expires_at
        }
      }
    ]...)
    # The private tokens of GitHub and GitLab: what gitauth_private_token
    # manages. OAuth and password authorizations stay out.
    authorizations = {
      for a in try(data.git_authorizations.adopt[0].authorizations, []) :
      a.name => { repo_type = lower(a.repo_type) }
      if a.token_type == "personal" && contains(["github", "gitlab"], lower(a.repo_type))
    }
  }
  adopted = var.adopted != null ? var.adopted : local.found
}

import {
  for_each = local.adopted.gitlab_tokens
  provider = gitauth # OpenTofu takes an import block's provider from the block
  to       = gitlab_project_access_token.adopted[each.key]
  id       = "${each.value.project}:${each.key}"
}

import {
  for_each = local.adopted.authorizations
  to       = gitauth_private_token.adopted[each.key]
  id       = each.key
}

# What to freeze once adopted: terraform output -json frozen >
# adopted.auto.tfvars.json
output "frozen" {
  value = { adopted = local.adopted }
}
