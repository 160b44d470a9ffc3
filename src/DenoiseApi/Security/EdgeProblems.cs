using System.Globalization;
using DenoiseApi.Diagnostics;
using DenoiseApi.Errors;
using Microsoft.AspNetCore.Mvc;

namespace DenoiseApi.Security;

/// <summary>
/// The ProblemDetails answers of the edge middleware (missing key, rate limit), with stable <c>type</c> URIs in the
/// same <see cref="Problems.TypePrefix"/> family as the endpoints' failures.
/// </summary>
public static class EdgeProblems
{
    /// <summary>Problem type of a request without an accepted API key (401).</summary>
    public static readonly string Unauthorized = Problems.TypePrefix + "unauthorized";

    /// <summary>Problem type of a request over the client's rate limit (429).</summary>
    public static readonly string RateLimited = Problems.TypePrefix + "rate-limited";

    /// <summary>Answers 401 with a <c>WWW-Authenticate</c> challenge naming the key header.</summary>
    public static Task WriteUnauthorizedAsync(HttpContext context, string detail)
    {
        context.RequestServices.GetService<ServiceMetrics>()?.Refused(ServiceMetrics.Reasons.Unauthorized);
        context.Response.Headers.WWWAuthenticate = $"ApiKey header=\"{ApiKeyOptions.HeaderName}\"";
        return WriteAsync(context, StatusCodes.Status401Unauthorized, Unauthorized, "An API key is required", detail);
    }

    /// <summary>Answers 429 with <c>Retry-After</c> in whole seconds (at least 1).</summary>
    public static Task WriteRateLimitedAsync(HttpContext context, TimeSpan retryAfter)
    {
        context.RequestServices.GetService<ServiceMetrics>()?.Refused(ServiceMetrics.Reasons.RateLimited);
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return WriteAsync(context, StatusCodes.Status429TooManyRequests, RateLimited, "Too many requests",
            $"This client is over its request rate; retry after {seconds} s.");
    }

    private static Task WriteAsync(HttpContext context, int status, string type, string title, string detail)
    {
        var problem = new ProblemDetails
        {
            Status = status,
            Type = type,
            Title = title,
            Detail = detail,
            Instance = context.Request.Path,
        };
        return TypedResults.Problem(problem).ExecuteAsync(context);
    }
}
