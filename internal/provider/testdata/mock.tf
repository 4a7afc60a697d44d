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

provider "gitauth" {
  gitlab {
    base_url = "${var.mock_url}/gitlab/api/v4"
    token    = "mock-gitlab-token"
  }
  servicestage {
    endpoint   = var.mock_url
    auth_token = "mock-iam-token"
    project_id = "0123456789abcdef0123456789abcdef"
  }
}
