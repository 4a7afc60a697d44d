package family

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
)

// importKey is the private state key where an import notes how the user named the object, so
// that the read which follows answers in the user's own terms.
const importKey = "import"

// NoteImport notes in the import's private state whether it named the object by identity (an
// import block's identity, a generated file) or by ID.
func NoteImport(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) diag.Diagnostics {
	form := `"id"`
	if ByIdentity(req) {
		form = `"identity"`
	}
	return resp.Private.SetKey(ctx, importKey, []byte(form))
}

// ByIdentity reports whether an import names its object by identity.
func ByIdentity(req resource.ImportStateRequest) bool {
	return req.ID == "" && req.Identity != nil
}

// ImportedByIdentity reports whether the object being read was imported by identity, and clears
// the note: it is for the read that follows the import only.
func ImportedByIdentity(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) bool {
	form, _ := req.Private.GetKey(ctx, importKey)
	if form != nil {
		resp.Private.SetKey(ctx, importKey, nil)
	}
	return string(form) == `"identity"`
}
