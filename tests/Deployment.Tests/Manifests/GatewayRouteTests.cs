using System.Globalization;
using DenoiseApi.Deployment.Tests.Kustomize;
using DenoiseApi.Deployment.Tests.Support;
using DenoiseApi.Options;

namespace DenoiseApi.Deployment.Tests.Manifests;

/// <summary>The example gateway route reaches the Service and enforces the service's own request limits at the edge.</summary>
public sealed class GatewayRouteTests
{
    private static Dictionary<string, object?> Route => Rendered.Single("gateway", "HTTPRoute");

    private static long ServiceMaxRequestBytes
    {
        get
        {
            var env = Rendered.Environment("overlays/cpu");
            return env.TryGetValue("Limits__MaxRequestBytes", out var value) && value is not null
                ? long.Parse(value, CultureInfo.InvariantCulture)
                : new LimitsOptions().MaxRequestBytes;
        }
    }

    [Fact]
    public void RouteSendsTrafficToTheServicesPortInTheOverlaysNamespace()
    {
        var service = Rendered.Single("overlays/cpu", "Service");
        var backend = Route.ListAt("spec.rules").Maps().SelectMany(r => r.ListAt("backendRefs").Maps()).Single();
        Assert.Equal(service.Name(), backend.StringAt("name"));
        Assert.Equal(service.ListAt("spec.ports").Maps().Single().StringAt("port"), backend.StringAt("port"));
        Assert.Equal(service.Namespace(), Route.Namespace());
    }

    [Fact]
    public void EdgeRequestSizeLimitEqualsTheServicesMaxRequestBytes()
    {
        var policy = Rendered.Single("gateway", "BackendTrafficPolicy");
        var target = policy.ListAt("spec.targetRefs").Maps().Single();
        Assert.Equal(("HTTPRoute", Route.Name()), (target.StringAt("kind"), target.StringAt("name")));
        Assert.Equal(ServiceMaxRequestBytes, (long)Quantity.Parse(policy.StringAt("spec.requestBuffer.limit")));
    }

    [Fact]
    public void RouteTimeoutLeavesTheServiceItsWholeRequestDeadline()
    {
        var env = Rendered.Environment("overlays/cpu");
        var deadlineMs = env.TryGetValue("Limits__RequestDeadlineMilliseconds", out var v) && v is not null
            ? int.Parse(v, CultureInfo.InvariantCulture)
            : new LimitsOptions().RequestDeadlineMilliseconds;
        foreach (var rule in Route.ListAt("spec.rules").Maps())
        {
            var timeout = rule.StringAt("timeouts.request");
            Assert.EndsWith("s", timeout, StringComparison.Ordinal);
            Assert.True(double.Parse(timeout[..^1], CultureInfo.InvariantCulture) * 1000 > deadlineMs,
                $"route timeout {timeout} must exceed the service's deadline of {deadlineMs} ms");
        }
    }
}
