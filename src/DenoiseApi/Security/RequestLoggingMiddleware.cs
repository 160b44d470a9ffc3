using System.Diagnostics;
using DenoiseApi.Diagnostics;
using DenoiseApi.Input;
using Microsoft.AspNetCore.Http.Features;

namespace DenoiseApi.Security;

/// <summary>
/// Writes one structured event per request when it ends: method, path (never the query or body), status code,
/// duration, model (the <see cref="IServedModelFeature"/> the endpoint set, "-" when no model answered), the denoiser a
/// chained /classify?denoise=true ran first ("-" for none), batch size and client (key fingerprint or IP), inside the
/// correlation-id scope. Health and metrics requests are logged at Debug so
/// probes do not flood the log.
/// </summary>
public sealed class RequestLoggingMiddleware(RequestDelegate next, ILogger<RequestLoggingMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
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
            Write(context, status, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }

    private void Write(HttpContext context, int status, double elapsedMs)
    {
        // Checked first: the fields below (the client's address as text, the form's files) cost more than the check, and
        // the event is off whenever the service logs at Warning, as under load tests.
        if (!logger.IsEnabled(status >= 500 ? LogLevel.Warning : IsProbe(context.Request.Path) ? LogLevel.Debug : LogLevel.Information)) return;
        var method = context.Request.Method;
        var path = context.Request.Path.Value ?? "/";
        var durationMs = Math.Round(elapsedMs, 3);
        if (IsProbe(context.Request.Path))
        {
            RequestLog.ProbeAnswered(logger, method, path, status, durationMs);
            return;
        }
        var served = context.Features.Get<IServedModelFeature>();
        var model = served?.Label ?? "-";
        var denoiser = served?.Denoiser?.Label ?? "-";
        var batch = ImagesIn(context);
        var client = ClientRateLimiter.PartitionKey(context);
        if (status >= 500) RequestLog.AnsweredWithServerError(logger, method, path, status, durationMs, model, denoiser, batch, client);
        else RequestLog.Answered(logger, method, path, status, durationMs, model, denoiser, batch, client);
    }

    /// <summary>
    /// How many images the request carried, without reading the body again: the files in the multipart field the
    /// endpoint already parsed (the form is cached in <see cref="IFormFeature"/>), or 1 for a raw image body.
    /// </summary>
    private static int ImagesIn(HttpContext context)
    {
        if (context.Features.Get<IFormFeature>()?.Form is { } form)
            return form.Files.Count(f => string.Equals(f.Name, ImageRequestReader.FieldName, StringComparison.OrdinalIgnoreCase));
        var request = context.Request;
        var hasBody = request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0;
        return hasBody && !request.HasFormContentType && HttpMethods.IsPost(request.Method) ? 1 : 0;
    }

    private static bool IsProbe(PathString path) =>
        path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/metrics", StringComparison.OrdinalIgnoreCase);
}
