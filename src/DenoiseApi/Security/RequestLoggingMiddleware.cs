using System.Diagnostics;

namespace DenoiseApi.Security;

/// <summary>
/// Writes one structured event per request when it ends: method, path (never the query or body), status code,
/// duration, model, batch size and client (key fingerprint or IP), inside the correlation-id scope. Health and
/// metrics requests are logged at Debug so probes do not flood the log.
/// </summary>
public sealed class RequestLoggingMiddleware(RequestDelegate next, ILogger<RequestLoggingMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var fields = new RequestLogFields();
        context.Features.Set(fields);
        var started = Stopwatch.GetTimestamp();
        var status = StatusCodes.Status500InternalServerError;
        try
        {
            await next(context);
            status = context.Response.StatusCode;
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            status = 499; // client closed the request
            throw;
        }
        finally
        {
            Write(context, fields, status, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }

    private void Write(HttpContext context, RequestLogFields fields, int status, double elapsedMs)
    {
        var method = context.Request.Method;
        var path = context.Request.Path.Value ?? "/";
        var durationMs = Math.Round(elapsedMs, 3);
        if (IsProbe(context.Request.Path))
        {
            RequestLog.ProbeAnswered(logger, method, path, status, durationMs);
            return;
        }
        var model = fields.Model ?? "-";
        var batch = fields.BatchSize ?? 0;
        var client = ClientRateLimiter.PartitionKey(context);
        if (status >= 500) RequestLog.AnsweredWithServerError(logger, method, path, status, durationMs, model, batch, client);
        else RequestLog.Answered(logger, method, path, status, durationMs, model, batch, client);
    }

    private static bool IsProbe(PathString path) =>
        path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/metrics", StringComparison.OrdinalIgnoreCase);
}
