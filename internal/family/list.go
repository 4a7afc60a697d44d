package family

import (
	"fmt"
	"iter"

	"github.com/hashicorp/terraform-plugin-framework/list"
)

// ListResults streams the results of items, at most limit of them (all when limit is 0). When
// there are more, it first warns that only limit are listed: a result with no identity, which
// Terraform shows and does not count toward the limit. Callers fetch limit+1 items to tell.
// what names the items, such as "active tokens in GitLab project demo/app".
func ListResults[T any](items []T, limit int64, what string, result func(T) list.ListResult) iter.Seq[list.ListResult] {
	return func(push func(list.ListResult) bool) {
		if limit > 0 && int64(len(items)) > limit {
			var warning list.ListResult
			warning.Diagnostics.AddWarning("More results than the limit",
				fmt.Sprintf("There are more than %d %s: only the first %d are listed, and only they get configuration "+
					"from -generate-config-out. Raise the list block's limit (100 by default) to list them all.",
					limit, what, limit))
			if !push(warning) {
				return
			}
			items = items[:limit]
		}
		for _, item := range items {
			if !push(result(item)) {
				return
			}
		}
	}
}
