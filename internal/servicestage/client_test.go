package servicestage_test

import (
	"context"
	"testing"

	"github.com/gitauth-dev/terraform-provider-gitauth/internal/dev/acctest/answers"
	"github.com/gitauth-dev/terraform-provider-gitauth/internal/servicestage"
)

// A list with a count of 0 and no array (the SDK declares it optional) is an empty project; any
// other answer that is not plainly a list is an error, so that no authorization leaves state and no
// lost create is taken for one not made on a malformed answer: one without the array, one whose
// count contradicts it, and an empty form with anything besides a count of 0 (a proxy's 200).
func TestListAnswers(t *testing.T) {
	one := `[{"name":"a","repo_type":"github","token_type":"personal"}]`
	for body, want := range map[string]int{
		`{"count":0}`:                              0,
		`{"count":0,"authorizations":null}`:        0,
		`{"authorizations":[],"count":0}`:          0,
		`{"authorizations":` + one + `}`:           1,
		`{"authorizations":` + one + `,"count":1}`: 1,
		`{}`:                                   -1,
		`{"authorizations":null}`:              -1,
		`{"count":2}`:                          -1,
		`{"count":null,"authorizations":null}`: -1,
		`{"count":"0"}`:                        -1,
		`{"count":0.5}`:                        -1,
		`{"count":1,"authorizations":[]}`:      -1,
		`{"count":2,"authorizations":` + one + `}`: -1,
		`{"count":0,"message":"Not Found"}`:        -1,
		`{"count":0,"items":` + one + `}`:          -1,
		`{"Count":0}`:                              -1,
		`{"count":0,"authorizations":"x"}`:         -1,
	} {
		c := servicestage.NewClient(servicestage.Settings{Endpoint: "https://servicestage.test", ProjectID: "p",
			AuthToken: "iam-token"}, answers.Fixed(200, []byte(body)))
		listing, err := c.List(context.Background(), "p")
		switch {
		case want < 0 && err == nil:
			t.Errorf("%s: %+v, want an error", body, listing)
		case want >= 0 && (err != nil || listing.Authorizations == nil || len(listing.Authorizations) != want):
			t.Errorf("%s: %+v, %v, want %d authorizations", body, listing, err, want)
		}
	}
}
