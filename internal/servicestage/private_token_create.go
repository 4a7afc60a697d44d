package servicestage

import (
	"cmp"
	"context"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/gitauth-dev/terraform-provider-gitauth/internal/family"
	"github.com/gitauth-dev/terraform-provider-gitauth/internal/httpclient"
)

// createAttempts bounds how often a create whose answer was lost is sent. Each send after the first
// follows a list that showed no authorization of that name, so sending again is safe.
const createAttempts = 3

// settleTimeout bounds the list that settles a lost create. It runs even when the create was
// interrupted, since what the create made must reach state.
const settleTimeout = time.Minute

// clockSkew allows for the Date header's whole seconds and the network's delay when the call's
// start is measured by ServiceStage's clock.
const clockSkew = 2 * time.Second

// createAuthorization creates a private token authorization and leaves none behind that state
// will not hold. Names are unique in a project, so when an answer is lost the provider lists the
// project: an authorization of that name created since the call began is this call's, and is
// adopted (the provider knows the token it sent); one created before is someone else's, and is
// left alone. When the name is absent, the create is sent once more. Nothing is ever deleted.
// tokenArg is the argument the token came from, token or token_wo, for an error about it.
func createAuthorization(ctx context.Context, client *Client, project, repoType string, in CreateRequest, tokenArg string) (*Authorization, diag.Diagnostics) {
	var diags diag.Diagnostics
	began := time.Now()
	lost := false
	for attempt := 1; ; attempt++ {
		a, err := client.CreatePrivateToken(ctx, project, repoType, in)
		switch {
		case err == nil:
			return a, diags
		case hasCode(err, codeAlreadyExists) && !lost:
			diags.Append(family.Diagnostic("ServiceStage authorization already exists", err, importStep(project, in.Name)+
				" If Terraform is replacing this authorization with create_before_destroy, the new one collides with the "+
				"old one's name: remove create_before_destroy, or change the name in the same apply."))
			return nil, diags
		case hasCode(err, codeAuthInvalid):
			// Refused, also when sent again after a lost answer: the list had shown the name absent.
			diags.Append(diag.WithPath(path.Root(tokenArg), family.Diagnostic("ServiceStage refused the token of "+in.Name, err,
				fmt.Sprintf("The repository did not accept the token in %s. Check that it is a valid %s token of %s, not "+
					"expired or revoked, with read access to the repositories.", tokenArg, repoType, server(in.Host, repoType)))))
			return nil, diags
		case !httpclient.Ambiguous(err) && (!lost || !hasCode(err, codeAlreadyExists)):
			diags.Append(family.Diagnostic("Cannot create ServiceStage authorization "+in.Name, err, nextStep(err, client, project)))
			return nil, diags
		}
		// The answer was lost, or a create after a lost one found the name taken.
		lost = true
		a, done, judged := settleLost(ctx, client, project, repoType, in, began, err)
		diags.Append(judged...)
		if done || attempt == createAttempts || ctx.Err() != nil {
			if a == nil && !diags.HasError() {
				diags.Append(family.Diagnostic("Cannot create ServiceStage authorization "+in.Name, err,
					"ServiceStage listed no authorization of that name after the call, so none was made; run apply again. "+
						"Should one still appear (a create that ServiceStage finished very late), the next apply says so: "+
						importStep(project, in.Name)))
			}
			return a, diags
		}
		tflog.Info(ctx, "Creating the authorization again: the project has none of that name after a lost answer",
			map[string]any{"project_id": project, "name": in.Name})
	}
}

