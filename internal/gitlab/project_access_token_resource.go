package gitlab

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/resourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/setplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/gitauth-dev/terraform-provider-gitauth/internal/family"
	"github.com/gitauth-dev/terraform-provider-gitauth/internal/lean"
)

var (
	_ resource.ResourceWithConfigure        = (*projectAccessTokenResource)(nil)
	_ resource.ResourceWithImportState      = (*projectAccessTokenResource)(nil)
	_ resource.ResourceWithModifyPlan       = (*projectAccessTokenResource)(nil)
	_ resource.ResourceWithConfigValidators = (*projectAccessTokenResource)(nil)
	_ resource.ResourceWithValidateConfig   = (*projectAccessTokenResource)(nil)
)

// tokenTypeName is fixed by our users, and does not carry the provider's prefix.
const tokenTypeName = "gitlab_project_access_token"

// newProjectAccessTokenResource returns the gitlab_project_access_token resource.
func newProjectAccessTokenResource() resource.Resource {
	return &projectAccessTokenResource{}
}

type projectAccessTokenResource struct {
	data *family.Data
}

type projectAccessTokenModel struct {
	ID                    types.String `tfsdk:"id"`
	Project               types.String `tfsdk:"project"`
	Name                  types.String `tfsdk:"name"`
	Description           types.String `tfsdk:"description"`
	Scopes                types.Set    `tfsdk:"scopes"`
	AccessLevel           types.String `tfsdk:"access_level"`
	ExpiresAt             types.String `tfsdk:"expires_at"`
	RotationConfiguration types.Object `tfsdk:"rotation_configuration"`
	TokenID               types.Int64  `tfsdk:"token_id"`
	Token                 types.String `tfsdk:"token"`
	UserID                types.Int64  `tfsdk:"user_id"`
	Active                types.Bool   `tfsdk:"active"`
	Revoked               types.Bool   `tfsdk:"revoked"`
	CreatedAt             types.String `tfsdk:"created_at"`
}

// rotationModel is rotation_configuration. Its day counts are numbers, checked to be whole by
// [family.WholeNumber].
type rotationModel struct {
	ExpirationDays   types.Number `tfsdk:"expiration_days"`
	RotateBeforeDays types.Number `tfsdk:"rotate_before_days"`
}

const maxExpirationDays = 365

func (r *projectAccessTokenResource) Metadata(_ context.Context, _ resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = tokenTypeName
	// A rotation gives the token a new ID, and so a new identity.
	resp.ResourceBehavior.MutableIdentity = true
}

