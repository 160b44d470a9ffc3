using System.Globalization;
using DenoiseApi.Errors;
using DenoiseApi.Inference;
using DenoiseApi.Imaging;
using DenoiseApi.ModelStore;
using DenoiseApi.Noise;
using NoiseSpec = DenoiseApi.Noise.NoiseSpec;
using NoiseType = DenoiseApi.Noise.NoiseType;

namespace DenoiseApi.Input;

/// <summary>
/// The query of an image endpoint, bound with <c>[AsParameters]</c>: its members' types (choices, ints) are checked by
/// binding, and <see cref="Check"/> adds what types cannot say (a positive version, a version needs its model, a noise
/// level's range). Both kinds of mistake become the same 400 invalid-query answer (see <see cref="QueryProblems"/>).
/// </summary>
public interface IImageQuery
{
    /// <summary>The mistake in the query's values, if any.</summary>
    Failure? Check();
}

/// <summary>The query of an endpoint that runs models: which ones it will reach, so a full queue is refused before the body is read.</summary>
public interface IModelQuery : IImageQuery
{
    IEnumerable<(ModelKind Kind, ModelSelection Selection)> Models(ModelInvoker invoker);
}

/// <summary>POST /denoise's query.</summary>
public sealed record DenoiseQuery : IModelQuery
{
    /// <summary>Denoiser to use (default: the configured one).</summary>
    public string? Model { get; init; }

    /// <summary>Version of that model (default: the newest serving).</summary>
    public int? Version { get; init; }

    /// <summary>auto (default: decided from the border), true (dark ink on light paper) or false.</summary>
    public QueryChoice<InvertOption>? Invert { get; init; }

    /// <summary>auto (default), mnist (crop, scale into 20x20, centre by mass) or stretch.</summary>
    public QueryChoice<FitOption>? Fit { get; init; }

    /// <summary>28 or model (default) for 28x28, or input for the input's size.</summary>
    public QueryChoice<OutputSize>? Size { get; init; }

    public ModelSelection Selection => ModelQuery.Selection(Model, Version);

    public PreprocessOptions Preprocess => Preprocessing.Of(Invert, Fit);

    public Failure? Check() => ModelQuery.Check(Model, Version);

    public IEnumerable<(ModelKind, ModelSelection)> Models(ModelInvoker invoker) => [(ModelKind.Denoiser, Selection)];
}

/// <summary>POST /encode's query.</summary>
public sealed record EncodeQuery : IModelQuery
{
    /// <summary>Encoder to use (default: the configured one).</summary>
    public string? Model { get; init; }

    /// <summary>Version of that model (default: the newest serving).</summary>
    public int? Version { get; init; }

    /// <summary>auto (default), true or false.</summary>
    public QueryChoice<InvertOption>? Invert { get; init; }

    /// <summary>auto (default), mnist or stretch.</summary>
    public QueryChoice<FitOption>? Fit { get; init; }

    public ModelSelection Selection => ModelQuery.Selection(Model, Version);

    public PreprocessOptions Preprocess => Preprocessing.Of(Invert, Fit);

    public Failure? Check() => ModelQuery.Check(Model, Version);

    public IEnumerable<(ModelKind, ModelSelection)> Models(ModelInvoker invoker) => [(ModelKind.Encoder, Selection)];
}

/// <summary>POST /classify's query.</summary>
public sealed record ClassifyQuery : IModelQuery
{
    /// <summary>Classifier to use (default: the configured one).</summary>
    public string? Model { get; init; }

    /// <summary>Version of that model (default: the newest serving).</summary>
    public int? Version { get; init; }

    /// <summary>true (or 1) runs the denoiser first; false (default) classifies the image as it is.</summary>
    public QueryChoice<Toggle>? Denoise { get; init; }

    /// <summary>Denoiser to run first (default: the one the classifier was trained with, else the configured one).</summary>
    public string? Denoiser { get; init; }

