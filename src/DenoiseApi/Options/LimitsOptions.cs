namespace DenoiseApi.Options;

/// <summary>What one request may cost (section <c>Limits</c>).</summary>
public sealed class LimitsOptions
{
    public const string SectionName = "Limits";

    /// <summary>Largest request body in bytes; a larger one is answered 413.</summary>
    public long MaxRequestBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>Most pixels (width x height) decoded for one request, summed over its images; checked from the headers before decoding.</summary>
    public long MaxPixels { get; set; } = 16_000_000;

    /// <summary>Most requests decoding images at once; the others wait (within their deadline) for a slot.</summary>
    public int MaxConcurrentDecodes { get; set; } = Environment.ProcessorCount;

    /// <summary>Most images in one multipart request.</summary>
    public int MaxImagesPerRequest { get; set; } = 64;

    /// <summary>Deadline for one request's queueing and inference, in milliseconds.</summary>
    public int RequestDeadlineMilliseconds { get; set; } = 10_000;

    /// <summary>Seconds a client is told to wait (Retry-After) when the service is overloaded or not ready.</summary>
    public int RetryAfterSeconds { get; set; } = 1;
}
