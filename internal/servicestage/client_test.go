package servicestage_test

import (
	"context"
	"testing"

	"github.com/gitauth-dev/terraform-provider-gitauth/internal/acctest/answers"
	"github.com/gitauth-dev/terraform-provider-gitauth/internal/servicestage"
)

// A list with a count of 0 and no array (the SDK declares it optional) is an empty project; an
// answer that lacks the array otherwise is an error, so that no authorization leaves state and no
// lost create is taken for one not made on a malformed answer.
func TestListWithoutTheArray(t *testing.T) {
	for body, empty := range map[string]bool{
		`{"count":0}`:                          true,
		`{"count":0,"authorizations":null}`:    true,
		`{"authorizations":[],"count":0}`:      true,
		`{}`:                                   false,
		`{"authorizations":null}`:              false,
		`{"count":2}`:                          false,
		`{"count":null,"authorizations":null}`: false,
	} {
		c := servicestage.NewClient(servicestage.Settings{Endpoint: "https://servicestage.test", ProjectID: "p",
			AuthToken: "iam-token"}, answers.Fixed(200, []byte(body)))
		listing, err := c.List(context.Background(), "p")
		switch {
		case empty && (err != nil || listing.Authorizations == nil || len(listing.Authorizations) != 0 || listing.Count != 0):
			t.Errorf("%s: %+v, %v, want an empty project", body, listing, err)
		case !empty && err == nil:
			t.Errorf("%s: %+v, want an error", body, listing)
		}
	}
}
