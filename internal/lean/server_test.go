package lean

import (
	"context"
	"errors"
	"reflect"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

type requestKey struct{}

// keeper stands in for the framework: it keeps the context of every request it serves.
type keeper struct {
	tfprotov6.ProviderServer
	kept []context.Context
}

func (k *keeper) ReadResource(ctx context.Context, _ *tfprotov6.ReadResourceRequest) (*tfprotov6.ReadResourceResponse, error) {
	k.kept = append(k.kept, ctx)
	if ctx.Value(requestKey{}) != "request 1" || ctx.Err() != nil {
		return nil, errors.New("the request's context is not passed on while it runs")
	}
	return &tfprotov6.ReadResourceResponse{}, nil
}

// TestServerLetsGoOfEndedRequests checks that a context kept past the end of its request holds
// none of the request's values and reads as cancelled.
func TestServerLetsGoOfEndedRequests(t *testing.T) {
	k := &keeper{}
	server := releasingServer{ProviderServer: k}
	ctx, cancel := context.WithCancel(context.WithValue(context.Background(), requestKey{}, "request 1"))
	defer cancel()
	if _, err := server.ReadResource(ctx, &tfprotov6.ReadResourceRequest{}); err != nil {
		t.Fatal(err)
	}
	kept := k.kept[0]
	if v := kept.Value(requestKey{}); v != nil {
		t.Errorf("after the request the kept context still holds %v", v)
	}
	if !errors.Is(kept.Err(), context.Canceled) {
		t.Errorf("after the request the kept context's error is %v, want context.Canceled", kept.Err())
	}
	select {
	case <-kept.Done():
	default:
		t.Error("after the request the kept context is not done")
	}
}

func TestServerPassesCancellationOn(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	server := releasingServer{ProviderServer: cancelled{cancel: cancel}}
	if _, err := server.PlanResourceChange(ctx, &tfprotov6.PlanResourceChangeRequest{}); !errors.Is(err, context.Canceled) {
		t.Errorf("a request cancelled while it runs ended with %v, want context.Canceled", err)
	}
}

// cancelled cancels its request while serving it, as Terraform does on Ctrl-C.
type cancelled struct {
	tfprotov6.ProviderServer
	cancel context.CancelFunc
}

func (c cancelled) PlanResourceChange(ctx context.Context, _ *tfprotov6.PlanResourceChangeRequest) (*tfprotov6.PlanResourceChangeResponse, error) {
	c.cancel()
	<-ctx.Done()
	return nil, ctx.Err()
}

// The server passes on every RPC the framework's server serves: one it lacked would answer "not
// implemented" to Terraform (as list resources did, until they were passed on).
func TestServerPassesEveryRPCOn(t *testing.T) {
	framework := reflect.TypeOf(providerserver.NewProtocol6(bare{})())
	server := reflect.TypeOf(NewServer(bare{}))
	for i := range framework.NumMethod() {
		name := framework.Method(i).Name
		if _, ok := server.MethodByName(name); !ok {
			t.Errorf("NewServer's server does not pass %s on", name)
		}
	}
	if framework.NumMethod() < 20 {
		t.Errorf("the framework's server has %d methods: the check reads the wrong type", framework.NumMethod())
	}
}

// bare is a provider that serves nothing: the framework's server has the same RPCs whatever the
// provider serves.
type bare struct{}

func (bare) Metadata(context.Context, provider.MetadataRequest, *provider.MetadataResponse)    {}
func (bare) Schema(context.Context, provider.SchemaRequest, *provider.SchemaResponse)          {}
func (bare) Configure(context.Context, provider.ConfigureRequest, *provider.ConfigureResponse) {}
func (bare) Resources(context.Context) []func() resource.Resource                              { return nil }
func (bare) DataSources(context.Context) []func() datasource.DataSource                        { return nil }
