using Microsoft.AspNetCore.Authentication;

namespace DenoiseApi.Security;

/// <summary>
/// Optional API-key authentication (section <c>Auth</c>), the options of the <see cref="ApiKeyAuthenticationHandler"/>.
/// Off by default. When on, the model endpoints (the <see cref="ApiKeyAuthentication.Policy"/> policy) need one of the
/// keys in the <see cref="HeaderName"/> header; probes, metrics, the API description and the demo page stay open. Keys
/// come from configuration (<see cref="Keys"/>, e.g. environment variables <c>Auth__Keys__0</c>) and/or a mounted
/// secret file (<see cref="KeysFile"/>: one key per line, blank lines and lines starting with <c>#</c> ignored).
/// </summary>
public sealed class ApiKeyOptions : AuthenticationSchemeOptions
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
    /// Wrong keys one client address may send per <see cref="FailedAttemptWindowSeconds"/>; past that, every request
    /// from the address that carries a key is answered 429 without the key being checked, until the window ends. This
    /// limit is on whether or not the per-client rate limit (section <c>RateLimiting</c>, off by default) is.
    /// </summary>
    public int FailedAttemptLimit { get; set; } = 10;

    /// <summary>The window of <see cref="FailedAttemptLimit"/>, in seconds.</summary>
    public int FailedAttemptWindowSeconds { get; set; } = 60;
}
