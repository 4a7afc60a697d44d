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

  servicestage {
    region     = "cn-north-4"
    project_id = "0123456789abcdef0123456789abcdef"
    # access_key and secret_key are read from HW_ACCESS_KEY and HW_SECRET_KEY
    # (or auth_token from HW_AUTH_TOKEN; when both are set, the access key wins).
  }

  developerconnect {
    credentials = "/secrets/terraform-sa.json" # a service account key file, or its JSON
    # An access token in GOOGLE_OAUTH_ACCESS_TOKEN wins over credentials; with
    # neither, application default credentials are used.
  }
}
