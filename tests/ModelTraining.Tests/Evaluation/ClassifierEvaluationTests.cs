using DenoiseApi.Noise;
using DenoiseApi.Training.Data;
using DenoiseApi.Training.Evaluation;

namespace DenoiseApi.Training.Tests.Evaluation;

public sealed class ClassifierEvaluationTests
{
    /// <summary>
    /// A classifier for <see cref="DenoiserEvaluationTests.Digits"/>: the label is read off the brightness at the disc
    /// centre, which noise disturbs.
    /// </summary>
    private const int Centre = (14 * 28) + 12;
    private static readonly float DiscCentreValue = SsimTests.Blob(0f)[Centre];

    private static float[] BrightnessClassifier(ReadOnlyMemory<float> batch, int n)
    {
        var scores = new float[n * 10];
        for (int i = 0; i < n; i++)
        {
            float scale = batch.Span[(i * 784) + Centre] / DiscCentreValue;
            int label = Math.Clamp((int)MathF.Round((scale - 0.5f) / 0.05f), 0, 9);
            scores[(i * 10) + label] = 1;
        }

        return scores;
    }

    [Fact]
    public void MeasuresCleanNoisyAndDenoisedAccuracy()
    {
        MnistDataset data = DenoiserEvaluationTests.Digits(200);
        int next = 0;
        float[] Oracle(ReadOnlyMemory<float> batch, int n)
        {
            float[] clean = data.Images.AsSpan(next * 784, n * 784).ToArray();
            next += n;
            return clean;
        }

        ClassifierMetrics m = ClassifierEvaluation.Run(data, new GaussianNoise(0.2f), seed: 4, BrightnessClassifier, Oracle, batchSize: 30);

        Assert.Equal(1.0, m.AccuracyClean);
        Assert.InRange(m.AccuracyNoisy, 0.0, 0.5);
        Assert.Equal(1.0, m.AccuracyDenoised);
    }

    [Fact]
    public void WithoutADenoiserThereIsNoDenoisedAccuracy()
    {
        MnistDataset data = DenoiserEvaluationTests.Digits(20);

        ClassifierMetrics m = ClassifierEvaluation.Run(data, new UniformNoise(0.9f), seed: 4, BrightnessClassifier);

        Assert.Null(m.AccuracyDenoised);
        Assert.Equal(["accuracy_clean", "accuracy_uniform_0.9"], m.ToMetrics().Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void MetricsUseTheManifestNames()
    {
        var m = new ClassifierMetrics(NoiseSpec.Parse("uniform:0.9"), 10_000, 0.981, 0.3, 0.955);

        Dictionary<string, double> metrics = m.ToMetrics();

        Assert.Equal(0.981, metrics["accuracy_clean"]);
        Assert.Equal(0.3, metrics["accuracy_uniform_0.9"]);
        Assert.Equal(0.955, metrics["accuracy_uniform_0.9_denoised"]);
        Assert.Contains("98.10", m.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void AccuracyRunsTheModelInBatches()
    {
        MnistDataset data = DenoiserEvaluationTests.Digits(23);
        var sizes = new List<int>();

        double accuracy = ClassifierEvaluation.Accuracy(
            data.Images, data.Labels, (b, n) => { sizes.Add(n); return BrightnessClassifier(b, n); }, batchSize: 10);

        Assert.Equal(1.0, accuracy);
        Assert.Equal([10, 10, 3], sizes);
    }
}
