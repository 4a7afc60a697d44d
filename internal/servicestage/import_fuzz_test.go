package servicestage

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/gitauth-dev/terraform-provider-gitauth/internal/dev/acctest/models"
)

// FuzzImportID imports any ID: never a panic, and an ID taken in is exactly <name> or
// <project_id>/<name>.
func FuzzImportID(f *testing.F) {
	for _, id := range []string{"ci", "0123456789abcdef0123456789abcdef/ci", "/ci", "ci/", "a/b/c", "0123456789ABCDEF0123456789ABCDEF/ci",
		"-ci", "ci token", "ü", ""} {
		f.Add(id)
	}
	ctx := context.Background()
	f.Fuzz(func(t *testing.T, id string) {
		resp := models.Import(&privateTokenResource{}, id)
		if resp.Diagnostics.HasError() {
			return
		}
		var project, name types.String
		resp.Diagnostics.Append(resp.State.GetAttribute(ctx, path.Root("project_id"), &project)...)
		resp.Diagnostics.Append(resp.State.GetAttribute(ctx, path.Root("name"), &name)...)
		back := name.ValueString()
		if !project.IsNull() {
			back = project.ValueString() + "/" + back
		}
		if resp.Diagnostics.HasError() || back != id {
			t.Fatalf("import %q took in project %s and name %s: %v", id, project, name, resp.Diagnostics)
		}
	})
}
