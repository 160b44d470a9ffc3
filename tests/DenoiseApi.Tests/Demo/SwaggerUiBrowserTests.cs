using DenoiseApi.Tests.Security;
using Microsoft.Playwright;

namespace DenoiseApi.Tests.Demo;

/// <summary>
/// Swagger UI with API keys on, in the real browser: it loads under its Content-Security-Policy, offers the Authorize
/// button for X-Api-Key, and the demo page stays reachable without a key while the API asks for one.
/// </summary>
[Collection(BrowserTestGroup.Name)]
public sealed class SwaggerUiBrowserTests(SwaggerUiBrowserTests.Server server) : IClassFixture<SwaggerUiBrowserTests.Server>
{
    public sealed class Server : IDisposable
    {
        public KestrelService Service { get; } = new(new Dictionary<string, string>
        {
            ["Auth:Enabled"] = "true",
            ["Auth:Keys:0"] = EdgeService.Key,
        });

        public void Dispose() => Service.Dispose();
    }

    [Fact]
    public async Task SwaggerUiOffersAuthorizeForTheKeyHeaderWithoutPolicyViolations()
    {
        await server.Service.WaitUntilReadyAsync();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await BrowserAsync(playwright);
        var page = await browser.NewPageAsync();
        var violations = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase)) violations.Add(message.Text);
        };

        await page.GotoAsync(new Uri(server.Service.BaseAddress, "/swagger/index.html").ToString());
        var authorize = page.Locator("button.authorize");
        // Swagger UI draws the button after fetching and parsing the OpenAPI document: allow a busy machine time (a
        // hang guard like the demo tests' 30 s, not a speed check; Playwright's default is 5 s).
        await Assertions.Expect(authorize).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await authorize.ClickAsync();
        await Assertions.Expect(page.GetByText("X-Api-Key").First).ToBeVisibleAsync();

        Assert.Empty(violations);
    }

    [Fact]
    public async Task TheDemoPageOpensWithoutAKeyAndAsksForOneWhenTheApiDoes()
    {
        await server.Service.WaitUntilReadyAsync();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await BrowserAsync(playwright);
        var page = await browser.NewPageAsync();

        await page.GotoAsync(new Uri(server.Service.BaseAddress, "/demo/").ToString());

        // /models needs the key: the page says so and opens its key field.
        await Assertions.Expect(page.Locator("#error")).ToContainTextAsync("API key");
        await Assertions.Expect(page.Locator("#apikey-box")).ToHaveAttributeAsync("open", "");

        await page.Locator("#apikey").FillAsync(EdgeService.Key);
        await page.Locator("#apikey").DispatchEventAsync("change");
        await Assertions.Expect(page.Locator("#classifier option[value]:not([value=''])")).Not.ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#error")).ToBeHiddenAsync();
    }

    private static Task<IBrowser> BrowserAsync(IPlaywright playwright) => playwright.Chromium.LaunchAsync(new()
    {
        ExecutablePath = DemoPageBrowserTests.ChromiumPath,
        Headless = true,
        Args = DemoPageBrowserTests.ChromiumArgs,
    });
}
