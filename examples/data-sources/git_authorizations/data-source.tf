# Every authorization of the provider's project (servicestage.project_id),
# whatever its kind: private token, OAuth or password.
data "git_authorizations" "all" {
  provider = gitauth # the type does not start with gitauth_
}

# The GitHub authorizations of one project whose names start with ci- and
# whose status is normal.
data "git_authorizations" "ci_github" {
  provider = gitauth

  project_id  = "0123456789abcdef0123456789abcdef"
  repo_type   = "github" # in any case: "GitHub" works too
  name_regex  = "^ci-"
  status_text = "normal"
}

output "ci_github" {
  value = {
    for a in data.git_authorizations.ci_github.authorizations :
    a.name => { kind = a.token_type, user = a.repo_user, created_at = a.created_at }
  }
}

output "authorization_count" {
  description = "How many authorizations the provider's project has."
  value       = data.git_authorizations.all.total
}