func (r *projectAccessTokenResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	replace := []planmodifier.String{stringplanmodifier.RequiresReplace()}
	keepString := []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
	days := func(description string, least int64) schema.NumberAttribute {
		return schema.NumberAttribute{
			Required:            true,
			WriteOnly:           true,
			MarkdownDescription: description,
			Validators:          []validator.Number{family.WholeNumber(least, maxExpirationDays, "days")},
		}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "A GitLab project access token. Changing `expires_at`, or a rotation that falls due under " +
			"`rotation_configuration`, rotates the token in place; any other change replaces it.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "`<project>:<token_id>`. It changes when the token is rotated.",
				PlanModifiers:       keepString,
			},
			"project": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "The project: " + projectFormsHelp + ". Changing it to another project replaces the " +
					"token; writing the same project in its other form (its ID for its path, say, after an import) changes " +
					"nothing, as GitLab confirms when planning.",
				Validators: []validator.String{projectValidator()},
				// No plan modifier: ModifyPlan asks GitLab whether a changed project is another one.
			},
			"name": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "Name of the token, 1 to 255 characters, not only spaces. GitLab allows several tokens of one name.",
				Validators: []validator.String{
					stringvalidator.UTF8LengthBetween(1, 255),
					family.NotBlank(),
				},
				PlanModifiers: replace,
			},
			"description": schema.StringAttribute{
				Optional:            true,
				Computed:            true,
				Default:             stringdefault.StaticString(""),
				MarkdownDescription: "Description of the token.",
				PlanModifiers:       replace,
			},
			"scopes": schema.SetAttribute{
				Required:            true,
				ElementType:         types.StringType,
				MarkdownDescription: "Scopes of the token, at least one of " + family.Backticked(Scopes) + ".",
				Validators: []validator.Set{
					setvalidator.SizeAtLeast(1),
					setvalidator.ValueStringsAre(stringvalidator.OneOf(Scopes...)),
				},
				PlanModifiers: []planmodifier.Set{setplanmodifier.RequiresReplace()},
			},
			"access_level": schema.StringAttribute{
				Optional: true,
				Computed: true,
				Default:  stringdefault.StaticString(defaultAccessLevel),
				MarkdownDescription: "Role of the token's bot user in the project: one of " + family.Backticked(accessLevelNames()) +
					". Defaults to `" + defaultAccessLevel + "`.",
				Validators:    []validator.String{stringvalidator.OneOf(accessLevelNames()...)},
				PlanModifiers: replace,
			},
			"expires_at": schema.StringAttribute{
				Optional: true,
				Computed: true,
				MarkdownDescription: fmt.Sprintf("Expiry date, `YYYY-MM-DD`. A token to be created or rotated needs a date "+
					"after today and at most %d days ahead (GitLab's limit); an existing token's date is never checked, "+
					"so refresh, import and destroy work whatever the date. Changing it rotates the token. "+
					"Set it or `rotation_configuration`, not both; with the latter, the provider sets it. Only a token "+
					"GitLab shows without an expiry date, once imported, may have neither.", maxExpirationDays),
				Validators: []validator.String{calendarDate{}},
			},
			"rotation_configuration": schema.SingleNestedAttribute{
				Optional:  true,
				WriteOnly: true,
				MarkdownDescription: "Let the provider pick the expiry date and rotate the token when it falls due. " +
					"Whether a rotation is due is decided when planning, and the new date is picked once, when applying: " +
					"today plus `expiration_days`. This policy is read from the configuration at every plan and never " +
					"stored in state, so changing it alone changes no token, and an imported token plans no change.",
				Attributes: map[string]schema.Attribute{
					"expiration_days": days(fmt.Sprintf("Days from the day of creation or rotation to expiry, "+
						"a whole number from 1 to %d.", maxExpirationDays), 1),
					"rotate_before_days": days("Rotate when the token expires within this many days. "+
						"A whole number, at least 1 and less than `expiration_days`.", 1),
				},
			},
			"token_id": schema.Int64Attribute{
				Computed:            true,
				MarkdownDescription: "GitLab's ID of the token. It changes when the token is rotated.",
				PlanModifiers:       []planmodifier.Int64{int64planmodifier.UseStateForUnknown()},
			},
			"token": schema.StringAttribute{
				Computed:  true,
				Sensitive: true,
				MarkdownDescription: "The token's secret value. GitLab shows it only on creation and rotation, " +
					"so it is empty after an import.",
				PlanModifiers: keepString,
			},
			"user_id": schema.Int64Attribute{
				Computed:            true,
				MarkdownDescription: "ID of the token's bot user.",
				PlanModifiers:       []planmodifier.Int64{int64planmodifier.UseStateForUnknown()},
			},
			"active": schema.BoolAttribute{
				Computed:            true,
				MarkdownDescription: "Whether the token works: neither revoked nor expired. An inactive token is replaced.",
			},
			"revoked": schema.BoolAttribute{
				Computed:            true,
				MarkdownDescription: "Whether the token was revoked. A revoked token is replaced.",
			},
			"created_at": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "When the current token was created (RFC 3339).",
				PlanModifiers:       keepString,
			},
		},
	}
}

func (r *projectAccessTokenResource) ConfigValidators(context.Context) []resource.ConfigValidator {
	return []resource.ConfigValidator{
		// Neither is checked when planning: a token GitLab shows without an expiry may have neither.
		resourcevalidator.Conflicting(path.MatchRoot("expires_at"), path.MatchRoot("rotation_configuration")),
	}
}

func (r *projectAccessTokenResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	rot, diags := configuredRotation(ctx, req.Config)
	resp.Diagnostics.Append(diags...)
	if rot == nil {
		return
	}
	expiration, rotateBefore := rot.days()
	if expiration > 0 && rotateBefore >= expiration {
		resp.Diagnostics.AddAttributeError(path.Root("rotation_configuration").AtName("rotate_before_days"),
			"Rotation would never settle",
			fmt.Sprintf("rotation_configuration.rotate_before_days (%d) must be less than expiration_days (%d), "+
				"or every plan would rotate the token again.", rotateBefore, expiration))
	}
}

