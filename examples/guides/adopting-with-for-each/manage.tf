resource "gitlab_project_access_token" "adopted" {
  for_each = local.adopted.gitlab_tokens
  provider = gitauth

  project      = each.value.project
  name         = each.value.name
  description  = each.value.description
  scopes       = each.value.scopes
  access_level = each.value.access_level
  expires_at   = each.value.expires_at
}

# Neither token nor token_wo: each authorization keeps the token it holds.
resource "gitauth_private_token" "adopted" {
  for_each = local.adopted.authorizations

  name      = each.key
  repo_type = each.value.repo_type
}
