using System.Text.RegularExpressions;
using DenoiseApi.Imaging;
using DenoiseApi.Tests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace DenoiseApi.Tests.Demo;

/// <summary>
/// The demo page in a real browser (Debian's Chromium driven by Playwright) against the real service on a socket:
/// draw a digit with the mouse, see the noisy and denoised pictures, the prediction, the latent vector and the map,
/// with no Content-Security-Policy violation and no script error. Screenshots land in the test output's TestResults.
/// </summary>
[Collection(BrowserTestGroup.Name)]
public sealed partial class DemoPageBrowserTests(DemoPageBrowserTests.Server server, ITestOutputHelper output)
    : IClassFixture<DemoPageBrowserTests.Server>
{
    /// <summary>Debian's Chromium (apt-get install chromium); Playwright never downloads a browser here.</summary>
    public const string ChromiumPath = "/usr/bin/chromium";

    internal static readonly string[] ChromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run",
    ];

    public sealed class Server : IDisposable
    {
        public KestrelService Service { get; } = new();

        public void Dispose() => Service.Dispose();
    }

    [Theory]
    [InlineData("desktop", 1280, 980)]
    [InlineData("phone", 390, 844)]
    public async Task DrawingADigitShowsItsDenoisedImageAndPrediction(string name, int width, int height)
    {
        await server.Service.WaitUntilReadyAsync();

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ChromiumArgs,
        });
        await using var context = await browser.NewContextAsync(new()
        {
            ViewportSize = new() { Width = width, Height = height },
            DeviceScaleFactor = 1,
            HasTouch = width < 600,
            IsMobile = width < 600,
        });
        var page = await context.NewPageAsync();
        var scriptErrors = new List<string>();
        page.PageError += (_, error) => scriptErrors.Add(error);
        page.Console += (_, message) =>
        {
            if (message.Type == "error") scriptErrors.Add(message.Text);
        };

        await page.GotoAsync(new Uri(server.Service.BaseAddress, "/").ToString());
        Assert.EndsWith("/demo/", page.Url, StringComparison.Ordinal);
        await Assertions.Expect(page.Locator("#classifier option[value]:not([value=''])")).Not.ToHaveCountAsync(0);

        if (width < 600) await DrawSevenByTouchAsync(page);
        else await DrawSevenAsync(page);

        await page.WaitForSelectorAsync("body[data-pipeline='done']", new() { Timeout = 30_000 });
        var digit = await page.Locator("#digit").InnerTextAsync();
        Assert.Matches("^[0-9]$", digit);
        Assert.Equal("7", digit);
        foreach (var image in new[] { "#img-input", "#img-noisy", "#img-denoised" })
        {
            var size = await page.EvalOnSelectorAsync<int[]>(image, "img => [img.naturalWidth, img.naturalHeight]");
            Assert.Equal([28, 28], size);
        }
        Assert.Matches(ConfidenceText(), await page.Locator("#confidence").InnerTextAsync());
        Assert.NotEmpty(await page.Locator("#latent-shape").InnerTextAsync());
        Assert.Equal(0, await page.EvaluateAsync<int>("window.cspViolations.length"));
        Assert.Empty(scriptErrors);
        var overflow = await page.EvaluateAsync<int>("document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 0, $"the page is {overflow} px wider than a {width} px screen");

        var shot = Path.Combine(AppContext.BaseDirectory, "TestResults", $"demo-page-{name}.png");
        Directory.CreateDirectory(Path.GetDirectoryName(shot)!);
        await page.ScreenshotAsync(new() { Path = shot, FullPage = true });
        output.WriteLine($"screenshot: {shot}");

        // Another noise type re-runs the pipeline on the same drawing, with that noise.
        var noisyBefore = await page.GetAttributeAsync("#img-noisy", "src");
        await page.Locator("#noise-type [data-type='salt-pepper']").ClickAsync();
        await Assertions.Expect(page.Locator("#noisy-caption")).ToHaveTextAsync("salt-pepper 0.20");
        await page.WaitForSelectorAsync("body[data-pipeline='done']", new() { Timeout = 30_000 });
        Assert.NotEqual(noisyBefore, await page.GetAttributeAsync("#img-noisy", "src"));
        Assert.Matches("^[0-9]$", await page.Locator("#digit").InnerTextAsync());

        // The service's default denoiser (the blind one) is preselected and marked; a user opens "Models" and picks a
        // specialist, and the drawing goes through it.
        await page.Locator("details.models summary").ClickAsync();
        Assert.Equal("conv-dae-blind", await page.Locator("#denoiser").InputValueAsync());
        await Assertions.Expect(page.Locator("#denoiser option[value='conv-dae-blind']")).ToContainTextAsync("(default)");
        var specialist = await page.RunAndWaitForResponseAsync(
            () => page.Locator("#denoiser").SelectOptionAsync("conv-dae-uniform"),
            response => response.Url.Contains("/denoise?", StringComparison.Ordinal) && response.Url.Contains("model=conv-dae-uniform", StringComparison.Ordinal));
        Assert.Equal(200, specialist.Status);
    }

    [Fact]
    public async Task AnUploadedScanOfDarkInkOnPaperIsTurnedIntoAMnistDigitAndRecognised()
    {
        await server.Service.WaitUntilReadyAsync();
        var digits = MnistTestDigits.Instance;
        const int index = 1;
        // The test digit as a scan: 7x larger, dark ink on light paper, as a phone photo of a note would be.
        var paper = new GrayImage(28, 28, [.. digits.Images[index].Select(p => 1f - p)]);
        var scan = ImageResizer.ResizeArea(paper, 196, 196);
        var png = PngEncoder.EncodeGray8(scan.Pixels, scan.Width, scan.Height);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = ChromiumPath, Headless = true, Args = ChromiumArgs });
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 980 } });
        await page.GotoAsync(new Uri(server.Service.BaseAddress, "/demo/").ToString());
        await Assertions.Expect(page.Locator("#classifier option[value]:not([value=''])")).Not.ToHaveCountAsync(0);

        var chooser = await page.RunAndWaitForFileChooserAsync(() => page.Locator("#upload-button").ClickAsync());
        await chooser.SetFilesAsync(new FilePayload { Name = "scan.png", MimeType = "image/png", Buffer = png });

        await page.WaitForSelectorAsync("body[data-pipeline='done']", new() { Timeout = 30_000 });
        Assert.Equal(digits.Labels[index].ToString(System.Globalization.CultureInfo.InvariantCulture), await page.Locator("#digit").InnerTextAsync());
        // The pad now shows the digit white on black, as MNIST has it: its corner is black, its centre has ink.
        var corner = await page.EvaluateAsync<int>("document.getElementById('pad').getContext('2d').getImageData(2, 2, 1, 1).data[0]");
        Assert.True(corner < 30, $"the pad's corner is {corner}, not black");
        Assert.Equal(0, await page.EvaluateAsync<int>("window.cspViolations.length"));
    }

    /// <summary>A "7": a bar across the top, then a stroke down to the lower left, drawn with mouse moves.</summary>
    private static async Task DrawSevenAsync(IPage page)
    {
        var box = await page.Locator("#pad").BoundingBoxAsync() ?? throw new InvalidOperationException("The pad is not visible.");
        (float X, float Y) At(float fx, float fy) => (box.X + (fx * box.Width), box.Y + (fy * box.Height));

        var start = At(0.28f, 0.25f);
        await page.Mouse.MoveAsync(start.X, start.Y);
        await page.Mouse.DownAsync();
        var corner = At(0.72f, 0.25f);
        await page.Mouse.MoveAsync(corner.X, corner.Y, new() { Steps = 12 });
        var end = At(0.42f, 0.8f);
        await page.Mouse.MoveAsync(end.X, end.Y, new() { Steps = 16 });
        await page.Mouse.UpAsync();
    }

    /// <summary>The same "7" drawn with a finger: raw touch events through the DevTools protocol, as a phone sends them.</summary>
    private static async Task DrawSevenByTouchAsync(IPage page)
    {
        var box = await page.Locator("#pad").BoundingBoxAsync() ?? throw new InvalidOperationException("The pad is not visible.");
        var cdp = await page.Context.NewCDPSessionAsync(page);
        var path = new List<(float X, float Y)>();
        for (var i = 0; i <= 12; i++) path.Add((0.28f + (0.44f * i / 12), 0.25f));
        for (var i = 1; i <= 16; i++) path.Add((0.72f - (0.30f * i / 16), 0.25f + (0.55f * i / 16)));

        object Touch((float X, float Y) p) => new { x = box.X + (p.X * box.Width), y = box.Y + (p.Y * box.Height), id = 1 };
        await cdp.SendAsync("Input.dispatchTouchEvent", new Dictionary<string, object> { ["type"] = "touchStart", ["touchPoints"] = new[] { Touch(path[0]) } });
        foreach (var point in path.Skip(1))
            await cdp.SendAsync("Input.dispatchTouchEvent", new Dictionary<string, object> { ["type"] = "touchMove", ["touchPoints"] = new[] { Touch(point) } });
        await cdp.SendAsync("Input.dispatchTouchEvent", new Dictionary<string, object> { ["type"] = "touchEnd", ["touchPoints"] = Array.Empty<object>() });
    }

    [GeneratedRegex(@"\d+(\.\d+)?% sure")]
    private static partial Regex ConfidenceText();
}
