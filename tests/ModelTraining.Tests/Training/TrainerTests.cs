using DenoiseApi.Noise;
using DenoiseApi.Training.Data;
using DenoiseApi.Training.Models;
using DenoiseApi.Training.Training;
using static TorchSharp.torch;

namespace DenoiseApi.Training.Tests.Training;

/// <summary>
/// The training loop's policy on a real model and real digits: early stopping after <c>Patience</c> epochs without a
/// better validation score, the best epoch's weights restored at the end, and training without a validation set.
/// The validation scores of the early-stopping tests are scripted (the task wraps the real denoising loss), so which
/// epoch is best is known in advance.
/// </summary>
public sealed class TrainerTests
{
    private static readonly NoiseSpec Noise = NoiseSpec.Parse("gaussian:0.3");
    private static readonly Lazy<(MnistDataset Train, MnistDataset Validation)> Data = new(() =>
        MnistDataset.LoadTrain(null).Take(768).Split(256, seed: 2));

    [Fact]
    public void StopsAfterPatienceEpochsWithoutImprovementAndRestoresTheBestEpochsWeights()
    {
        var (train, validation) = Data.Value;
        manual_seed(1);
        using var model = new DenseAutoencoder(10);
        using var tensors = MnistTensors.From(train, CPU);
        using var task = new ScriptedValidationTask(new DenoiserTask(model, Noise, 1, CPU), [0.50, 0.40, 0.45, 0.41, 0.60, 0.10]);
        var weightsAfter = new Dictionary<int, float[]>();

        var result = Trainer.Fit(task, tensors, validation, new TrainingOptions { Epochs = 6, Patience = 3, BatchSize = 64, Noise = Noise },
            onEpoch: e => weightsAfter[e.Epoch] = Weights(model));

        Assert.True(result.StoppedEarly);
        Assert.Equal(5, result.EpochsRun); // epochs 3, 4 and 5 did not beat epoch 2; epoch 6 (0.10) never ran
        Assert.Equal(2, result.BestEpoch);
        Assert.Equal(0.40, result.BestValidationLoss);
        Assert.Equal([true, true, false, false, false], result.History.Select(e => e.Improved));
        Assert.NotEqual(weightsAfter[2], weightsAfter[5]);
        Assert.Equal(weightsAfter[2], Weights(model));
    }

    [Fact]
    public void RunsEveryEpochWhileTheScoreKeepsImprovingAndKeepsTheLastWeights()
    {
        var (train, validation) = Data.Value;
        manual_seed(1);
        using var model = new DenseAutoencoder(10);
        using var tensors = MnistTensors.From(train, CPU);
        using var task = new ScriptedValidationTask(new DenoiserTask(model, Noise, 1, CPU), [0.5, 0.4, 0.3]);

        var result = Trainer.Fit(task, tensors, validation, new TrainingOptions { Epochs = 3, Patience = 1, BatchSize = 64, Noise = Noise });

        Assert.False(result.StoppedEarly);
        Assert.Equal(3, result.EpochsRun);
        Assert.Equal(3, result.BestEpoch);
        Assert.All(result.History, e => Assert.True(e.Improved));
    }

    [Fact]
    public void WithoutValidationTheTrainingLossChoosesTheBestEpoch()
    {
        var (train, _) = Data.Value;
        manual_seed(1);
        using var model = new DenseAutoencoder(10);
        using var tensors = MnistTensors.From(train, CPU);
        using var task = new DenoiserTask(model, Noise, 1, CPU);

        var result = Trainer.Fit(task, tensors, validation: null, new TrainingOptions { Epochs = 3, BatchSize = 64, Noise = Noise, ValidationCount = 0 });

        Assert.Equal(3, result.EpochsRun);
        Assert.Equal(0, result.ValidationImages);
        Assert.Equal(train.Count, result.TrainImages);
        Assert.All(result.History, e => Assert.Equal(e.TrainLoss, e.ValidationLoss));
        Assert.All(result.History, e => Assert.Equal("no validation", e.ValidationSummary));
        Assert.True(result.History[2].TrainLoss < result.History[0].TrainLoss, "the training loss did not fall");
        var best = result.History.MinBy(e => e.TrainLoss)!;
        Assert.Equal(best.Epoch, result.BestEpoch);
        Assert.Equal(best.TrainLoss, result.BestValidationLoss);
    }

    [Fact]
    public void TrainingRunWithoutAValidationPartTrainsOnTheWholeFile()
    {
        var (train, _) = Data.Value;
        var recipe = ZooCatalog.Find(ZooCatalog.DenseDae10);
        using var model = recipe.Create(3);
        var run = new TrainingRun(train, TextWriter.Null);

        var result = run.Fit(model, recipe.Options with { Epochs = 1, BatchSize = 64, ValidationCount = 0, Threads = 2 });

        Assert.Equal(train.Count, result.TrainImages);
        Assert.Equal(0, result.ValidationImages);
        Assert.Equal(1, result.BestEpoch);
    }

    private static float[] Weights(ImageModel model) => [.. model.parameters().SelectMany(p => p.detach().contiguous().data<float>().ToArray())];

    /// <summary>The real denoising task's training loss; the validation score of epoch k is the script's k-th value.</summary>
    private sealed class ScriptedValidationTask(DenoiserTask inner, IReadOnlyList<double> scores) : ITrainingTask, IDisposable
    {
        private int epoch;

        public ImageModel Model => inner.Model;

        public string LossName => inner.LossName;

        public Tensor BatchLoss(MnistTensors data, Tensor indices) => inner.BatchLoss(data, indices);

        public (double Loss, string Summary) Validate(MnistDataset validation) => (scores[epoch++], "scripted");

        public void Dispose() => inner.Dispose();
    }
}
