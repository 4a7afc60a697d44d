terraform {
  required_providers {
    gitauth = {
      source = "gitauth-dev/gitauth"
    }
  }
}

# Every access token of a project, active or not, without their values.
data "gitlab_project_access_tokens" "all" {
  provider = gitauth # the type does not start with gitauth_

  project = "my-group/my-project"
}

output "never_used" {
  description = "The tokens of the project that were never used."
  value = [
    for t in data.gitlab_project_access_tokens.all.access_tokens :
    "${t.name} (${t.id})" if t.last_used_at == null
  ]
}

# Adopting the active tokens of a project: the values feed the resource as they
# are. Keyed by ID, as GitLab allows several tokens of one name.
data "gitlab_project_access_tokens" "active" {
  provider = gitauth

  project = "my-group/my-project"
  state   = "active"
}

locals {
  adopted = { for t in data.gitlab_project_access_tokens.active.access_tokens : t.id => t }
}

import {
  for_each = local.adopted
  provider = gitauth # OpenTofu takes an import block's provider from the block alone
  to       = gitlab_project_access_token.adopted[each.key]
  id       = "${each.value.project}:${each.value.id}"
}

resource "gitlab_project_access_token" "adopted" {
  for_each = local.adopted
  provider = gitauth

  project      = each.value.project
  name         = each.value.name
  description  = each.value.description
  scopes       = each.value.scopes
  access_level = each.value.access_level
  expires_at   = each.value.expires_at
}
