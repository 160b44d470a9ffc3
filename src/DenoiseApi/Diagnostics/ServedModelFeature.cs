using DenoiseApi.Inference;

namespace DenoiseApi.Diagnostics;

/// <summary>
/// The <see cref="IServedModelFeature"/> of one request: one small object per answered request, whose label string is
/// made once, on first read, and shared by the metrics and the log.
/// </summary>
public sealed class ServedModelFeature(ServedModel model, ServedModel? denoiser = null) : IServedModelFeature
{
    private string? _label;

    public ServedModel Model { get; } = model;

    public string Label => _label ??= Model.Label;

    public ServedModel? Denoiser { get; } = denoiser;
}
