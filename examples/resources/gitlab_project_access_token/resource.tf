# A clone token for CI that the provider rotates a week before it expires.
resource "gitlab_project_access_token" "ci" {
  provider = gitauth # the type does not start with gitauth_

  project      = "my-group/my-project"
  name         = "ci-clone"
  description  = "Read-only clone token for CI"
  scopes       = ["read_repository"]
  access_level = "reporter"

  rotation_configuration = {
    expiration_days    = 30
    rotate_before_days = 7
  }
}

# A token with a fixed expiry date; changing the date rotates the token.
resource "gitlab_project_access_token" "release" {
  provider = gitauth

  project    = "42"
  name       = "release"
  scopes     = ["api", "write_repository"]
  expires_at = "2027-06-30"
}
