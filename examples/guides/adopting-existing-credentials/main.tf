terraform {
  required_providers {
    gitauth = {
      source = "gitauth-dev/gitauth"
    }
  }
}

provider "gitauth" {
  gitlab {
    base_url = "https://gitlab.example.com/api/v4"
  }
  servicestage {
    region     = "cn-north-4"
    project_id = "0123456789abcdef0123456789abcdef"
  }
}

# The token each adopted authorization is to hold, which ServiceStage never
# returns: given to every command (terraform query too), as
# TF_VAR_repository_token, never stored.
variable "repository_token" {
  type      = string
  sensitive = true
  ephemeral = true
}
