using DenoiseApi.Training.Data;
using static TorchSharp.torch;

namespace DenoiseApi.Training.Evaluation;

/// <summary>
/// How much of the digit an encoder's latent keeps, measured as representation-learning papers do: a linear classifier
/// (one <c>Linear(latent, 10)</c> on standardised latents) fitted on clean training digits with the encoder frozen, then
/// scored like any classifier (<see cref="ClassifierEvaluation"/>: clean and noisy test digits, each through the encoder
/// first). Adam, learning rate 2e-3, 20 epochs of batches of 256, cross-entropy, seeded: the same encoder gives the same
/// probe on the same machine.
/// </summary>
public sealed class LinearProbe : IDisposable
{
    public const int Epochs = 20;
    public const int BatchSize = 256;
    public const double LearningRate = 2e-3;

    /// <summary>Clean training digits the probe is fitted on (the first ones of the training set).</summary>
    public const int TrainingDigits = 10_000;

    private readonly Func<ReadOnlyMemory<float>, int, float[]> encode;
    private readonly int latentSize;
    private readonly Tensor mean;
    private readonly Tensor scale;
    private readonly nn.Module<Tensor, Tensor> linear;

    private LinearProbe(Func<ReadOnlyMemory<float>, int, float[]> encode, int latentSize, Tensor mean, Tensor scale, nn.Module<Tensor, Tensor> linear)
    {
        this.encode = encode;
        this.latentSize = latentSize;
        this.mean = mean;
        this.scale = scale;
        this.linear = linear;
    }

    /// <summary>Fits a probe on the latents <paramref name="encode"/> gives for <paramref name="train"/>'s digits.</summary>
    /// <param name="encode">The encoder: (n images of 784 values, n) → n latents of <paramref name="latentSize"/> values.</param>
    public static LinearProbe Fit(Func<ReadOnlyMemory<float>, int, float[]> encode, int latentSize, MnistDataset train, int seed)
    {
        ArgumentNullException.ThrowIfNull(encode);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(latentSize);
        var count = train.Count;
        var latents = BatchInference.Run(train.Images, count, latentSize, encode);

        manual_seed(seed);
        var linear = nn.Linear(latentSize, MnistDataset.ClassCount); // outside the scope below, which would dispose its parameters
        using var optimizer = optim.Adam(linear.parameters(), LearningRate);
        using var scope = NewDisposeScope();
        var x = tensor(latents, [count, latentSize]);
        var mean = x.mean([0], keepdim: true);
        var scale = x.std(0, keepdim: true).clamp_min(1e-6).reciprocal_();
        x = x.sub(mean).mul_(scale);
        var y = tensor(train.Labels.Select(l => (long)l).ToArray());
        for (var epoch = 0; epoch < Epochs; epoch++)
        {
            var order = randperm(count);
            for (var start = 0; start < count; start += BatchSize)
            {
                using var step = NewDisposeScope();
                var batch = order.narrow(0, start, Math.Min(BatchSize, count - start));
                optimizer.zero_grad();
                nn.functional.cross_entropy(linear.call(x.index_select(0, batch)), y.index_select(0, batch)).backward();
                optimizer.step();
            }
        }

        linear.eval();
        return new LinearProbe(encode, latentSize, mean.DetachFromDisposeScope(), scale.DetachFromDisposeScope(), linear);
    }

    /// <summary>The encoder and the probe as one classifier: (n images, n) → n rows of 10 logits.</summary>
    public float[] Classify(ReadOnlyMemory<float> images, int count)
    {
        var latents = encode(images, count);
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var x = tensor(latents, [count, latentSize]).sub(mean).mul_(scale);
        return linear.call(x).contiguous().data<float>().ToArray();
    }

    public void Dispose()
    {
        mean.Dispose();
        scale.Dispose();
        linear.Dispose();
    }
}
