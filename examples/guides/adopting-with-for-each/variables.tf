variable "gitlab_projects" {
  description = "The GitLab projects whose active tokens to adopt."
  type        = set(string)
  default     = ["my-group/my-project"]
}

variable "adopted" {
  description = <<-EOT
    What Terraform manages, frozen after the adoption run (terraform output
    -json frozen > adopted.auto.tfvars.json); null while adopting, when the
    data sources say what exists.
  EOT
  type = object({
    gitlab_tokens = map(object({
      project      = string
      name         = string
      description  = string
      scopes       = set(string)
      access_level = string
      expires_at   = string
    }))
    authorizations = map(object({
      repo_type = string
    }))
  })
  default = null
}
