package servicestage

import (
	"cmp"
	"context"
	"maps"
	"regexp"
	"sort"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/gitauth-dev/terraform-provider-gitauth/internal/family"
	"github.com/gitauth-dev/terraform-provider-gitauth/internal/lean"
)

var _ datasource.DataSourceWithConfigure = (*authorizationsDataSource)(nil)

// NewAuthorizationsDataSource returns the git_authorizations data source.
func NewAuthorizationsDataSource() datasource.DataSource {
	return &authorizationsDataSource{}
}

type authorizationsDataSource struct {
	data *family.Data
}

type authorizationsModel struct {
	ProjectID      types.String `tfsdk:"project_id"`
	RepoType       types.String `tfsdk:"repo_type"`
	NameRegex      types.String `tfsdk:"name_regex"`
	StatusText     types.String `tfsdk:"status_text"`
	Authorizations types.List   `tfsdk:"authorizations"`
	Total          types.Int64  `tfsdk:"total"`
}

// authorizationItem is one element of authorizations.
type authorizationItem struct {
	Name     types.String `tfsdk:"name"`
	RepoType types.String `tfsdk:"repo_type"`
	Tag      types.String `tfsdk:"tag"`
	details
}

var itemDescriptions = map[string]string{
	"name":      "Name of the authorization.",
	"repo_type": "Repository type, as the API lists it, such as `github`, `gitlab`, `gitee` or `bitbucket`.",
	"tag":       "The API's `tag`, the site the authorization is for (such as `bitbucket.org`), or null when unset.",
}

func itemType() types.ObjectType {
	attrs := map[string]attr.Type{"name": types.StringType, "repo_type": types.StringType, "tag": types.StringType}
	maps.Copy(attrs, detailTypes)
	return types.ObjectType{AttrTypes: attrs}
}

func (d *authorizationsDataSource) Metadata(_ context.Context, _ datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	// The type name is fixed by our users and does not carry the provider's prefix.
	resp.TypeName = "git_authorizations"
}

func (d *authorizationsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	item := map[string]schema.Attribute{}
	for name, description := range itemDescriptions {
		item[name] = schema.StringAttribute{Computed: true, MarkdownDescription: description}
	}
	for name, description := range detailDescriptions {
		if detailTypes[name] == types.Int64Type {
			item[name] = schema.Int64Attribute{Computed: true, MarkdownDescription: description}
		} else {
			item[name] = schema.StringAttribute{Computed: true, MarkdownDescription: description}
		}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "The git authorizations of a ServiceStage project: every kind (private token, OAuth, " +
			"password) and every repository type, as the API lists them.",
		Attributes: map[string]schema.Attribute{
			"project_id": schema.StringAttribute{
				Optional: true,
				Computed: true,
				MarkdownDescription: "Project ID, 32 lower-case hexadecimal digits. Defaults to the provider's " +
					"`servicestage.project_id` (or `" + ProjectIDEnv + "`).",
				Validators: []validator.String{projectIDValidator},
			},
			"repo_type": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Only authorizations of this repository type, case-insensitive: one of " +
					family.Backticked(ListedRepoTypes) + ".",
				Validators: []validator.String{stringvalidator.OneOfCaseInsensitive(ListedRepoTypes...)},
			},
			"name_regex": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Only authorizations whose name matches this regular expression (RE2 syntax).",
				Validators:          []validator.String{regularExpression{}},
			},
			"status_text": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Only authorizations of this status, case-insensitive: one of " + family.Backticked(StatusTexts) + ".",
				Validators:          []validator.String{stringvalidator.OneOfCaseInsensitive(StatusTexts...)},
			},
			"authorizations": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The authorizations that pass the filters, by name.",
				NestedObject:        schema.NestedAttributeObject{Attributes: item},
			},
			"total": schema.Int64Attribute{
				Computed:            true,
				MarkdownDescription: "How many authorizations the project has, as the API counts them, before filtering.",
			},
		},
	}
}

func (d *authorizationsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	data, diags := family.FromProviderData(req.ProviderData)
	resp.Diagnostics.Append(diags...)
	d.data = data
}

func (d *authorizationsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m authorizationsModel
	resp.Diagnostics.Append(lean.Get(ctx, req.Config, &m)...)
	client, diags := clientFrom(d.data)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	project, diags := projectOr(m.ProjectID.ValueString(), client, "data source")
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	listing, err := client.List(ctx, project)
	if err != nil {
		resp.Diagnostics.Append(family.Diagnostic("Cannot list ServiceStage authorizations", err, nextStep(err, client, project)))
		return
	}
	items, err := m.filter(listing.Authorizations)
	if err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("name_regex"), "Invalid regular expression", err.Error())
		return
	}
	list, diags := types.ListValueFrom(ctx, itemType(), items)
	resp.Diagnostics.Append(diags...)
	m.ProjectID = types.StringValue(project)
	m.Authorizations = list
	m.Total = types.Int64Value(listing.Count)
	resp.Diagnostics.Append(lean.Set(ctx, &resp.State, &m)...)
}

// filter keeps the authorizations that pass every filter set, sorted by name.
func (m *authorizationsModel) filter(all []Authorization) ([]authorizationItem, error) {
	f, err := newSelection(m.RepoType.ValueString(), m.NameRegex.ValueString(), m.StatusText.ValueString())
	if err != nil {
		return nil, err
	}
	items := []authorizationItem{}
	for i := range all {
		a := &all[i]
		if !f.keeps(a) {
			continue
		}
		items = append(items, authorizationItem{
			Name:     types.StringValue(a.Name),
			RepoType: types.StringValue(a.RepoType),
			Tag:      types.StringPointerValue(a.Tag),
			details:  newDetails(a),
		})
	}
	sort.Slice(items, func(i, j int) bool { return items[i].Name.ValueString() < items[j].Name.ValueString() })
	return items, nil
}

// projectOr is configured, else the provider's project; a type that has neither is an error.
func projectOr(configured string, client *Client, what string) (string, diag.Diagnostics) {
	var diags diag.Diagnostics
	project := cmp.Or(configured, client.DefaultProject())
	if project == "" {
		diags.AddError("Missing ServiceStage project",
			"Set project_id on this "+what+", or servicestage.project_id (or "+ProjectIDEnv+") in the provider.")
	}
	return project, diags
}

// selection is what the data source and the list resource select authorizations by; an empty
// field selects every authorization.
type selection struct {
	repoType, statusText string
	name                 *regexp.Regexp
}

func newSelection(repoType, nameRegex, statusText string) (selection, error) {
	f := selection{repoType: repoType, statusText: statusText}
	if nameRegex == "" {
		return f, nil
	}
	var err error
	f.name, err = regexp.Compile(nameRegex)
	return f, err
}

// keeps reports whether a is selected: the repository type and status match in any case.
func (f selection) keeps(a *Authorization) bool {
	return (f.repoType == "" || strings.EqualFold(a.RepoType, f.repoType)) &&
		(f.name == nil || f.name.MatchString(a.Name)) &&
		(f.statusText == "" || strings.EqualFold(statusText(a.Status), f.statusText))
}
