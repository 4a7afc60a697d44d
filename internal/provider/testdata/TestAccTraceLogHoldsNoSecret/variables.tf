# Shared by every workspace of TestAccTraceLogHoldsNoSecret, which sets each variable through
# TF_VAR_*. Secrets reach the provider as its settings, as literals would, but are never written
# in the configuration: terraform show -json prints every literal argument, sensitive ones included.

terraform {
  required_providers {
    gitauth = {
      source = "gitauth-dev/gitauth"
    }
  }
}

variable "mock_url" {
  type = string
}

variable "key_file" {
  description = "The path of the mock service account's key file."
  type        = string
}

variable "token_in_state" {
  description = "The token of a gitauth_private_token argument, which Terraform keeps in state."
  type        = string
  sensitive   = true
}

# The secrets that must never be stored: ephemeral, so that no plan or state holds them.

variable "gitlab_token" {
  type      = string
  ephemeral = true
}

variable "iam_token" {
  type      = string
  ephemeral = true
}

variable "access_key" {
  type      = string
  ephemeral = true
}

variable "secret_key" {
  type      = string
  ephemeral = true
}

variable "temporary_access_key" {
  type      = string
  ephemeral = true
}

variable "temporary_secret_key" {
  type      = string
  ephemeral = true
}

variable "security_token" {
  type      = string
  ephemeral = true
}

variable "google_access_token" {
  type      = string
  ephemeral = true
}

variable "google_credentials" {
  description = "The mock service account's key file, as JSON."
  type        = string
  ephemeral   = true
}

variable "write_only_token" {
  type      = string
  ephemeral = true
}

# Wrong credentials, which the mock refuses.

variable "wrong_gitlab_token" {
  type      = string
  ephemeral = true
}

variable "wrong_iam_token" {
  type      = string
  ephemeral = true
}

variable "wrong_secret_key" {
  type      = string
  ephemeral = true
}

variable "wrong_google_access_token" {
  type      = string
  ephemeral = true
}

variable "google_token_without_permission" {
  type      = string
  ephemeral = true
}

variable "authorized_user" {
  description = "An authorized user's credentials, as gcloud writes them, whose refresh token the mock refuses."
  type        = string
  ephemeral   = true
}

variable "not_a_key_file" {
  description = "A token given as credentials, which is neither a key file nor the path of one."
  type        = string
  ephemeral   = true
}
