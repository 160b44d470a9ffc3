using DenoiseApi.Noise;
using DenoiseApi.Training.Data;
using DenoiseApi.Training.Engine.Kernels;
using DenoiseApi.Training.Models;
using DenoiseApi.Training.Training;

namespace DenoiseApi.Training.Tests.Training;

/// <summary>
/// Same seed, same weights, bit for bit — whatever the number of cores the matrix products are split over (each
/// output value is accumulated in the same order on every split), so <c>train-shipped</c> reproduces its models.
/// </summary>
public class ReproducibilityTests
{
    [Fact]
    public void TrainingIsBitIdenticalAcrossRunsAndCoreCounts()
    {
        var data = MnistDataset.LoadTrain(null).Take(1200);
        var (train, validation) = data.Split(200, seed: 4);

        var parallel = Train(train, validation, Environment.ProcessorCount);
        var again = Train(train, validation, Environment.ProcessorCount);
        var single = Train(train, validation, 1);

        Assert.Equal(parallel, again);
        Assert.Equal(parallel, single);
    }

    private static float[] Train(MnistDataset train, MnistDataset validation, int cores)
    {
        var saved = Gemm.MaxDegreeOfParallelism;
        Gemm.MaxDegreeOfParallelism = cores;
        try
        {
            var noise = NoiseSpec.Parse("uniform:0.9");
            var model = new DenseAutoencoder(64, seed: 8);
            Trainer.Fit(new DenoiserTask(model, noise, seed: 8), train, validation, new TrainingOptions { Epochs = 2, BatchSize = 100, Noise = noise, Seed = 8 });
            return model.SnapshotWeights().SelectMany(w => w).ToArray();
        }
        finally
        {
            Gemm.MaxDegreeOfParallelism = saved;
        }
    }
}
