package gitlab

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/gitauth-dev/terraform-provider-gitauth/internal/family"
	"github.com/gitauth-dev/terraform-provider-gitauth/internal/lean"
)

var _ datasource.DataSourceWithConfigure = (*projectAccessTokensDataSource)(nil)

// newProjectAccessTokensDataSource returns the gitlab_project_access_tokens data source.
func newProjectAccessTokensDataSource() datasource.DataSource {
	return &projectAccessTokensDataSource{}
}

type projectAccessTokensDataSource struct {
	data *family.Data
}

type projectAccessTokensModel struct {
	Project      types.String `tfsdk:"project"`
	State        types.String `tfsdk:"state"`
	AccessTokens types.List   `tfsdk:"access_tokens"`
}

// listedTokenModel is one element of access_tokens. The attributes the resource also has hold
// what it holds, so that they feed its arguments as they are.
type listedTokenModel struct {
	ID          types.Int64  `tfsdk:"id"`
	Project     types.String `tfsdk:"project"`
	Name        types.String `tfsdk:"name"`
	Description types.String `tfsdk:"description"`
	Scopes      types.Set    `tfsdk:"scopes"`
	AccessLevel types.String `tfsdk:"access_level"`
	ExpiresAt   types.String `tfsdk:"expires_at"`
	CreatedAt   types.String `tfsdk:"created_at"`
	LastUsedAt  types.String `tfsdk:"last_used_at"`
	Active      types.Bool   `tfsdk:"active"`
	Revoked     types.Bool   `tfsdk:"revoked"`
	UserID      types.Int64  `tfsdk:"user_id"`
}

func (d *projectAccessTokensDataSource) Metadata(_ context.Context, _ datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	// The type name is the official GitLab provider's, and does not carry the provider's prefix.
	resp.TypeName = "gitlab_project_access_tokens"
}

func (d *projectAccessTokensDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The access tokens of a GitLab project, every page of them, as GitLab lists them (by ID), " +
			"without their secret values, which GitLab shows only once. The arguments of `" + tokenTypeName + "` are " +
			"given as that resource takes them, so the list can drive `for_each` over resources and import blocks as it is.",
		Attributes: map[string]schema.Attribute{
			"project": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "The project: " + projectFormsHelp + ". Each token's `project` is written as given here, " +
					"as `" + tokenTypeName + "` takes it.",
				Validators: []validator.String{projectValidator()},
			},
			"state": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Only the tokens in this state, one of " + family.Backticked(tokenStates) + ": the " +
					"inactive ones are revoked or expired. Unset, every token. To adopt tokens, list the `active` ones: an " +
					"inactive token would be replaced by the first apply after its import.",
				Validators: []validator.String{stringvalidator.OneOf(tokenStates...)},
			},
			"access_tokens": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The tokens, by ID.",
				NestedObject:        schema.NestedAttributeObject{Attributes: listedTokenAttributes()},
			},
		},
	}
}

// listedTokenAttributes are the attributes of one token, each computed.
func listedTokenAttributes() map[string]schema.Attribute {
	str := func(description string) schema.Attribute {
		return schema.StringAttribute{Computed: true, MarkdownDescription: description}
	}
	number := func(description string) schema.Attribute {
		return schema.Int64Attribute{Computed: true, MarkdownDescription: description}
	}
	boolean := func(description string) schema.Attribute {
		return schema.BoolAttribute{Computed: true, MarkdownDescription: description}
	}
	return map[string]schema.Attribute{
		"id": number("GitLab's ID of the token: the resource's `token_id`, and the `token_id` of its identity. " +
			"Its import ID is `\"${project}:${id}\"`."),
		"project": str("The project, as `project` above gives it: the resource's `project`."),
		"name":    str("Name of the token: the resource's `name`."),
		"description": str("Description of the token, an empty string when it has none, as the resource holds it: " +
			"the resource's `description`."),
		"scopes": schema.SetAttribute{Computed: true, ElementType: types.StringType,
			MarkdownDescription: "Scopes of the token: the resource's `scopes`."},
		"access_level": str("Role of the token's bot user, by name, one of " + family.Backticked(accessLevelNames()) +
			": the resource's `access_level`. A role this provider does not know yet is GitLab's number for it."),
		"expires_at":   str("Expiry date, `YYYY-MM-DD`, or null when the token does not expire: the resource's `expires_at`."),
		"created_at":   str("When the token was created (RFC 3339)."),
		"last_used_at": str("When the token was last used (RFC 3339), or null when it never was."),
		"active":       boolean("Whether the token works: neither revoked nor expired."),
		"revoked":      boolean("Whether the token was revoked."),
		"user_id":      number("ID of the token's bot user."),
	}
}

// listedTokenType is the type of one element of access_tokens.
func listedTokenType() attr.Type {
	return schema.NestedAttributeObject{Attributes: listedTokenAttributes()}.Type()
}

func (d *projectAccessTokensDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	data, diags := family.FromProviderData(req.ProviderData)
	resp.Diagnostics.Append(diags...)
	d.data = data
}

func (d *projectAccessTokensDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m projectAccessTokensModel
	resp.Diagnostics.Append(lean.Get(ctx, req.Config, &m)...)
	client, diags := clientFrom(d.data)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	project := m.Project.ValueString()
	// The project's shared list, which the resource's reads and the list resource use too: every page,
	// 100 a page.
	tokens, err := client.ListTokensIn(ctx, project, m.State.ValueString(), -1)
	if err != nil {
		resp.Diagnostics.Append(listFailed(err, client, project))
		return
	}
	items := make([]listedTokenModel, len(tokens))
	for i, tok := range tokens {
		items[i], diags = listedToken(ctx, project, tok)
		resp.Diagnostics.Append(diags...)
	}
	m.AccessTokens, diags = types.ListValueFrom(ctx, listedTokenType(), items)
	resp.Diagnostics.Append(diags...)
	resp.Diagnostics.Append(lean.Set(ctx, &resp.State, &m)...)
}

// listedToken is tok of project as access_tokens lists it. What the resource also holds comes from
// the resource's own conversion, so that the two never differ.
func listedToken(ctx context.Context, project string, tok *Token) (listedTokenModel, diag.Diagnostics) {
	var r projectAccessTokenModel
	diags := r.setToken(ctx, project, tok)
	lastUsed := types.StringNull()
	if !tok.LastUsedAt.IsZero() {
		lastUsed = types.StringValue(rfc3339(tok.LastUsedAt))
	}
	return listedTokenModel{
		ID:          r.TokenID,
		Project:     types.StringValue(project),
		Name:        r.Name,
		Description: r.Description,
		Scopes:      r.Scopes,
		AccessLevel: r.AccessLevel,
		ExpiresAt:   r.ExpiresAt,
		CreatedAt:   r.CreatedAt,
		LastUsedAt:  lastUsed,
		Active:      r.Active,
		Revoked:     r.Revoked,
		UserID:      r.UserID,
	}, diags
}
