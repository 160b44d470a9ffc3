using System.Globalization;
using DenoiseApi.Noise;
using DenoiseApi.Training.Data;
using DenoiseApi.Training.Evaluation;
using DenoiseApi.Training.Models;
using static TorchSharp.torch;

namespace DenoiseApi.Training.Training;

/// <summary>
/// Denoising: the input is the clean digit with fresh noise (<see cref="TorchNoise"/>, every step), the target the clean
/// digit. Validation uses one fixed noisy copy of the validation set (src/Noise's streams) and the model's own loss.
/// </summary>
public sealed class DenoiserTask(DenoiserModel model, NoiseSpec noise, int seed, Device device) : ITrainingTask, IDisposable
{
    private (MnistDataset For, Tensor Noisy, Tensor Clean)? validationSet;

    public ImageModel Model => model;

    public string LossName => "binary cross-entropy";

    public Tensor BatchLoss(MnistTensors data, Tensor indices)
    {
        ArgumentNullException.ThrowIfNull(data);
        var clean = data.ImagesAt(indices);
        return model.Loss(TorchNoise.Apply(noise, clean), clean);
    }

    public (double Loss, string Summary) Validate(MnistDataset validation)
    {
        ArgumentNullException.ThrowIfNull(validation);
        if (validationSet is not { } set || !ReferenceEquals(set.For, validation))
        {
            Dispose();
            var noisy = NoisyTestSet.Create(validation, noise.Create(), seed);
            set = (validation,
                tensor(noisy, [validation.Count, 1, 28, 28]).to(device).DetachFromDisposeScope(),
                tensor(validation.Images, [validation.Count, 1, 28, 28]).to(device).DetachFromDisposeScope());
            validationSet = set;
        }
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        const int chunk = 1000;
        var total = zeros(1, dtype: ScalarType.Float64, device: device);
        for (var start = 0; start < validation.Count; start += chunk)
        {
            var n = Math.Min(chunk, validation.Count - start);
            total.add_(model.Loss(set.Noisy.narrow(0, start, n), set.Clean.narrow(0, start, n)).to_type(ScalarType.Float64).mul(n));
        }
        var loss = total.item<double>() / validation.Count;
        return (loss, string.Create(CultureInfo.InvariantCulture, $"val BCE {loss:F5}"));
    }

    public void Dispose()
    {
        if (validationSet is { } set)
        {
            set.Noisy.Dispose();
            set.Clean.Dispose();
            validationSet = null;
        }
    }
}
