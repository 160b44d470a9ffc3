namespace DenoiseApi.Tests.Demo;

/// <summary>
/// The browser tests run one class at a time: each starts a Chromium and a Kestrel service, and two at once on a
/// 2-core machine only slow each other down.
/// </summary>
[CollectionDefinition(Name)]
public sealed class BrowserTestGroup
{
    public const string Name = "Browser";
}
