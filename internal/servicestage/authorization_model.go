package servicestage

import (
	"context"
	"reflect"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/gitauth-dev/terraform-provider-gitauth/internal/family"
)

// details are what the API says of an authorization, in both the resource and the data source.
type details struct {
	RepoHost   types.String `tfsdk:"repo_host"`
	RepoHome   types.String `tfsdk:"repo_home"`
	RepoUser   types.String `tfsdk:"repo_user"`
	Avatar     types.String `tfsdk:"avatar"`
	TokenType  types.String `tfsdk:"token_type"`
	CreatedAt  types.String `tfsdk:"created_at"`
	UpdatedAt  types.String `tfsdk:"updated_at"`
	Status     types.Int64  `tfsdk:"status"`
	StatusText types.String `tfsdk:"status_text"`
}

// detailDescriptions describe the details; both schemas are built from it and detailTypes.
var detailDescriptions = map[string]string{
	"repo_host": "API host of the repository service, such as `https://api.github.com`.",
	"repo_home": "Home page of the repository user, such as `https://github.com/my-org`.",
	"repo_user": "Repository user the token belongs to.",
	"avatar":    "Avatar URL of `repo_user` (the API's `avartar`).",
	"token_type": "Kind of authorization: `personal` (a private token), `oauth` or `password`. " +
		"`gitauth_private_token` manages only `personal` ones.",
	"created_at":  "When the authorization was created (RFC 3339).",
	"updated_at":  "When the authorization was last updated (RFC 3339).",
	"status":      "Status number as the API gives it: 0, 1 or 2.",
	"status_text": "Status: one of " + family.Backticked(StatusTexts) + " (0, 1 and 2).",
}

// detailTypes are the details' attribute types, for the data source's objects, read from the
// fields of details: the struct is the one list of details, which detailDescriptions describes
// (TestEveryDetailIsDescribed).
var detailTypes = func() map[string]attr.Type {
	out := map[string]attr.Type{}
	t := reflect.TypeFor[details]()
	for i := range t.NumField() {
		value, _ := reflect.Zero(t.Field(i).Type).Interface().(attr.Value)
		out[t.Field(i).Tag.Get("tfsdk")] = value.Type(context.Background())
	}
	return out
}()

func newDetails(a *Authorization) details {
	return details{
		RepoHost:   types.StringValue(a.RepoHost),
		RepoHome:   types.StringValue(a.RepoHome),
		RepoUser:   types.StringValue(a.RepoUser),
		Avatar:     types.StringValue(a.Avatar),
		TokenType:  types.StringValue(a.TokenType),
		CreatedAt:  types.StringValue(rfc3339(a.CreateTime)),
		UpdatedAt:  types.StringValue(rfc3339(a.UpdateTime)),
		Status:     types.Int64Value(a.Status),
		StatusText: types.StringValue(statusText(a.Status)),
	}
}

// rfc3339 formats milliseconds since the epoch.
func rfc3339(ms int64) string {
	return time.UnixMilli(ms).UTC().Format(time.RFC3339)
}
