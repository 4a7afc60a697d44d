package gitlab

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"

	"github.com/gitauth-dev/terraform-provider-gitauth/internal/dev/acctest/models"
)

func TestModelMovesAsTheFrameworkMovesIt(t *testing.T) {
	var resp resource.SchemaResponse
	(&projectAccessTokenResource{}).Schema(context.Background(), resource.SchemaRequest{}, &resp)
	models.Check(t, tfsdk.State{Schema: resp.Schema}, func() any { return &projectAccessTokenModel{} })
	var identity resource.IdentitySchemaResponse
	(&projectAccessTokenResource{}).IdentitySchema(context.Background(), resource.IdentitySchemaRequest{}, &identity)
	models.Check(t, tfsdk.State{Schema: identity.IdentitySchema}, func() any { return &tokenIdentity{} })
}
