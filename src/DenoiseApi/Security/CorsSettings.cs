using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.Extensions.Options;

namespace DenoiseApi.Security;

/// <summary>
/// Cross-origin access for browser clients on other origins (section <c>Cors</c>). Off by default: the demo page is
/// served by the service itself and needs none. When on, only the listed origins may call, with the listed methods,
/// the content, key and correlation headers, and may read the correlation id and Retry-After of the answers.
/// </summary>
public sealed class CorsSettings
{
    public const string SectionName = "Cors";

    public bool Enabled { get; set; }

    /// <summary>Exact origins such as https://app.example.com, or "*" for any origin (never with credentials).</summary>
    public List<string> AllowedOrigins { get; set; } = [];

    public List<string> AllowedMethods { get; set; } = ["GET", "POST"];

    /// <summary>How long a browser may cache a preflight answer.</summary>
    public int PreflightMaxAgeSeconds { get; set; } = 600;

    internal static readonly string[] AllowedHeaders = ["Content-Type", ApiKeyOptions.HeaderName, CorrelationId.HeaderName];

    internal static readonly string[] ExposedHeaders = [CorrelationId.HeaderName, "Retry-After"];

    /// <summary>The ASP.NET Core policy these settings describe.</summary>
    internal CorsPolicy ToPolicy()
    {
        var builder = new CorsPolicyBuilder();
        if (AllowedOrigins.Contains("*")) builder.AllowAnyOrigin();
        else builder.WithOrigins(AllowedOrigins.ToArray());
        return builder
            .WithMethods(AllowedMethods.ToArray())
            .WithHeaders(AllowedHeaders)
            .WithExposedHeaders(ExposedHeaders)
            .SetPreflightMaxAge(TimeSpan.FromSeconds(PreflightMaxAgeSeconds))
            .Build();
    }
}

/// <summary>Checks <see cref="CorsSettings"/> at start.</summary>
internal sealed class CorsSettingsValidator : IValidateOptions<CorsSettings>
{
    public ValidateOptionsResult Validate(string? name, CorsSettings options)
    {
        if (!options.Enabled) return ValidateOptionsResult.Success;
        var errors = new List<string>();
        if (options.AllowedOrigins.Count == 0)
            errors.Add("Cors:Enabled is true but Cors:AllowedOrigins is empty; list origins such as https://app.example.com.");
        foreach (var origin in options.AllowedOrigins)
        {
            if (origin == "*") continue;
            if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")
                || uri.AbsolutePath != "/" || origin.EndsWith('/'))
                errors.Add($"Cors:AllowedOrigins entry '{origin}' must be an origin like https://app.example.com (scheme, host, optional port, no path).");
        }
        if (options.AllowedMethods.Count == 0) errors.Add("Cors:AllowedMethods must list at least one method.");
        if (options.PreflightMaxAgeSeconds < 0) errors.Add($"Cors:PreflightMaxAgeSeconds must be 0 or more, not {options.PreflightMaxAgeSeconds}.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

/// <summary>Registers the configured policy as the default CORS policy.</summary>
internal sealed class ConfigureCorsPolicy(IOptions<CorsSettings> settings) : IConfigureOptions<CorsOptions>
{
    public void Configure(CorsOptions options)
    {
        if (settings.Value.Enabled) options.AddDefaultPolicy(settings.Value.ToPolicy());
    }
}
