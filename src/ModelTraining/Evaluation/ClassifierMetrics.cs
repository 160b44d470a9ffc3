using System.Globalization;
using DenoiseApi.Noise;

namespace DenoiseApi.Training.Evaluation;

/// <summary>
/// Classifier accuracy on clean digits, on noisy digits, and (when a denoiser was given) on the denoiser's output for
/// the noisy digits — the tutorials' denoise-then-classify pipeline.
/// </summary>
public sealed record ClassifierMetrics(NoiseSpec Noise, int Images, double AccuracyClean, double AccuracyNoisy, double? AccuracyDenoised)
{
    /// <summary>
    /// The manifest's metric names: "accuracy_clean", "accuracy_&lt;noise&gt;" and "accuracy_&lt;noise&gt;_denoised",
    /// e.g. "accuracy_uniform_0.9" and "accuracy_uniform_0.9_denoised"; without noise, "accuracy_clean_denoised".
    /// </summary>
    public Dictionary<string, double> ToMetrics()
    {
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["accuracy_clean"] = AccuracyClean,
        };
        if (Noise.Type == NoiseType.None)
        {
            if (AccuracyDenoised is double cleanDenoised)
            {
                metrics["accuracy_clean_denoised"] = cleanDenoised; // what denoising first does to clean digits
            }
        }
        else
        {
            metrics[$"accuracy_{Noise.MetricKey}"] = AccuracyNoisy;
            if (AccuracyDenoised is double denoised)
            {
                metrics[$"accuracy_{Noise.MetricKey}_denoised"] = denoised;
            }
        }

        return metrics;
    }

    /// <summary>One line for the console, e.g. "10000 digits: clean 98.10%, uniform:0.9 30.00%, denoised 95.20%".</summary>
    public override string ToString()
    {
        string text = string.Create(
            CultureInfo.InvariantCulture, $"{Images} digits: clean {AccuracyClean:P2}, {Noise} {AccuracyNoisy:P2}");
        return AccuracyDenoised is double d ? text + string.Create(CultureInfo.InvariantCulture, $", denoised {d:P2}") : text;
    }
}
