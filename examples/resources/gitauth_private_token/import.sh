# The ID is <name>, for an authorization in the provider's project:
terraform import gitauth_private_token.github ci-github
# or <project_id>/<name>:
terraform import gitauth_private_token.github 0123456789abcdef0123456789abcdef/ci-github
# ServiceStage never returns the token or the host, so the first plan after the
# import takes them from the configuration into state without a call, and warns
# that the token was not checked.
