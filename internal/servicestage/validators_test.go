package servicestage

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// stringValidated is a string attribute of any of the framework's schemas.
type stringValidated interface{ StringValidators() []validator.String }

// validators are the validators of each string argument of this family's types and provider
// block, by "<type>.<argument>".
func validators(t *testing.T) map[string][]validator.String {
	t.Helper()
	ctx := context.Background()
	out := map[string][]validator.String{}
	var rs resource.SchemaResponse
	NewPrivateTokenResource().Schema(ctx, resource.SchemaRequest{}, &rs)
	for name, a := range rs.Schema.Attributes {
		if s, ok := a.(stringValidated); ok {
			out["gitauth_private_token."+name] = s.StringValidators()
		}
	}
	var ds datasource.SchemaResponse
	NewAuthorizationsDataSource().Schema(ctx, datasource.SchemaRequest{}, &ds)
	for name, a := range ds.Schema.Attributes {
		if s, ok := a.(stringValidated); ok {
			out["git_authorizations."+name] = s.StringValidators()
		}
	}
	block := Family{}.Block().(schema.SingleNestedBlock)
	for name, a := range block.Attributes {
		if s, ok := a.(stringValidated); ok {
			out["servicestage."+name] = s.StringValidators()
		}
	}
	return out
}

// Each argument's validators take what ServiceStage takes and refuse, at plan time, what it
// would refuse or misread, on their own: not only through the provider's bad-input table.
func TestValidatorsOfEachArgument(t *testing.T) {
	const good = "0123456789abcdef0123456789abcdef"
	cases := map[string]struct{ valid, invalid []string }{
		"gitauth_private_token.project_id": {
			[]string{good},
			[]string{"0123", good + "0", strings.ToUpper(good), " " + good, "0123456789abcdef0123456789abcdeg", ""},
		},
		"git_authorizations.project_id": {[]string{good}, []string{"0123", strings.ToUpper(good), good + "\n"}},
		// Blank counts as unset in the provider block.
		"servicestage.project_id":         {[]string{good, "", "  "}, []string{"0123", strings.ToUpper(good)}},
		"servicestage.region":             {[]string{"cn-north-4", "eu-west-101", ""}, []string{"Beijing", "CN-NORTH-4", "cn-north"}},
		"gitauth_private_token.name":      {[]string{"ci-1", "a.b_c-d", strings.Repeat("x", 63)}, []string{"abc", "a b c d", "ci/1", strings.Repeat("x", 64)}},
		"gitauth_private_token.repo_type": {[]string{"github", "gitlab"}, []string{"GitHub", "gitee", "bitbucket", ""}},
		"gitauth_private_token.host": {
			[]string{"https://github.com/my-org", "https://192.168.1.1:8080/gitlab", "http://gitlab.example.com"},
			[]string{"github.com/my-org", "ftp://gitlab.example.com", " https://github.com/my-org", "https://github.com/?x=1",
				"https://github.com/my-org#x", "https://u:p@gitlab.example.com"},
		},
		"gitauth_private_token.token":    {[]string{"ghp_x", "a b"}, []string{"", " ", "ghp_x\n", " ghp_x", "\u200b"}},
		"gitauth_private_token.token_wo": {[]string{"glpat-x"}, []string{"", "glpat-x\n"}},
		// Lists have spelt repository types in either case.
		"git_authorizations.repo_type":   {[]string{"github", "GitHub", "BITBUCKET", "devcloud"}, []string{"svn", ""}},
		"git_authorizations.name_regex":  {[]string{"^ci-", "(?i)x"}, []string{"(", "a{2,1}"}},
		"git_authorizations.status_text": {[]string{"normal", "Overdue", "unauthenticated"}, []string{"expired", "0"}},
	}
	all := validators(t)
	for attr, c := range cases {
		vs, ok := all[attr]
		if !ok || len(vs) == 0 {
			t.Errorf("%s has no validators", attr)
			continue
		}
		for _, value := range c.valid {
			if problems := validate(vs, attr, value); problems != "" {
				t.Errorf("%s = %q refused: %s", attr, value, problems)
			}
		}
		for _, value := range c.invalid {
			if validate(vs, attr, value) == "" {
				t.Errorf("%s = %q accepted", attr, value)
			}
		}
	}
}

// validate runs vs on value and returns their errors, or "" when they take it.
func validate(vs []validator.String, attr, value string) string {
	var errs []string
	for _, v := range vs {
		var resp validator.StringResponse
		v.ValidateString(context.Background(), validator.StringRequest{Path: path.Root(attr), ConfigValue: types.StringValue(value)}, &resp)
		for _, d := range resp.Diagnostics.Errors() {
			errs = append(errs, d.Detail())
		}
	}
	return strings.Join(errs, "; ")
}