// settleLost lists the project after a create whose answer was lost (callErr) and says whether
// it is settled: with the authorization this create made, or with an error. Not settled means
// the name is absent: the create did not happen.
func settleLost(ctx context.Context, client *Client, project, repoType string, in CreateRequest, began time.Time, callErr error) (*Authorization, bool, diag.Diagnostics) {
	var diags diag.Diagnostics
	name := in.Name
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), settleTimeout)
	defer cancel()
	listing, err := httpclient.RetryRead(ctx, httpclient.SettleTries, func(ctx context.Context) (*Listing, error) {
		return client.Fresh(ctx, project)
	})
	if err != nil {
		diags.Append(family.Diagnostic("ServiceStage authorization may exist outside Terraform", callErr,
			fmt.Sprintf("The answer to the create was lost, and listing project %s to find out what happened failed too "+
				"(%v). Check whether authorization %q exists: if it does, %s", project, err, name, importStep(project, name))))
		return nil, true, diags
	}
	a := listing.Find(name)
	if a == nil {
		return nil, false, diags
	}
	since, known := client.ServerTime(began)
	switch {
	case !known:
		diags.Append(family.Diagnostic("ServiceStage authorization may exist outside Terraform", callErr,
			fmt.Sprintf("The answer to the create was lost, and ServiceStage's answers carry no Date to tell whether "+
				"authorization %q was created by this call. If it was, %s", name, importStep(project, name))))
		return nil, true, diags
	case a.CreateTime < since.Add(-clockSkew).UnixMilli() || a.TokenType != "personal" ||
		!strings.EqualFold(a.RepoType, repoType) || !sameHome(a.RepoHome, in.Host, repoType):
		diags.Append(family.Diagnostic("ServiceStage authorization already exists", callErr,
			fmt.Sprintf("The answer to the create was lost, and project %s holds an authorization %q that this call did "+
				"not make (a %s %s one, created %s). It was left alone. %s", project, name, a.TokenType, a.RepoType,
				rfc3339(a.CreateTime), importStep(project, name))))
		return nil, true, diags
	}
	tflog.Info(ctx, "Adopted the authorization a create made although its answer was lost",
		map[string]any{"project_id": project, "name": name, "create_time": rfc3339(a.CreateTime)})
	diags.AddWarning("ServiceStage authorization adopted after a lost answer", fmt.Sprintf("The answer to the "+
		"create was lost, and project %s holds an authorization %q made since the call began (%s), of this kind, "+
		"repository type and home, which the provider took into state with the token it sent. ServiceStage's answers "+
		"cannot show who made it: should someone else have made one of that name at that very moment, it is theirs, "+
		"with their token; then remove it from state with terraform state rm and choose another name (changing the "+
		"token would replace their authorization).", project, name, rfc3339(a.CreateTime)))
	return a, true, diags
}

// publicSites are the public sites of the repository types a private token can be made for, the
// server when no host is given.
var publicSites = map[string]string{"github": "https://github.com", "gitlab": "https://gitlab.com"}

// sameHome reports whether an authorization's repo_home can be the one a create of repoType with
// host made. host is the repository server or an organization URL: ServiceStage keeps an
// organization URL on the public site as the home (https://github.com/tom-repo), and gives a server,
// with or without a sub-path, the token user's page there (server/<user>, a user the provider does
// not know). A home on another server, or deeper under this one, is another create's.
func sameHome(home, host, repoType string) bool {
	server := strings.TrimRight(cmp.Or(host, publicSites[strings.ToLower(repoType)]), "/")
	home = strings.TrimRight(home, "/")
	if organization(server, repoType) {
		return strings.EqualFold(home, server)
	}
	prefix := server + "/"
	if len(home) <= len(prefix) || !strings.EqualFold(home[:len(prefix)], prefix) {
		return false
	}
	return !strings.Contains(home[len(prefix):], "/")
}

// server is the repository server a create with host reaches: host's scheme and host for an
// organization's page, host itself for a server, the public site without one.
func server(host, repoType string) string {
	s := strings.TrimRight(cmp.Or(host, publicSites[repoType]), "/")
	if u, err := url.Parse(s); err == nil && organization(s, repoType) {
		return u.Scheme + "://" + u.Host
	}
	return s
}

// organization reports whether server is a page on the public site of repoType, such as an
// organization's, rather than a server.
func organization(server, repoType string) bool {
	u, err := url.Parse(server)
	public, _ := url.Parse(publicSites[strings.ToLower(repoType)])
	return err == nil && public != nil && strings.EqualFold(u.Host, public.Host) && strings.Trim(u.Path, "/") != ""
}