// configuredRotation returns the configured rotation, or nil when it is not set or not yet fully
// known. It is write-only: read it from the configuration, never from plan or state. Only this
// attribute is read: reading the whole model costs much more, on every plan of every token.
func configuredRotation(ctx context.Context, config tfsdk.Config) (*rotationModel, diag.Diagnostics) {
	var obj types.Object
	diags := config.GetAttribute(ctx, path.Root("rotation_configuration"), &obj)
	if obj.IsNull() || obj.IsUnknown() {
		return nil, diags
	}
	var rot rotationModel
	diags.Append(obj.As(ctx, &rot, struct{ UnhandledNullAsEmpty, UnhandledUnknownAsEmpty bool }{})...)
	if rot.ExpirationDays.IsUnknown() || rot.RotateBeforeDays.IsUnknown() {
		return nil, diags
	}
	return &rot, diags
}

// days returns expiration_days and rotate_before_days, or 0 for a value that is not a whole number
// ([family.WholeNumber] reports it).
func (rot *rotationModel) days() (expiration, rotateBefore int) {
	return int(family.Whole(rot.ExpirationDays.ValueBigFloat())), int(family.Whole(rot.RotateBeforeDays.ValueBigFloat()))
}

func (r *projectAccessTokenResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	data, diags := family.FromProviderData(req.ProviderData)
	resp.Diagnostics.Append(diags...)
	r.data = data
}

func (r *projectAccessTokenResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan projectAccessTokenModel
	resp.Diagnostics.Append(lean.Get(ctx, req.Plan, &plan)...)
	client, diags := clientFrom(r.data)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	expires, diags := r.expiryFor(ctx, &plan, req.Config)
	resp.Diagnostics.Append(diags...)
	in, diags := plan.createRequest(ctx, expires)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	tok, diags := createWithoutOrphans(ctx, client, plan.Project.ValueString(), in)
	resp.Diagnostics.Append(diags...)
	if tok == nil {
		return
	}
	resp.Diagnostics.Append(plan.setToken(ctx, plan.Project.ValueString(), tok)...)
	resp.Diagnostics.Append(save(ctx, &resp.State, resp.Identity, &plan)...)
}

func (r *projectAccessTokenResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state projectAccessTokenModel
	resp.Diagnostics.Append(lean.Get(ctx, req.State, &state)...)
	client, diags := clientFrom(r.data)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	project := state.Project.ValueString()
	importing := state.Name.IsNull()
	byIdentity := importing && family.ImportedByIdentity(ctx, req, resp)
	tok, err := client.ReadToken(ctx, project, state.TokenID.ValueInt64())
	switch {
	case tokenMissing(err) && importing:
		resp.Diagnostics.AddError("No such token to import", fmt.Sprintf("GitLab project %s has no access token %d. %s",
			project, state.TokenID.ValueInt64(), otherProject(byIdentity)))
		return
	case tokenMissing(err):
		resp.Diagnostics.Append(removeResource(ctx, resp, &state)...) // GitLab says this token is gone: plan a new one
		return
	}
	if err != nil {
		kept := " The token stays in state until GitLab says it is gone."
		if importing {
			kept = " Nothing was imported."
		}
		resp.Diagnostics.Append(family.Diagnostic("Cannot read GitLab project access token "+state.ID.ValueString(), err,
			strings.TrimSpace(nextStep(err, client, project)+kept)))
		return
	}
	resp.Diagnostics.Append(state.setToken(ctx, project, tok)...)
	resp.Diagnostics.Append(save(ctx, &resp.State, resp.Identity, &state)...)
}

