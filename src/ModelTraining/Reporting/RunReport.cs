using DenoiseApi.Training.Evaluation;
using DenoiseApi.Training.Reporting.Drawing;
using DenoiseApi.Training.Training;

namespace DenoiseApi.Training.Reporting;

/// <summary>
/// Everything a model's report shows: what the model is, how it was trained (the epoch history, when it was trained in
/// this run), what it scored on the test set, and a picture of it at work on test digits.
/// </summary>
public sealed record RunReport
{
    public required string Name { get; init; }

    public required string Architecture { get; init; }

    public string Description { get; init; } = "";

    /// <summary>The training run, or null for a report of an existing model (evaluation only).</summary>
    public TrainingResult? Training { get; init; }

    public required TestResults Test { get; init; }

    /// <summary>Test digits and what the model made of them (rendered by <see cref="SampleDigits"/>).</summary>
    public Canvas? Samples { get; init; }

    /// <summary>How an existing model was trained (from its manifest), for a report without the training run.</summary>
    public string? Provenance { get; init; }

    /// <summary>The command that produced the model or the report.</summary>
    public string? Command { get; init; }
}

/// <summary>Builds the <see cref="RunReport"/> of a model from its results, with the sample picture its kind calls for.</summary>
public static class RunReports
{
    /// <param name="name">Model name (the report's title).</param>
    /// <param name="model">The model, to draw its samples.</param>
    /// <param name="test">Its test results.</param>
    /// <param name="testSet">The test digits the results were measured on (the samples are drawn from them).</param>
    /// <param name="seed">Seed of the evaluation's noise.</param>
    /// <param name="training">The training run, when the model was trained in this run.</param>
    /// <param name="description">One line about the model.</param>
    /// <param name="command">The command line.</param>
    public static RunReport Create(
        string name, Models.ImageModel model, TestResults test, Data.MnistDataset testSet, int seed, TrainingResult? training = null, string? description = null, string? command = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(test);
        Canvas? samples = model switch
        {
            Models.DenoiserModel denoiser when test.Denoising.Count > 0 => SampleDigits.Denoiser(name, denoiser, testSet, [.. test.Denoising.Select(d => d.Noise)], seed),
            Models.ClassifierModel classifier => SampleDigits.Classifier(name, classifier, testSet),
            _ => null,
        };
        return new RunReport
        {
            Name = name,
            Architecture = model.Architecture,
            Description = description ?? "",
            Training = training,
            Test = test,
            Samples = samples,
            Command = command,
        };
    }
}
