using Microsoft.Extensions.Options;

namespace DenoiseApi.Security;

/// <summary>
/// Per-client rate limit (section <c>RateLimiting</c>), a token bucket per client: an accepted API key is the client
/// when keys are on, otherwise the client's address (X-Forwarded-For from a trusted proxy only). Off by default: behind
/// the gateway, per-client limits are the gateway's job, and overload is answered by each model's bounded queue (503
/// with Retry-After), so a normal client never meets a 429. Health and metrics routes are never limited.
/// </summary>
public sealed class RateLimitingOptions
{
    public const string SectionName = "RateLimiting";

    public bool Enabled { get; set; }

    /// <summary>Bucket size: the burst a client may send at once.</summary>
    public int TokenLimit { get; set; } = 200;

    /// <summary>Tokens added back every <see cref="ReplenishmentPeriodSeconds"/>.</summary>
    public int TokensPerPeriod { get; set; } = 100;

    public double ReplenishmentPeriodSeconds { get; set; } = 1;

    /// <summary>Requests that wait for a token instead of being refused at once; 0 answers 429 immediately.</summary>
    public int QueueLimit { get; set; }

    /// <summary>Path prefixes that are never limited.</summary>
    public List<string> ExemptPaths { get; set; } = ["/health", "/metrics"];
}

/// <summary>Checks <see cref="RateLimitingOptions"/> at start.</summary>
internal sealed class RateLimitingOptionsValidator : IValidateOptions<RateLimitingOptions>
{
    public ValidateOptionsResult Validate(string? name, RateLimitingOptions options)
    {
        var errors = new List<string>();
        if (options.TokenLimit < 1) errors.Add($"RateLimiting:TokenLimit must be at least 1, not {options.TokenLimit}.");
        if (options.TokensPerPeriod < 1) errors.Add($"RateLimiting:TokensPerPeriod must be at least 1, not {options.TokensPerPeriod}.");
        if (!(options.ReplenishmentPeriodSeconds is >= 0.001 and <= 86_400))
            errors.Add($"RateLimiting:ReplenishmentPeriodSeconds must be between 0.001 and 86400, not {options.ReplenishmentPeriodSeconds}.");
        if (options.QueueLimit < 0) errors.Add($"RateLimiting:QueueLimit must be 0 or more, not {options.QueueLimit}.");
        foreach (var path in options.ExemptPaths)
        {
            if (string.IsNullOrEmpty(path) || path[0] != '/')
                errors.Add($"RateLimiting:ExemptPaths entry '{path}' must start with '/'.");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
