namespace DenoiseApi.Security;

/// <summary>
/// The request's correlation id: the caller's <c>X-Correlation-Id</c> when it is a sane token (1-64 characters of
/// letters, digits, '-', '_', '.', ':'), otherwise a new one. Set as a feature by <see cref="CorrelationIdMiddleware"/>.
/// </summary>
public sealed record CorrelationId(string Value) : IReadOnlyList<KeyValuePair<string, object?>>
{
    /// <summary>The log property the id is written under.</summary>
    public const string PropertyName = "CorrelationId";

    public const string HeaderName = "X-Correlation-Id";

    public const int MaxLength = 64;

    /// <summary>The caller's id if it is safe to echo and log, else null.</summary>
    public static string? Accept(string? presented)
    {
        if (string.IsNullOrEmpty(presented) || presented.Length > MaxLength) return null;
        foreach (var c in presented)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':')) return null;
        }
        return presented;
    }

    /// <summary>
    /// A new id: 32 lower-case hex digits, 128 random bits. From <see cref="Random.Shared"/>: an id needs to be unique,
    /// not unguessable, and <see cref="Guid.NewGuid"/> costs a getrandom system call (~2.5 us, on every request).
    /// </summary>
    public static string New()
    {
        Span<byte> bits = stackalloc byte[16];
        Random.Shared.NextBytes(bits);
        return Convert.ToHexStringLower(bits);
    }

    // As a log scope state the id is one property, CorrelationId (the form logging providers read scope properties in).
    int IReadOnlyCollection<KeyValuePair<string, object?>>.Count => 1;

    KeyValuePair<string, object?> IReadOnlyList<KeyValuePair<string, object?>>.this[int index] =>
        index == 0 ? new(PropertyName, Value) : throw new ArgumentOutOfRangeException(nameof(index));

    IEnumerator<KeyValuePair<string, object?>> IEnumerable<KeyValuePair<string, object?>>.GetEnumerator()
    {
        yield return new(PropertyName, Value);
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() =>
        ((IEnumerable<KeyValuePair<string, object?>>)this).GetEnumerator();

    public override string ToString() => $"{PropertyName}:{Value}";
}

/// <summary>
/// Takes or makes the correlation id, echoes it in the response header, and opens a log scope with it so every log
/// event of the request (the service's too) carries <c>CorrelationId</c>.
/// </summary>
public sealed class CorrelationIdMiddleware(RequestDelegate next, ILogger<CorrelationIdMiddleware> logger)
{
    /// <summary>The ProblemDetails extension member that carries the id, so a client can quote it from an error body.</summary>
    public const string ProblemExtension = "correlationId";

    /// <summary>Adds the request's correlation id to a ProblemDetails answer written through the problem details service.</summary>
    public static void AddTo(ProblemDetailsContext context)
    {
        if (context.HttpContext.Features.Get<CorrelationId>() is { } id) context.ProblemDetails.Extensions[ProblemExtension] = id.Value;
    }

    public async Task InvokeAsync(HttpContext context)
    {
        var id = new CorrelationId(CorrelationId.Accept(context.Request.Headers[CorrelationId.HeaderName].FirstOrDefault()) ?? CorrelationId.New());
        context.Features.Set(id);
        // Set when the answer starts, so an exception handler that clears the headers cannot drop it.
        context.Response.OnStarting(static state =>
        {
            var http = (HttpContext)state;
            http.Response.Headers[CorrelationId.HeaderName] = http.Features.Get<CorrelationId>()!.Value;
            return Task.CompletedTask;
        }, context);
        using (logger.BeginScope(id))
        {
            await next(context);
        }
    }
}
