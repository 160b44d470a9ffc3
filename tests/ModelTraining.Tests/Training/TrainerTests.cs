using DenoiseApi.Training.Data;
using DenoiseApi.Training.Engine;
using DenoiseApi.Training.Training;

namespace DenoiseApi.Training.Tests.Training;

/// <summary>The loop's control logic with a scripted validation score: early stopping, best-weights restore, timing.</summary>
public class TrainerTests
{
    [Fact]
    public void StopsAfterPatienceEpochsWithoutImprovementAndRestoresTheBestWeights()
    {
        var task = new ScriptedTask([1.0, 0.5, 0.7, 0.6, 0.55, 0.4]);
        var options = new TrainingOptions { Epochs = 6, Patience = 3, BatchSize = 4, Schedule = LearningRateSchedule.Constant, LearningRate = 0.01f };

        var result = Trainer.Fit(task, TinyDataset(10), TinyDataset(2), options);

        Assert.Equal(5, result.EpochsRun);        // epoch 2 is best, epochs 3-5 do not improve
        Assert.True(result.StoppedEarly);
        Assert.Equal(2, result.BestEpoch);
        Assert.Equal(0.5, result.BestValidationLoss);
        Assert.Equal(task.WeightAtValidation[1], task.Weight.Data[0]);
        Assert.NotEqual(task.WeightAtValidation[4], task.Weight.Data[0]);
        Assert.Equal([true, true, false, false, false], result.History.Select(h => h.Improved));
    }

    [Fact]
    public void RunsEveryEpochWhileValidationImprovesAndReportsImagesAndTime()
    {
        var task = new ScriptedTask([3, 2, 1]);
        var result = Trainer.Fit(task, TinyDataset(10), TinyDataset(2), new TrainingOptions { Epochs = 3, BatchSize = 4 });
        Assert.Equal(3, result.EpochsRun);
        Assert.False(result.StoppedEarly);
        Assert.All(result.History, h => Assert.Equal(10, h.Images));
        Assert.All(result.History, h => Assert.True(h.Seconds > 0));
        Assert.Equal(3 * 3, task.Batches); // 10 images in batches of 4: 4, 4, 2
    }

    [Fact]
    public void AppliesTheLearningRateSchedulePerEpoch()
    {
        var task = new ScriptedTask([3, 2, 1, 0.5]);
        var result = Trainer.Fit(task, TinyDataset(4), TinyDataset(2), new TrainingOptions { Epochs = 4, BatchSize = 4, LearningRate = 0.1f, Schedule = LearningRateSchedule.Cosine });
        Assert.Equal(0.1f, result.History[0].LearningRate, 6);
        Assert.Equal(0.1f * LearningRateSchedules.CosineFloor, result.History[3].LearningRate, 6);
        Assert.True(result.History[1].LearningRate > result.History[2].LearningRate);
    }

    [Fact]
    public void RejectsInvalidOptions()
    {
        var task = new ScriptedTask([1]);
        Assert.Throws<ArgumentOutOfRangeException>(() => Trainer.Fit(task, TinyDataset(4), null, new TrainingOptions { Epochs = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => Trainer.Fit(task, TinyDataset(4), null, new TrainingOptions { BatchSize = -1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => Trainer.Fit(task, TinyDataset(4), null, new TrainingOptions { LearningRate = float.NaN }));
    }

    [Fact]
    public void DivergedLossFailsLoudly()
    {
        var task = new ScriptedTask([1]) { LossValue = float.NaN };
        var ex = Assert.Throws<InvalidOperationException>(() => Trainer.Fit(task, TinyDataset(4), null, new TrainingOptions { Epochs = 1 }));
        Assert.Contains("diverged", ex.Message, StringComparison.Ordinal);
    }

    private static MnistDataset TinyDataset(int count) => new(new float[count * 784], new byte[count]);

    /// <summary>One weight, a loss whose gradient is 1 (so Adam moves the weight every step), scripted validation scores.</summary>
    private sealed class ScriptedTask(double[] validationLosses) : ITrainingTask
    {
        private readonly WeightModule module = new();
        private int validations;

        public Tensor Weight => module.W;

        public List<float> WeightAtValidation { get; } = [];

        public int Batches { get; private set; }

        public float LossValue { get; init; } = 1f;

        public DenoiseApi.Training.Engine.Module Model => module;

        public string LossName => "scripted";

        public Tensor BatchLoss(MnistDataset data, ReadOnlySpan<int> indices, int epoch)
        {
            Batches++;
            return Ops.Multiply(Ops.Sum(module.W), new Tensor([LossValue], []));
        }

        public (double Loss, string Summary) Validate(MnistDataset validation)
        {
            WeightAtValidation.Add(module.W.Data[0]);
            return (validationLosses[validations++], "scripted");
        }
    }

    private sealed class WeightModule : DenoiseApi.Training.Engine.Module
    {
        public Tensor W { get; } = Tensor.Parameter([1f], [1], "w");

        public override Tensor Forward(Tensor input) => input;

        protected override IEnumerable<Tensor> OwnParameters() => [W];
    }
}
