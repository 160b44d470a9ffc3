using DenoiseApi.Noise;
using DenoiseApi.Training.Data;
using DenoiseApi.Training.Evaluation;
using DenoiseApi.Training.Models;
using DenoiseApi.Training.Training;

namespace DenoiseApi.Training.Tests.Training;

/// <summary>
/// Real learning on a real MNIST subset (3,000 training digits, 2 epochs, well under a minute): the losses fall and the
/// models beat chance and the untrained model by wide margins.
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
        var model = new MlpClassifier(256, seed: 1);
        var before = ClassifierEvaluation.Accuracy(test.Images, test.Labels, model.AsInference());

        var result = Trainer.Fit(new ClassifierTask(model, seed: 1), train, validation, new TrainingOptions { Epochs = 2, BatchSize = 64, Schedule = LearningRateSchedule.Constant });

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
        var model = new DenseAutoencoder(64, seed: 1);

        var result = Trainer.Fit(new DenoiserTask(model, noise, seed: 1), train, validation, new TrainingOptions { Epochs = 2, BatchSize = 64, Noise = noise, Schedule = LearningRateSchedule.Constant });

        Assert.True(result.History[1].ValidationLoss < result.History[0].ValidationLoss, "validation loss did not fall");
        Assert.True(result.History[0].TrainLoss < 0.69, "first epoch loss is no better than an untrained sigmoid output");
        var metrics = DenoiserEvaluation.Run(test, noise.Create(), seed: 5, model.AsInference());
        Assert.True(metrics.PsnrDenoisedDb > metrics.PsnrNoisyDb + 2, $"PSNR {metrics.PsnrNoisyDb:F2} -> {metrics.PsnrDenoisedDb:F2} dB");
    }
}
