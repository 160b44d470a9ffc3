using DenoiseApi.Training.Data;
using DenoiseApi.Training.Engine;
using DenoiseApi.Training.Training;

namespace DenoiseApi.Training.Tests.Training;

/// <summary>
/// <see cref="Trainer.Fit"/> with no held-out data: the epoch's training loss stands in for the validation score, so
/// the loop keeps the epoch with the lowest training loss and stops after <see cref="TrainingOptions.Patience"/> epochs
/// without a new low (an epoch whose loss rises is not an improvement).
/// </summary>
public class TrainerWithoutValidationTests
{
    public static TheoryData<int?> NoValidation => [null, 0];

    [Theory]
    [MemberData(nameof(NoValidation))]
    public void KeepsTheLowestTrainingLossEpochAndStopsAfterPatienceEpochsWithoutANewLow(int? validationImages)
    {
        // One batch per epoch; epoch 4 sets a new low after a worse epoch 3, then epochs 5 and 6 exhaust the patience.
        var task = new ScriptedTrainingLossTask([1.0, 0.6, 0.8, 0.5, 0.7, 0.9, 0.1, 0.1]);
        var options = new TrainingOptions { Epochs = 8, Patience = 2, BatchSize = 4, Schedule = LearningRateSchedule.Constant, LearningRate = 0.01f };
        var validation = validationImages is { } count ? TinyDataset(count) : null;

        var result = Trainer.Fit(task, TinyDataset(4), validation, options);

        Assert.Equal(6, result.EpochsRun);
        Assert.True(result.StoppedEarly);
        Assert.Equal([true, true, false, true, false, false], result.History.Select(h => h.Improved));
        Assert.Equal(4, result.BestEpoch);
        Assert.Equal(0.5, result.BestValidationLoss, 6);
        Assert.All(result.History, h => Assert.Equal(h.TrainLoss, h.ValidationLoss));
        Assert.All(result.History, h => Assert.Equal("no validation", h.ValidationSummary));
        Assert.Equal(0, task.Validations);
        Assert.Equal(0, result.ValidationImages);

        // The weights are those at the end of epoch 4 (the start of epoch 5), not those of the last epoch run.
        Assert.Equal(task.WeightAtEpochStart[4], task.Weight.Data[0]);
        Assert.NotEqual(task.WeightAtEpochStart[5], task.Weight.Data[0]);
    }

    [Fact]
    public void RunsEveryEpochWhileTheTrainingLossKeepsFalling()
    {
        var task = new ScriptedTrainingLossTask([0.9, 0.7, 0.6, 0.4]);
        var options = new TrainingOptions { Epochs = 4, Patience = 1, BatchSize = 4, Schedule = LearningRateSchedule.Constant, LearningRate = 0.01f };

        var result = Trainer.Fit(task, TinyDataset(4), null, options);

        Assert.Equal(4, result.EpochsRun);
        Assert.False(result.StoppedEarly);
        Assert.Equal(4, result.BestEpoch);
        Assert.All(result.History, h => Assert.True(h.Improved));
    }

    private static MnistDataset TinyDataset(int count) => new(new float[count * 784], new byte[count]);

    /// <summary>
    /// One weight w and, in epoch e, the loss w + (loss[e] - w): its value is the scripted loss and its gradient is 1,
    /// so Adam moves the weight every step and each epoch's weights can be told apart.
    /// </summary>
    private sealed class ScriptedTrainingLossTask(double[] epochLosses) : ITrainingTask
    {
        private readonly WeightModule module = new();

        public Tensor Weight => module.W;

        /// <summary>The weight when each epoch's (single) batch starts, i.e. after the previous epoch's step.</summary>
        public List<float> WeightAtEpochStart { get; } = [];

        public int Validations { get; private set; }

        public DenoiseApi.Training.Engine.Module Model => module;

        public string LossName => "scripted";

        public Tensor BatchLoss(MnistDataset data, ReadOnlySpan<int> indices, int epoch)
        {
            var w = module.W.Data[0];
            WeightAtEpochStart.Add(w);
            var offset = new Tensor([(float)epochLosses[epoch] - w], []);
            return Ops.Add(Ops.Sum(module.W), offset);
        }

        public (double Loss, string Summary) Validate(MnistDataset validation)
        {
            Validations++;
            throw new InvalidOperationException("Fit validated although no validation data was given.");
        }
    }

    private sealed class WeightModule : DenoiseApi.Training.Engine.Module
    {
        public Tensor W { get; } = Tensor.Parameter([1f], [1], "w");

        public override Tensor Forward(Tensor input) => input;

        protected override IEnumerable<Tensor> OwnParameters() => [W];
    }
}
