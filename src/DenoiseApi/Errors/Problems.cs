using System.Globalization;
using DenoiseApi.Options;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace DenoiseApi.Errors;

/// <summary>
/// The one place that turns a failure into an HTTP answer, for the endpoints and the edge (authentication, rate limits)
/// alike: status, stable <c>type</c> URI, title, and Retry-After where waiting helps. Nothing here ever carries an
/// exception's text or stack to the client.
/// </summary>
public static class Problems
{
    /// <summary>Prefix of every problem type; the suffix names the failure and never changes.</summary>
    public const string TypePrefix = "urn:denoiseapi:problem:";

    private sealed record Entry(int Status, string Slug, string Title, bool RetryAfter);

    private static readonly Dictionary<FailureKind, Entry> Table = new()
    {
        [FailureKind.MalformedImage] = new(400, "malformed-image", "The image cannot be read", false),
        [FailureKind.MissingImage] = new(400, "missing-image", "The request carries no image", false),
        [FailureKind.InvalidQuery] = new(400, "invalid-query", "A query parameter has a value that is not allowed", false),
        [FailureKind.WrongModelKind] = new(400, "wrong-model-kind", "The named model cannot serve this endpoint", false),
        [FailureKind.Unauthorized] = new(401, "unauthorized", "An API key is required", false),
        [FailureKind.UnknownModel] = new(404, "unknown-model", "No such model is loaded", false),
        [FailureKind.TooLarge] = new(413, "too-large", "The request is over a size limit", false),
        [FailureKind.RequestTimeout] = new(408, "request-timeout", "The request body arrived too slowly", false),
        [FailureKind.UnsupportedFormat] = new(415, "unsupported-format", "The image format is not supported", false),
        [FailureKind.NotADigit] = new(422, "not-a-digit", "The image cannot hold a digit", false),
        [FailureKind.RateLimited] = new(429, "rate-limited", "Too many requests", true),
        [FailureKind.NotReady] = new(503, "not-ready", "The models are still loading", true),
        [FailureKind.Overloaded] = new(503, "overloaded", "The model's queue is full", true),
        [FailureKind.DeadlineExceeded] = new(503, "deadline-exceeded", "The request's deadline passed before it was answered", true),
        [FailureKind.InferenceFailed] = new(500, "inference-failed", "The model failed to run", false),
        [FailureKind.Internal] = new(500, "internal-error", "The service failed unexpectedly", false),
    };

    /// <summary>The status code a failure kind is answered with.</summary>
    public static int StatusOf(FailureKind kind) => Table[kind].Status;

    /// <summary>The stable problem <c>type</c> URI of a failure kind.</summary>
    public static string TypeOf(FailureKind kind) => TypePrefix + Table[kind].Slug;

    /// <summary>Every status the table answers with, for the API description.</summary>
    public static IEnumerable<int> Statuses => Table.Values.Select(e => e.Status).Distinct().Order();

    /// <summary>The ProblemDetails body for a failure.</summary>
    public static ProblemDetails Describe(Failure failure, string? instance = null)
    {
        var entry = Table[failure.Kind];
        return new ProblemDetails
        {
            Status = entry.Status,
            Type = TypePrefix + entry.Slug,
            Title = entry.Title,
            Detail = failure.Detail,
            Instance = instance,
        };
    }

    /// <summary>
    /// The typed result a handler returns for a failure; sets Retry-After when waiting helps (<paramref name="retryAfter"/>,
    /// else the configured <see cref="LimitsOptions.RetryAfterSeconds"/>).
    /// </summary>
    public static ProblemHttpResult For(Failure failure, HttpContext context, TimeSpan? retryAfter = null)
    {
        if (Table[failure.Kind].RetryAfter)
        {
            var seconds = retryAfter is { } wait
                ? Seconds(wait)
                : context.RequestServices.GetService<IOptions<LimitsOptions>>()?.Value.RetryAfterSeconds ?? 1;
            context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }
        return TypedResults.Problem(Describe(failure, context.Request.Path));
    }

    /// <summary>Writes the answer for a failure from middleware or an authentication handler (outside an endpoint).</summary>
    public static Task WriteAsync(HttpContext context, Failure failure, TimeSpan? retryAfter = null) =>
        For(failure, context, retryAfter).ExecuteAsync(context);

    /// <summary>A wait in whole seconds for Retry-After, at least 1.</summary>
    public static int Seconds(TimeSpan wait) => Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
}
