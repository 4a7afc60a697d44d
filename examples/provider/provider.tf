terraform {
  required_providers {
    gitauth = {
      source = "gitauth-dev/gitauth"
    }
  }
}

# Each block is needed only by the types of its family, and every setting can
# come from the environment instead: GITLAB_TOKEN, HW_ACCESS_KEY, GOOGLE_CREDENTIALS...
provider "gitauth" {
  gitlab {
    base_url = "https://gitlab.example.com/api/v4"
    # token is read from GITLAB_TOKEN.
  }
}
