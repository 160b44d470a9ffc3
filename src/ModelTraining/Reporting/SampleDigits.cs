using DenoiseApi.Noise;
using DenoiseApi.Training.Data;
using DenoiseApi.Training.Evaluation;
using DenoiseApi.Training.Models;
using DenoiseApi.Training.Reporting.Drawing;

namespace DenoiseApi.Training.Reporting;

/// <summary>
/// The report's pictures of a model at work on test digits. The noisy digits are exactly those the evaluation scored
/// (same seed, round and image index, see <see cref="NoisyTestSet"/>).
/// </summary>
public static class SampleDigits
{
    /// <summary>The first test image of each digit 0-9 (fewer when the set lacks a digit), in digit order.</summary>
    public static int[] OnePerDigit(MnistDataset test)
    {
        ArgumentNullException.ThrowIfNull(test);
        return Enumerable.Range(0, MnistDataset.ClassCount)
            .Select(d => Array.IndexOf(test.Labels, (byte)d))
            .Where(i => i >= 0)
            .ToArray();
    }

    /// <summary>Rows of clean digits, then for each noise the noisy digits and the model's reconstructions of them.</summary>
    public static Canvas Denoiser(string title, DenoiserModel model, MnistDataset test, IReadOnlyList<NoiseSpec> noises, int seed)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(noises);
        var ids = OnePerDigit(test);
        var clean = test.Subset(ids).Images;
        var rows = new List<DigitRow> { new("original", Split(clean)) };
        var infer = model.AsInference();
        foreach (var noise in noises)
        {
            var noisy = new float[clean.Length];
            NoiseBatch.Apply(noise.Create(), clean, noisy, MnistDataset.PixelCount, ids, seed, NoisyTestSet.Round);
            rows.Add(new DigitRow(noise.ToString(), Split(noisy)));
            rows.Add(new DigitRow("reconstructed", Split(infer(noisy, ids.Length))));
        }
        return DigitGrid.Render(title, rows);
    }

    /// <summary>
    /// The first <paramref name="count"/> test digits captioned with the predicted digit, and a row of the first
    /// misclassified ones captioned "predicted (true)" and framed.
    /// </summary>
    public static Canvas Classifier(string title, ClassifierModel model, MnistDataset test, int count = 20, int perRow = 10)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(test);
        var scores = BatchInference.Run(test.Images, test.Count, MnistDataset.ClassCount, model.AsInference());
        var predicted = Enumerable.Range(0, test.Count).Select(i => Classification.ArgMax(scores.AsSpan(i * MnistDataset.ClassCount, MnistDataset.ClassCount))).ToArray();
        var rows = new List<DigitRow>();
        for (var start = 0; start < Math.Min(count, test.Count); start += perRow)
        {
            var ids = Enumerable.Range(start, Math.Min(perRow, Math.Min(count, test.Count) - start)).ToArray();
            rows.Add(new DigitRow(start == 0 ? "predicted" : "", ids.Select(i => test.Image(i).ToArray()).ToList(),
                ids.Select(i => predicted[i].ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList(),
                ids.Select(i => predicted[i] != test.Labels[i]).ToList()));
        }
        var wrong = Enumerable.Range(0, test.Count).Where(i => predicted[i] != test.Labels[i]).Take(perRow).ToArray();
        if (wrong.Length > 0)
        {
            rows.Add(new DigitRow("mistakes", wrong.Select(i => test.Image(i).ToArray()).ToList(),
                wrong.Select(i => FormattableString.Invariant($"{predicted[i]} ({test.Labels[i]})")).ToList(),
                wrong.Select(_ => true).ToList()));
        }
        return DigitGrid.Render(title, rows);
    }

    private static List<float[]> Split(float[] images) =>
        Enumerable.Range(0, images.Length / MnistDataset.PixelCount).Select(i => images.AsSpan(i * MnistDataset.PixelCount, MnistDataset.PixelCount).ToArray()).ToList();
}
