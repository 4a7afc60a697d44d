package gitlab

import (
	"context"
	"strconv"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/gitauth-dev/terraform-provider-gitauth/internal/dev/acctest/models"
)

// FuzzImportID imports any ID: never a panic, and an ID taken in is exactly <project>:<token_id>.
func FuzzImportID(f *testing.F) {
	for _, id := range []string{"demo/app:42", "1:42", "demo%2Fapp:42", ":42", "demo/app:", "demo/app:-1", "a:b:3",
		"demo/app:042", "demo/app:99999999999999999999", " demo/app:42", "ü/ä:1"} {
		f.Add(id)
	}
	ctx := context.Background()
	f.Fuzz(func(t *testing.T, id string) {
		resp := models.Import(&projectAccessTokenResource{}, id)
		if resp.Diagnostics.HasError() {
			return
		}
		var project, stateID types.String
		var tokenID types.Int64
		resp.Diagnostics.Append(resp.State.GetAttribute(ctx, path.Root("id"), &stateID)...)
		resp.Diagnostics.Append(resp.State.GetAttribute(ctx, path.Root("project"), &project)...)
		resp.Diagnostics.Append(resp.State.GetAttribute(ctx, path.Root("token_id"), &tokenID)...)
		back := project.ValueString() + ":" + strconv.FormatInt(tokenID.ValueInt64(), 10)
		if resp.Diagnostics.HasError() || back != id || stateID.ValueString() != id {
			t.Fatalf("import %q took in project %q, token %d, id %q: %v", id, project.ValueString(), tokenID.ValueInt64(),
				stateID.ValueString(), resp.Diagnostics)
		}
	})
}
