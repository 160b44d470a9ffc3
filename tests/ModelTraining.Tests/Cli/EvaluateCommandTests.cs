using System.CommandLine;
using System.Globalization;
using DenoiseApi.Training.Cli;
using DenoiseApi.Training.Data;
using DenoiseApi.Training.Models;
using DenoiseApi.Training.Tests.Fixtures;
using DenoiseApi.Training.Training;
using NoiseSpec = DenoiseApi.Noise.NoiseSpec;

namespace DenoiseApi.Training.Tests.Cli;

/// <summary>
/// <c>evaluate</c> on a model a real (small) training run published: it reads the weights back from the ONNX file and
/// reports exactly the numbers the training run measured, as a markdown table.
/// </summary>
public sealed class EvaluateCommandTests
{
    private const int TestImages = 1000;

    private static readonly Lazy<(MnistDataset Train, MnistDataset Test)> Data = new(() =>
        (MnistDataset.LoadTrain(null).Take(2500), MnistDataset.LoadTest(null).Take(TestImages)));

    [Fact]
    public void EvaluatingAPublishedDenoiserGivesTheTrainingRunsNumbers()
    {
        using var repo = new TempDirectory();
        var run = new TrainingRun(Data.Value.Train, TextWriter.Null);
        var options = new TrainingOptions { Epochs = 1, BatchSize = 64, ValidationCount = 500, Noise = NoiseSpec.Parse("uniform:0.9") };
        var model = new DenseAutoencoder(16);
        run.Fit(model, options);
        var trained = TrainingRun.EvaluateDenoiser(Data.Value.Test, model, options.Noise, TextWriter.Null);
        Publish(repo.Path, "tiny-dae", model, options.Noise);

        var (loaded, evaluated, _) = EvaluateCommand.Evaluate(new EvaluateCommand.EvaluationRequest("tiny-dae", null, repo.Path, [], null, TrainingRun.EvaluationSeed, TestImages, null));

        Assert.Equal(model.Architecture, loaded.Model.Architecture);
        Assert.Equal(trained.Denoising, evaluated.Denoising); // same noises (training noise, then clean and the other four), bit-identical metrics
        Assert.Equal(["uniform:0.9", "none", "gaussian:0.5", "salt-pepper:0.2", "mask:0.3"], evaluated.Denoising.Select(d => d.Noise.ToString()));
    }

