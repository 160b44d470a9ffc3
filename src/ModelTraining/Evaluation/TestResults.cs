namespace DenoiseApi.Training.Evaluation;

/// <summary>
/// What one model scored on the test set: a denoiser's metrics per noise (the first is its own noise), or a classifier's
/// accuracies (with the name of the denoiser of its pipeline, when one was used).
/// </summary>
public sealed record TestResults(IReadOnlyList<DenoiserMetrics> Denoising, ClassifierMetrics? Classification = null, string? PipelineDenoiser = null)
{
    public static TestResults ForDenoiser(params DenoiserMetrics[] metrics) => new(metrics);

    public static TestResults ForClassifier(ClassifierMetrics metrics, string? pipelineDenoiser) => new([], metrics, pipelineDenoiser);

    /// <summary>
    /// The manifest's metrics: the first denoising result under plain names ("psnr_denoised_db"), the others qualified
    /// with their noise ("psnr_denoised_db_gaussian_0.5"); a classifier's accuracies.
    /// </summary>
    public Dictionary<string, double> ToMetrics()
    {
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal);
        for (var i = 0; i < Denoising.Count; i++)
        {
            foreach (var (key, value) in Denoising[i].ToMetrics(qualifyWithNoise: i > 0)) metrics[key] = value;
        }
        if (Classification is not null)
        {
            foreach (var (key, value) in Classification.ToMetrics()) metrics[key] = value;
        }
        return metrics;
    }
}
