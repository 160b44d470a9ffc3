using DenoiseApi.Inference;

namespace DenoiseApi.Diagnostics;

/// <summary>
/// The model version that answered a request, as a request feature (<see cref="HttpContext.Features"/>). The endpoint
/// sets it through <see cref="ServedModelFeature.Set"/>; the request metrics and the request log read it. Absent
/// when no model answered (a refused, invalid or failed request).
/// </summary>
public interface IServedModelFeature
{
    /// <summary>The model version that answered.</summary>
    ServedModel Model { get; }

    /// <summary>"name/version" of <see cref="Model"/>, as logs and metrics name it.</summary>
    string Label { get; }

    /// <summary>The denoiser the request's images went through before <see cref="Model"/> (/classify?denoise=true), if any.</summary>
    ServedModel? Denoiser { get; }
}
