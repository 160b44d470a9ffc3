namespace DenoiseApi.Security;

/// <summary>
/// Optional API-key authentication (section <c>Auth</c>). Off by default. When on, every request except the open
/// paths must carry one of the keys in the <see cref="HeaderName"/> header; keys come from configuration
/// (<see cref="Keys"/>, e.g. environment variables <c>Auth__Keys__0</c>) and/or a mounted secret file
/// (<see cref="KeysFile"/>: one key per line, blank lines and lines starting with <c>#</c> ignored).
/// </summary>
public sealed class ApiKeyOptions
{
    public const string SectionName = "Auth";

    /// <summary>The request header that carries the key.</summary>
    public const string HeaderName = "X-Api-Key";

    /// <summary>Shortest key accepted, so that a configured key cannot be guessed.</summary>
    public const int MinKeyLength = 16;

    /// <summary>Turns key checking on.</summary>
    public bool Enabled { get; set; }

    /// <summary>Keys given directly in configuration.</summary>
    public List<string> Keys { get; set; } = [];

    /// <summary>A file holding keys, one per line (a Kubernetes secret mounted as a file); re-read when it changes.</summary>
    public string? KeysFile { get; set; }

    /// <summary>
    /// Path prefixes that stay open with keys on: probes, metrics, the API description and the demo page. The root
    /// path <c>/</c> (the demo page) is always open; static files are served before the key check.
    /// </summary>
    public List<string> OpenPaths { get; set; } = ["/health", "/metrics", "/swagger", "/demo", "/favicon.ico"];
}