func (r *projectAccessTokenResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state projectAccessTokenModel
	resp.Diagnostics.Append(lean.Get(ctx, req.Plan, &plan)...)
	resp.Diagnostics.Append(lean.Get(ctx, req.State, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if plan.ExpiresAt.Equal(state.ExpiresAt) {
		plan.copyComputed(&state) // nothing for GitLab to do; the project may be written in its other form
		plan.ID = types.StringValue(tokenAddress(plan.Project.ValueString(), state.TokenID.ValueInt64()))
		resp.Diagnostics.Append(save(ctx, &resp.State, resp.Identity, &plan)...)
		return
	}
	client, diags := clientFrom(r.data)
	resp.Diagnostics.Append(diags...)
	expires, diags := r.expiryFor(ctx, &plan, req.Config)
	resp.Diagnostics.Append(diags...)
	want, diags := state.createRequest(ctx, expires)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	project := state.Project.ValueString()
	tok, diags := rotateWithoutOrphans(ctx, client, &state, want)
	resp.Diagnostics.Append(diags...)
	if tok == nil {
		if state.Revoked.ValueBool() {
			resp.Diagnostics.Append(save(ctx, &resp.State, resp.Identity, &state)...) // the next plan replaces it
		}
		return
	}
	resp.Diagnostics.Append(plan.setToken(ctx, project, tok)...)
	resp.Diagnostics.Append(save(ctx, &resp.State, resp.Identity, &plan)...)
}

func (r *projectAccessTokenResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state projectAccessTokenModel
	resp.Diagnostics.Append(lean.Get(ctx, req.State, &state)...)
	client, diags := clientFrom(r.data)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	project := state.Project.ValueString()
	if err := client.Revoke(ctx, project, state.TokenID.ValueInt64()); err != nil {
		resp.Diagnostics.Append(family.Diagnostic("Cannot revoke GitLab project access token "+state.ID.ValueString(), err,
			strings.TrimSpace(nextStep(err, client, project)+" Then run the command again, or revoke the token in the project's settings. ")+" "+
				"If the project itself was deleted, its tokens went with it: remove this one with `terraform state rm`."))
	}
}

func (m *projectAccessTokenModel) createRequest(ctx context.Context, expires string) (CreateRequest, diag.Diagnostics) {
	in := CreateRequest{
		Name:        m.Name.ValueString(),
		Description: m.Description.ValueString(),
		AccessLevel: accessLevelValue(m.AccessLevel.ValueString()),
		ExpiresAt:   expires,
	}
	diags := m.Scopes.ElementsAs(ctx, &in.Scopes, false)
	return in, diags
}

// tokenAddress is the id of token id in project: <project>:<token_id>.
func tokenAddress(project string, id int64) string {
	return project + ":" + strconv.FormatInt(id, 10)
}

// setToken writes what GitLab says of tok into the model. The secret is kept when GitLab does not
// send it, which it does only on create and rotate.
func (m *projectAccessTokenModel) setToken(ctx context.Context, project string, tok *Token) diag.Diagnostics {
	scopes, diags := types.SetValueFrom(ctx, types.StringType, tok.Scopes)
	m.Scopes = scopes
	m.ID = types.StringValue(tokenAddress(project, tok.ID))
	m.TokenID = types.Int64Value(tok.ID)
	m.Name = types.StringValue(tok.Name)
	m.Description = types.StringValue(tok.Description)
	m.AccessLevel = types.StringValue(accessLevelName(tok.AccessLevel))
	m.ExpiresAt = types.StringNull()
	if tok.ExpiresAt != "" {
		m.ExpiresAt = types.StringValue(tok.ExpiresAt)
	}
	m.UserID = types.Int64Value(tok.UserID)
	m.Active = types.BoolValue(tok.Active)
	m.Revoked = types.BoolValue(tok.Revoked)
	m.CreatedAt = types.StringValue(rfc3339(tok.CreatedAt))
	if tok.Value != "" {
		m.Token = types.StringValue(tok.Value)
	} else if m.Token.IsUnknown() {
		m.Token = types.StringNull()
	}
	return diags
}

// rfc3339 writes a time GitLab sent as the provider's attributes hold times.
func rfc3339(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// copyComputed carries over what the API decided when no call is made.
func (m *projectAccessTokenModel) copyComputed(from *projectAccessTokenModel) {
	m.ID, m.TokenID, m.Token, m.UserID = from.ID, from.TokenID, from.Token, from.UserID
	m.Active, m.Revoked, m.CreatedAt = from.Active, from.Revoked, from.CreatedAt
}
