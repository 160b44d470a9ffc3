using DenoiseApi.Noise;
using DenoiseApi.Training.Data;
using DenoiseApi.Training.Evaluation;
using DenoiseApi.Training.Models;
using DenoiseApi.Training.Training;
using static TorchSharp.torch;

namespace DenoiseApi.Training.Tests.Training;

/// <summary>
/// Real learning on a real MNIST subset (3,000 training digits, 2 epochs) with the TorchSharp loop: the losses fall and
/// the models beat chance and the untrained model by wide margins; the same seed gives the same weights.
/// </summary>
public class SmallMnistTrainingTests
{
    private static readonly Lazy<(MnistDataset Train, MnistDataset Validation, MnistDataset Test)> Data = new(() =>
    {
        var train = MnistDataset.LoadTrain(null).Take(3500);
        var (training, validation) = train.Split(500, seed: 3);
        return (training, validation, MnistDataset.LoadTest(null).Take(1000));
    });

    [Fact]
    public void ClassifierLearnsDigitsFromThreeThousandImagesInTwoEpochs()
    {
        var (train, validation, test) = Data.Value;
        manual_seed(1);
        using var model = new MlpClassifier(256);
        var before = ClassifierEvaluation.Accuracy(test.Images, test.Labels, model.AsInference());
        using var tensors = MnistTensors.From(train, CPU);

        var result = Trainer.Fit(new ClassifierTask(model, 1, CPU, maxShift: 1), tensors, validation, new TrainingOptions { Epochs = 2, BatchSize = 64, Schedule = LearningRateSchedule.Constant });

        var after = ClassifierEvaluation.Accuracy(test.Images, test.Labels, model.AsInference());
        Assert.True(result.History[1].TrainLoss < result.History[0].TrainLoss * 0.8, $"train loss {result.History[0].TrainLoss} -> {result.History[1].TrainLoss}");
        Assert.True(after > 0.85, $"test accuracy {after:P2} (chance is 10%, untrained {before:P2})");
        Assert.True(before < 0.3);
    }

    [Fact]
    public void DenoiserLearnsToRemoveNoiseFromThreeThousandImagesInTwoEpochs()
    {
        var (train, validation, test) = Data.Value;
        var noise = NoiseSpec.Parse("gaussian:0.5");
        manual_seed(1);
        using var model = new DenseAutoencoder(64);
        using var tensors = MnistTensors.From(train, CPU);

        using var task = new DenoiserTask(model, noise, 1, CPU);
        var result = Trainer.Fit(task, tensors, validation, new TrainingOptions { Epochs = 2, BatchSize = 64, Noise = noise, Schedule = LearningRateSchedule.Constant });

        Assert.True(result.History[1].ValidationLoss < result.History[0].ValidationLoss, "validation loss did not fall");
        Assert.True(result.History[0].TrainLoss < 0.69, "first epoch loss is no better than an untrained sigmoid output");
        var metrics = DenoiserEvaluation.Run(test, noise.Create(), seed: 5, model.AsInference());
        Assert.True(metrics.PsnrDenoisedDb > metrics.PsnrNoisyDb + 2, $"PSNR {metrics.PsnrNoisyDb:F2} -> {metrics.PsnrDenoisedDb:F2} dB");
    }

    [Fact]
    public void TheSameSeedTrainsTheSameWeightsOnThisMachine()
    {
        var (train, validation, _) = Data.Value;
        var small = train.Take(1000);
        var first = TrainDenoiser(small, validation);
        var second = TrainDenoiser(small, validation);
        Assert.Equal(first, second);
    }

    private static float[] TrainDenoiser(MnistDataset train, MnistDataset validation)
    {
        var recipe = ZooCatalog.Find(ZooCatalog.DenseDae10);
        var options = recipe.Options with { Epochs = 1, BatchSize = 100, Seed = 8 };
        using var model = recipe.Create(options.Seed);
        var run = new TrainingRun(train, TextWriter.Null);
        run.Fit(model, options with { ValidationCount = 0 });
        _ = validation;
        return [.. model.parameters().SelectMany(p => p.detach().data<float>().ToArray())];
    }
}
