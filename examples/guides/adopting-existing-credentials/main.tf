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
