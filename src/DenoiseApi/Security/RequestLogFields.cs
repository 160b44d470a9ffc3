namespace DenoiseApi.Security;

/// <summary>
/// What an endpoint tells the request log about the work it did: the model that answered ("name/version") and the
/// number of images in the request. Set as a request feature by <see cref="RequestLoggingMiddleware"/>; endpoints
/// fill it through <see cref="RequestLogFieldsExtensions.RecordModelUse"/>.
/// </summary>
public sealed class RequestLogFields
{
    public string? Model { get; set; }

    public int? BatchSize { get; set; }
}

/// <summary>How endpoints report their model and batch size to the request log.</summary>
public static class RequestLogFieldsExtensions
{
    /// <summary>Records the model that answered and the number of images; a no-op outside the logging middleware.</summary>
    public static void RecordModelUse(this HttpContext context, string model, int batchSize)
    {
        if (context.Features.Get<RequestLogFields>() is not { } fields) return;
        fields.Model = fields.Model is null || fields.Model == model ? model : fields.Model + "," + model;
        fields.BatchSize = Math.Max(fields.BatchSize ?? 0, batchSize);
    }
}
