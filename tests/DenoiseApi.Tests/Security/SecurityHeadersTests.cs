using DenoiseApi.Security;

namespace DenoiseApi.Tests.Security;

public sealed class SecurityHeadersTests
{
    [Fact]
    public async Task ThePageAllowsOnlyItsOwnOrigin()
    {
        await using var service = new EdgeService(new Dictionary<string, string>());
        using var client = service.CreateClient();

        using var response = await client.GetAsync("/demo/");

        var policy = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Equal(SecurityHeadersMiddleware.PagePolicy, policy);
        Assert.Contains("script-src 'self'", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", policy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
    }

    [Fact]
    public async Task ThePageHasNoInlineScriptOrStyleForThePolicyToBlock()
    {
        await using var service = new EdgeService(new Dictionary<string, string>());
        using var client = service.CreateClient();

        var html = await client.GetStringAsync("/demo/");

        Assert.DoesNotMatch("<script(?![^>]*\\bsrc=)[^>]*>", html);
        Assert.DoesNotContain("<style", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch("\\sstyle=", html);
        Assert.DoesNotMatch("\\son[a-z]+=", html);
        Assert.DoesNotContain("http://", html, StringComparison.Ordinal);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApiAnswersLoadNothing()
    {
        await using var service = new EdgeService(new Dictionary<string, string>());
        using var client = service.CreateClient();

        using var response = await client.GetAsync("/models");

        Assert.Equal(SecurityHeadersMiddleware.ApiPolicy, Assert.Single(response.Headers.GetValues("Content-Security-Policy")));
    }

    [Fact]
    public async Task TheRootLeadsToThePage()
    {
        await using var service = new EdgeService(new Dictionary<string, string>());
        using var client = service.CreateClient();

        using var response = await client.GetAsync("/");

        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/demo/", response.Headers.Location?.OriginalString);
    }
}
