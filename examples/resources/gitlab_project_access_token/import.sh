# The ID is <project>:<token_id>, with the project as written in the configuration
# (numeric ID or full path). GitLab never shows a token's value again, so an
# imported token has no `token` until it is rotated.
terraform import gitlab_project_access_token.ci my-group/my-project:1234
