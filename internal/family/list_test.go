package family_test

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/list"

	"github.com/gitauth-dev/terraform-provider-gitauth/internal/family"
)

// Past the limit, the stream says so first, in a warning with no identity (which Terraform does not
// count toward the limit), then gives limit results; within it, every result and no warning.
func TestListResultsWarnsPastTheLimit(t *testing.T) {
	for _, c := range []struct {
		items, limit int64
		want         []string
	}{
		{items: 3, limit: 2, want: []string{"warning: More results than the limit", "0", "1"}},
		{items: 2, limit: 2, want: []string{"0", "1"}},
		{items: 2, limit: 0, want: []string{"0", "1"}},
		{items: 0, limit: 100, want: nil},
	} {
		items := make([]int64, c.items)
		for i := range items {
			items[i] = int64(i)
		}
		var got []string
		for r := range family.ListResults(items, c.limit, "tokens", func(i int64) list.ListResult {
			return list.ListResult{DisplayName: fmt.Sprint(i)}
		}) {
			if len(r.Diagnostics) > 0 {
				if r.DisplayName != "" || r.Identity != nil || r.Diagnostics.HasError() {
					t.Errorf("the warning result is %+v", r)
				}
				got = append(got, "warning: "+r.Diagnostics[0].Summary())
				continue
			}
			got = append(got, r.DisplayName)
		}
		if fmt.Sprint(got) != fmt.Sprint(c.want) {
			t.Errorf("%d items, limit %d: got %q, want %q", c.items, c.limit, got, c.want)
		}
	}
}
