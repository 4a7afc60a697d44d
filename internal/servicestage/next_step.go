package servicestage

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/gitauth-dev/terraform-provider-gitauth/internal/httpclient"
)

// importStep tells how to take an existing authorization into Terraform.
func importStep(project, name string) string {
	return fmt.Sprintf("To manage it with Terraform, import it: terraform import <address> %s/%s "+
		"(or an import block with id = %q). Otherwise choose another name.", project, name, project+"/"+name)
}

// nextStep says what to do about a failed call, by what the API answered.
func nextStep(err error, client *Client, project string) string {
	var notSent *httpclient.NotSentError
	var apiErr *httpclient.APIError
	switch {
	case errors.As(err, &notSent):
		return fmt.Sprintf("The request never reached ServiceStage: check the endpoint (%s), servicestage.region and the "+
			"network.", client.Endpoint())
	case !errors.As(err, &apiErr):
		return "The answer was lost on the way; run the command again."
	case apiErr.Status == http.StatusUnauthorized:
		return fmt.Sprintf("ServiceStage refused the credentials. Check servicestage.auth_token (%s), or servicestage.access_key "+
			"and secret_key (%s, %s; with temporary keys also security_token, %s). IAM tokens expire after 24 hours.",
			AuthTokenEnv, AccessKeyEnv, SecretKeyEnv, SecurityTokenEnv) + " With access keys, also check this machine's clock: " +
			"signatures more than 15 minutes off are refused."
	case apiErr.Status == http.StatusForbidden:
		return fmt.Sprintf("The credentials may not manage ServiceStage in project %s, or it is not a project of theirs: "+
			"check the project ID, or grant them a ServiceStage role there.", project)
	case apiErr.Status == http.StatusNotFound:
		return fmt.Sprintf("Check the project ID (%s) and the endpoint (%s).", project, client.Endpoint())
	case apiErr.Code == codeTypeUnknown:
		return "ServiceStage cannot create private tokens for this repository type."
	case apiErr.Code == codeInvalid:
		return "Check the name, token and host."
	case apiErr.Status == http.StatusBadRequest:
		// What ServiceStage answers for a project it does not know is documented nowhere.
		return fmt.Sprintf("Check the project ID (%s) and the endpoint (%s).", project, client.Endpoint())
	case apiErr.Status == http.StatusTooManyRequests || apiErr.Status >= 500:
		return "ServiceStage is busy or unavailable; run the command again later."
	}
	return ""
}
