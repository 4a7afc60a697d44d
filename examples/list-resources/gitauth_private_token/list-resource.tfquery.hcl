# The private token authorizations for GitHub in the provider's project whose
# names start with ci-, with the state an import gives them.
list "gitauth_private_token" "ci" {
  provider         = gitauth # every list block names its provider
  include_resource = true

  config {
    repo_type  = "github"
    name_regex = "^ci-"
  }
}