    [Fact]
    public void CommandPrintsAMarkdownTableWithARowPerNoise()
    {
        using var repo = new TempDirectory();
        var model = new DenseAutoencoder(16);
        Publish(repo.Path, "tiny-dae", model, NoiseSpec.Parse("gaussian:0.5"));
        var expected = EvaluateCommand.Evaluate(new EvaluateCommand.EvaluationRequest("tiny-dae", null, repo.Path, [NoiseSpec.Parse("salt-pepper:0.2"), NoiseSpec.Parse("mask:0.3")], null, 7, 200, null)).Results;

        var (code, output, error) = Invoke("evaluate", "-m", "tiny-dae", "--models", repo.Path, "--noise", "salt-pepper:0.2", "mask:0.3", "--seed", "7", "--images", "200");

        Assert.Equal(0, code);
        Assert.Empty(error);
        Assert.Contains("| noise | test digits | MSE | BCE | PSNR noisy (dB) | PSNR denoised (dB) | SSIM noisy | SSIM denoised |", output);
        foreach (var m in expected.Denoising)
        {
            Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"| {m.Noise} | 200 | {m.Mse:F4} | {m.Bce:F4} | {m.PsnrNoisyDb:F2} | {m.PsnrDenoisedDb:F2} | {m.SsimNoisy:F3} | {m.SsimDenoised:F3} |"), output);
        }
    }

    [Fact]
    public void ClassifierIsEvaluatedThroughItsFamilyDenoiser()
    {
        using var repo = new TempDirectory();
        var denoiser = new DenseAutoencoder(16);
        Publish(repo.Path, "tiny-dae", denoiser, NoiseSpec.Parse("uniform:0.9"));
        var classifier = new MlpClassifier(32);
        Publish(repo.Path, "tiny-mlp", classifier, NoiseSpec.None, family: "tiny-dae");

        var (_, results, _) = EvaluateCommand.Evaluate(new EvaluateCommand.EvaluationRequest("tiny-mlp", null, repo.Path, [], null, TrainingRun.EvaluationSeed, TestImages, null));
        var direct = TrainingRun.EvaluateClassifier(Data.Value.Test, classifier, denoiser, "tiny-dae", TextWriter.Null);

        Assert.Equal(direct.Classification, results.Classification); // bit-identical accuracies, on every noise
        Assert.Equal("tiny-dae", results.PipelineDenoiser);
        Assert.All(results.Classification, c => Assert.NotNull(c.AccuracyDenoised));
    }

    [Fact]
    public void ALinearProbeOnThePixelsThemselvesClassifiesAsALinearModelDoes()
    {
        // The probe without an encoder in front (identity): a linear classifier on MNIST's pixels gets ~92 %.
        static float[] Identity(ReadOnlyMemory<float> images, int count) => images.Span[..(count * 784)].ToArray();
        using var probe = DenoiseApi.Training.Evaluation.LinearProbe.Fit(Identity, 784, MnistDataset.LoadTrain(null).Take(10_000), seed: 1);

        var accuracy = DenoiseApi.Training.Evaluation.ClassifierEvaluation.Accuracy(Data.Value.Test.Images, Data.Value.Test.Labels, probe.Classify);

        Assert.InRange(accuracy, 0.85, 0.97);
    }

    [Fact]
    public void AnEncoderIsScoredByALinearProbeOnItsLatent()
    {
        using var repo = new TempDirectory();
        var run = new TrainingRun(Data.Value.Train, TextWriter.Null);
        var model = new DenseAutoencoder(16);
        run.Fit(model, new TrainingOptions { Epochs = 2, BatchSize = 64, ValidationCount = 500, Noise = NoiseSpec.Parse("gaussian:0.5") });
        Publish(repo.Path, "tiny-dae", model, NoiseSpec.Parse("gaussian:0.5"));
        Publish(repo.Path, "tiny-dae-encoder", new EncoderModel(model), NoiseSpec.Parse("gaussian:0.5"), family: "tiny-dae");

        var (loaded, results, _) = EvaluateCommand.Evaluate(new EvaluateCommand.EvaluationRequest(
            "tiny-dae-encoder", null, repo.Path, [NoiseSpec.Parse("uniform:0.9")], null, TrainingRun.EvaluationSeed, TestImages, null));

        Assert.IsType<EncoderModel>(loaded.Model);
        var probe = Assert.Single(results.Classification);
        Assert.InRange(probe.AccuracyClean, 0.3, 1.0); // a 16-number latent after two short epochs: well above chance (10 %)
        Assert.True(probe.AccuracyNoisy < probe.AccuracyClean, $"uniform 0.9 noise should cost the probe accuracy: {probe.AccuracyNoisy} vs {probe.AccuracyClean}.");
        Assert.Null(probe.AccuracyDenoised);

        var (code, output, error) = Invoke("evaluate", "-m", "tiny-dae-encoder", "--models", repo.Path, "--noise", "uniform:0.9", "--images", "200");
        Assert.Equal(0, code);
        Assert.Empty(error);
        Assert.Contains("| uniform:0.9 | 200 |", output);
        Assert.Contains("linear probe", output);
    }

    [Fact]
    public void UnknownModelAndBadNoiseFailWithAMessage()
    {
        using var repo = new TempDirectory();
        var missing = Invoke("evaluate", "-m", "absent", "--models", repo.Path);
        Assert.Equal(ExitCodes.Failure, missing.Code);
        Assert.Contains("absent", missing.Error);

        var badNoise = Invoke("evaluate", "-m", "absent", "--models", repo.Path, "--noise", "pink:3");
        Assert.Equal(ExitCodes.BadArguments, badNoise.Code);
        Assert.Contains("pink", badNoise.Error);
    }

    private static (int Code, string Output, string Error) Invoke(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = TrainerCommandLine.Build().Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (code, output.ToString(), error.ToString());
    }

    private static void Publish(string root, string name, ImageModel model, NoiseSpec noise, string? family = null) =>
        ModelPublisher.Publish(root, name, 1, model, "test model", family, new DenoiseApi.ModelStore.TrainingRecord
        {
            Noise = noise.ToManifest(), Loss = "test", Optimizer = "Adam", LearningRate = 0.001, BatchSize = 64, Epochs = 1, Seed = 1, Command = "test",
        }, new Dictionary<string, double>());
}
