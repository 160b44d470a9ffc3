using DenoiseApi.Training.Training;
using NoiseSpec = DenoiseApi.Noise.NoiseSpec;

namespace DenoiseApi.Training.Cli;

/// <summary>The command-line settings that replace a recipe's defaults (null = keep the recipe's).</summary>
internal sealed record TrainingOverrides(
    int? Epochs,
    int? Seed,
    int? BatchSize,
    float? LearningRate,
    NoiseSpec? Noise,
    int? Patience,
    int? ValidationCount,
    LearningRateSchedule? Schedule,
    double? MinPsnr,
    double? MinAccuracy,
    double? MinDenoisedAccuracy,
    double? DenoisedAugmentation)
{
    public static TrainingOverrides None { get; } = new(null, null, null, null, null, null, null, null, null, null, null, null);

    /// <summary>Where to train (not a recipe setting: every recipe trains anywhere).</summary>
    public TrainingDevice Device { get; init; } = TrainingDevice.Cpu;

    /// <summary>libtorch threads; null = every core.</summary>
    public int? Threads { get; init; }

    /// <summary>The published model whose weights start the run (<c>--start-from</c>); null = the recipe's choice.</summary>
    public string? StartFrom { get; init; }

    public TrainingOptions Apply(TrainingOptions options) => options with
    {
        Epochs = Epochs ?? options.Epochs,
        Seed = Seed ?? options.Seed,
        BatchSize = BatchSize ?? options.BatchSize,
        LearningRate = LearningRate ?? options.LearningRate,
        Noise = Noise ?? options.Noise,
        Patience = Patience ?? options.Patience,
        ValidationCount = ValidationCount ?? options.ValidationCount,
        Schedule = Schedule ?? options.Schedule,
        Device = Device,
        Threads = Threads ?? options.Threads,
    };

    /// <summary>The recipe's targets with any minimum given on the command line replacing the one for the same metric.</summary>
    public IReadOnlyList<QualityTarget> ApplyTargets(IReadOnlyList<QualityTarget> targets)
    {
        var byMetric = targets.ToDictionary(t => t.Metric, StringComparer.Ordinal);
        if (MinPsnr is double psnr) byMetric["psnr_denoised_db"] = new QualityTarget("psnr_denoised_db", psnr);
        if (MinAccuracy is double accuracy) byMetric["accuracy_clean"] = new QualityTarget("accuracy_clean", accuracy);
        if (MinDenoisedAccuracy is double denoised) byMetric["accuracy_uniform_0.9_denoised"] = new QualityTarget("accuracy_uniform_0.9_denoised", denoised);
        return byMetric.Values.ToList();
    }
}