    /// <summary>Version of that denoiser (default: the newest serving).</summary>
    public int? DenoiserVersion { get; init; }

    /// <summary>auto (default), true or false.</summary>
    public QueryChoice<InvertOption>? Invert { get; init; }

    /// <summary>auto (default), mnist or stretch.</summary>
    public QueryChoice<FitOption>? Fit { get; init; }

    public ModelSelection Selection => ModelQuery.Selection(Model, Version);

    public bool DenoiseFirst => Denoise?.Value == Toggle.True;

    public PreprocessOptions Preprocess => Preprocessing.Of(Invert, Fit);

    /// <summary>The denoiser that runs first (see <see cref="ModelInvoker.DenoiserFor"/>); only meaningful with <see cref="DenoiseFirst"/>.</summary>
    public ModelSelection DenoiserSelection(ModelInvoker invoker) =>
        invoker.DenoiserFor(Selection, ModelQuery.Selection(Denoiser, DenoiserVersion));

    public Failure? Check() =>
        ModelQuery.Check(Model, Version) ?? ModelQuery.Check(Denoiser, DenoiserVersion, "denoiser", "denoiserVersion");

    public IEnumerable<(ModelKind, ModelSelection)> Models(ModelInvoker invoker) => DenoiseFirst
        ? [(ModelKind.Denoiser, DenoiserSelection(invoker)), (ModelKind.Classifier, Selection)]
        : [(ModelKind.Classifier, Selection)];
}

/// <summary>POST /noise's query.</summary>
public sealed record NoiseQuery : IImageQuery
{
    /// <summary>The noise: gaussian, uniform, salt-pepper, mask, blind (one of them at a random level per image, as the blind denoiser trains on) or none (required).</summary>
    public QueryChoice<NoiseType>? Type { get; init; }

    /// <summary>σ for gaussian and f for uniform (0 to 2); the fraction of pixels hit for salt-pepper and mask (0 to 1); for blind, the scale of its ranges (0 to 1).</summary>
    public double? Level { get; init; }

    /// <summary>Seed of the noise; the same seed gives the same noise. Default: a random seed, reported in X-Noise-Seed.</summary>
    public long? Seed { get; init; }

    /// <summary>auto (default), true or false: as for /denoise.</summary>
    public QueryChoice<InvertOption>? Invert { get; init; }

    /// <summary>auto (default), mnist or stretch: as for /denoise.</summary>
    public QueryChoice<FitOption>? Fit { get; init; }

    /// <summary>28 or model (default), or input: as for /denoise.</summary>
    public QueryChoice<OutputSize>? Size { get; init; }

    public PreprocessOptions Preprocess => Preprocessing.Of(Invert, Fit);

    /// <summary>The noise asked for; only valid after <see cref="Check"/> passed.</summary>
    public NoiseSpec Spec => NoiseSpec.Parse(SpecText);

    public Failure? Check()
    {
        if (Type is null) return Failure.Query($"'type' is required: {QueryChoice<NoiseType>.Expected}.");
        return NoiseSpec.TryParse(SpecText, out _, out var error) ? null : Failure.Query(error ?? $"Noise '{SpecText}' is not understood.");
    }

    private string SpecText => Level is { } level
        ? $"{Type}:{level.ToString("R", CultureInfo.InvariantCulture)}"
        : Type?.ToString() ?? "";
}

/// <summary>The model and version members every model query has.</summary>
internal static class ModelQuery
{
    public static ModelSelection Selection(string? model, int? version) =>
        new(string.IsNullOrWhiteSpace(model) ? null : model.Trim(), version);

    public static Failure? Check(string? model, int? version, string modelParameter = "model", string versionParameter = "version")
    {
        if (version is null) return null;
        if (version <= 0) return Failure.Query($"'{versionParameter}' must be a positive integer, not '{version}'.");
        return string.IsNullOrWhiteSpace(model)
            ? Failure.Query($"'{versionParameter}' needs '{modelParameter}' to say which model it is a version of.")
            : null;
    }
}
