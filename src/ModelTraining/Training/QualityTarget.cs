using System.Globalization;

namespace DenoiseApi.Training.Training;

/// <summary>A minimum a test-set metric must reach before the trainer writes the model.</summary>
public sealed record QualityTarget(string Metric, double Minimum)
{
    /// <summary>The targets <paramref name="metrics"/> misses (a missing metric counts as missed), as readable lines.</summary>
    public static IReadOnlyList<string> Misses(IEnumerable<QualityTarget> targets, IReadOnlyDictionary<string, double> metrics) =>
        targets
            .Where(t => !metrics.TryGetValue(t.Metric, out var value) || !(value >= t.Minimum))
            .Select(t => metrics.TryGetValue(t.Metric, out var value)
                ? string.Create(CultureInfo.InvariantCulture, $"{t.Metric} = {value:G6} is below the target {t.Minimum:G6}")
                : $"{t.Metric} was not measured")
            .ToList();

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Metric} >= {Minimum:G6}");
}

/// <summary>Thrown when a trained model misses a quality target; nothing is written.</summary>
public sealed class QualityTargetMissedException(string model, IReadOnlyList<string> misses)
    : Exception($"Model '{model}' misses its quality target, so it was not written: {string.Join("; ", misses)}.")
{
    public IReadOnlyList<string> Misses { get; } = misses;
}
