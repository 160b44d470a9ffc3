using DenoiseApi.Noise;
using DenoiseApi.Training.Data;
using DenoiseApi.Training.Engine.Kernels;
using DenoiseApi.Training.Engine.Optimizers;
using DenoiseApi.Training.Models;
using DenoiseApi.Training.Training;

namespace DenoiseApi.Training.Tests.Training;

/// <summary>
/// A steady training step reuses its buffers: after warm-up, a whole forward/backward/update step of the dense
/// autoencoder allocates far less than one of its [128,784] activations (401 KB) — only graph bookkeeping.
/// The buffer pool is process-wide, so this runs alone: a parallel test renting the same lengths would otherwise make
/// this step allocate fresh buffers.
/// </summary>
[Collection(nameof(TrainingStepAllocationTests))]
[CollectionDefinition(nameof(TrainingStepAllocationTests), DisableParallelization = true)]
public class TrainingStepAllocationTests
{
    [Fact]
    public void SteadyDenoiserStepAllocatesOnlyGraphBookkeeping()
    {
        const int batch = 128;
        var images = new float[batch * 784];
        var rng = new Random(2);
        for (var i = 0; i < images.Length; i++) images[i] = (float)rng.NextDouble();
        var data = new MnistDataset(images, new byte[batch]);
        var model = new DenseAutoencoder(64, seed: 1);
        var task = new DenoiserTask(model, NoiseSpec.Parse("gaussian:0.5"), seed: 1);
        var adam = new Adam(model.Parameters());
        var indices = Enumerable.Range(0, batch).ToArray();

        void Step()
        {
            model.ZeroGrad();
            var loss = task.BatchLoss(data, indices, 0);
            loss.Backward();
            adam.Step();
            loss.ReleaseGraph();
        }

        Gemm.SequentialOnThisThread = true; // keep all work on this thread so its allocation counter sees everything
        try
        {
            for (var i = 0; i < 3; i++) Step();
            var before = GC.GetAllocatedBytesForCurrentThread();
            Step();
            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.True(allocated < 64 * 1024, $"one step allocated {allocated:N0} bytes");
        }
        finally
        {
            Gemm.SequentialOnThisThread = false;
        }
    }
}
