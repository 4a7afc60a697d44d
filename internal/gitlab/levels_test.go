package gitlab_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/gitauth-dev/terraform-provider-gitauth/internal/dev/mockapi"
	"github.com/gitauth-dev/terraform-provider-gitauth/internal/gitlab"
)

// The provider's lists follow GitLab's, as the mock holds them.
func TestScopesAndAccessLevelsFollowGitLab(t *testing.T) {
	if !slices.Equal(slices.Sorted(slices.Values(gitlab.Scopes)), slices.Sorted(slices.Values(mockapi.GitLabScopes))) {
		t.Errorf("scopes differ:\nprovider %v\nGitLab   %v", gitlab.Scopes, mockapi.GitLabScopes)
	}
	if got := gitlab.AccessLevelValues(); fmt.Sprint(got) != fmt.Sprint(mockapi.GitLabAccessLevels) {
		t.Errorf("access levels differ: provider %v, GitLab %v", got, mockapi.GitLabAccessLevels)
	}
}
