import {
  to = gitauth_private_token.github
  id = "0123456789abcdef0123456789abcdef/ci-github"
}
