using DenoiseApi.ModelStore;

namespace DenoiseApi.Training.Evaluation;

/// <summary>
/// What one model scored on the test set: a denoiser's metrics per noise (the first is its own noise), or a classifier's
/// accuracies per noise (with the name of the denoiser of its pipeline, when one was used).
/// </summary>
public sealed record TestResults(IReadOnlyList<DenoiserMetrics> Denoising, IReadOnlyList<ClassifierMetrics> Classification, string? PipelineDenoiser = null)
{
    public static TestResults ForDenoiser(params DenoiserMetrics[] metrics) => new(metrics, []);

    public static TestResults ForClassifier(ClassifierMetrics metrics, string? pipelineDenoiser) => new([], [metrics], pipelineDenoiser);

    public static TestResults ForClassifier(IReadOnlyList<ClassifierMetrics> metrics, string? pipelineDenoiser) => new([], metrics, pipelineDenoiser);

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
        foreach (var noise in Classification)
        {
            foreach (var (key, value) in noise.ToMetrics()) metrics[key] = value;
        }
        return metrics;
    }

    /// <summary>The manifest's evaluation table: a row per noise, in the order evaluated, its metrics under plain names.</summary>
    public EvaluationTable ToEvaluationTable(int images, int seed) => new(
        images,
        seed,
        PipelineDenoiser,
        [
            .. Denoising.Select(d => new EvaluationRow(d.Noise.ToString(), d.ToMetrics())),
            .. Classification.Select(c => new EvaluationRow(c.Noise.ToString(), ClassifierRow(c))),
        ]);

    /// <summary>A classifier's row: its accuracy on the row's digits (clean ones for no noise) and after the pipeline denoiser.</summary>
    private static Dictionary<string, double> ClassifierRow(ClassifierMetrics metrics)
    {
        var row = new Dictionary<string, double>(StringComparer.Ordinal) { ["accuracy"] = metrics.AccuracyNoisy };
        if (metrics.AccuracyDenoised is double denoised) row["accuracy_denoised"] = denoised;
        return row;
    }
}
