using DenoiseApi.Inference;
using Microsoft.AspNetCore.Http.Features;

namespace DenoiseApi.Diagnostics;

/// <summary>
/// The <see cref="IServedModelFeature"/> of one request: one small object per answered request, whose label string is
/// made once and shared by the metrics and the log.
/// </summary>
public sealed class ServedModelFeature(ServedModel model, ServedModel? denoiser = null) : IServedModelFeature
{
    /// <summary>The tag ASP.NET Core's <c>http.server.request.duration</c> carries the answering model under.</summary>
    public const string MetricsTag = "model";

    public ServedModel Model { get; } = model;

    public string Label { get; } = model.Label;

    public ServedModel? Denoiser { get; } = denoiser;

    /// <summary>
    /// Records that <paramref name="model"/> answered the request (after <paramref name="denoiser"/>, for a chained
    /// /classify): read by the request log, and added as the <see cref="MetricsTag"/> tag of the request's
    /// <c>http.server.request.duration</c> measurement, so requests and latency are counted per model; and names the
    /// model in the answer's X-Model and X-Model-Version headers.
    /// </summary>
    public static void Set(HttpContext context, ServedModel model, ServedModel? denoiser = null)
    {
        var feature = new ServedModelFeature(model, denoiser);
        context.Features.Set<IServedModelFeature>(feature);
        context.Features.Get<IHttpMetricsTagsFeature>()?.Tags.Add(new(MetricsTag, feature.Label));
        // Every answer names its model: JSON answers in fields, PNG answers (no fields) only here.
        context.Response.Headers[Apis.ImageEndpointConventions.ModelHeader] = model.Name;
        context.Response.Headers[Apis.ImageEndpointConventions.ModelVersionHeader] = model.Version.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
