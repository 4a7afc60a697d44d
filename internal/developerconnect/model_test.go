package developerconnect

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"

	"github.com/gitauth-dev/terraform-provider-gitauth/internal/dev/acctest/models"
)

func TestModelMovesAsTheFrameworkMovesIt(t *testing.T) {
	var resp ephemeral.SchemaResponse
	(&readTokenEphemeralResource{}).Schema(context.Background(), ephemeral.SchemaRequest{}, &resp)
	models.Check(t, tfsdk.State{Schema: resp.Schema}, func() any { return &readTokenModel{} })
}
