package servicestage

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"

	"github.com/gitauth-dev/terraform-provider-gitauth/internal/dev/acctest/models"
)

func TestModelsMoveAsTheFrameworkMovesThem(t *testing.T) {
	ctx := context.Background()
	var resp resource.SchemaResponse
	(&privateTokenResource{}).Schema(ctx, resource.SchemaRequest{}, &resp)
	models.Check(t, tfsdk.State{Schema: resp.Schema}, func() any { return &privateTokenModel{} })
	var data datasource.SchemaResponse
	(&authorizationsDataSource{}).Schema(ctx, datasource.SchemaRequest{}, &data)
	models.Check(t, tfsdk.State{Schema: data.Schema}, func() any { return &authorizationsModel{} })
	var identity resource.IdentitySchemaResponse
	(&privateTokenResource{}).IdentitySchema(ctx, resource.IdentitySchemaRequest{}, &identity)
	models.Check(t, tfsdk.State{Schema: identity.IdentitySchema}, func() any { return &authorizationIdentity{} })
}

// Each detail of an authorization, a field of details, has a description, and nothing else has one.
func TestEveryDetailIsDescribed(t *testing.T) {
	if len(detailTypes) != len(detailDescriptions) {
		t.Errorf("%d details, %d descriptions", len(detailTypes), len(detailDescriptions))
	}
	for name := range detailTypes {
		if detailDescriptions[name] == "" {
			t.Errorf("detail %s has no description", name)
		}
	}
}
