namespace DenoiseApi.Security;

/// <summary>The edge's log events, source-generated with structured fields. No image bytes or keys ever appear.</summary>
internal static partial class RequestLog
{
    [LoggerMessage(100, LogLevel.Information,
        "{Method} {Path} answered {StatusCode} in {DurationMs} ms (model {Model}, denoiser {Denoiser}, batch {BatchSize}, client {Client})")]
    public static partial void Answered(ILogger logger, string method, string path, int statusCode, double durationMs,
        string model, string denoiser, int batchSize, string client);

    [LoggerMessage(101, LogLevel.Warning,
        "{Method} {Path} answered {StatusCode} in {DurationMs} ms (model {Model}, denoiser {Denoiser}, batch {BatchSize}, client {Client})")]
    public static partial void AnsweredWithServerError(ILogger logger, string method, string path, int statusCode,
        double durationMs, string model, string denoiser, int batchSize, string client);

    [LoggerMessage(102, LogLevel.Debug, "{Method} {Path} answered {StatusCode} in {DurationMs} ms")]
    public static partial void ProbeAnswered(ILogger logger, string method, string path, int statusCode, double durationMs);
}
