using DenoiseApi.Training.Engine;
using DenoiseApi.Training.Models;
using DenoiseApi.Training.Models.Conv;
using DenoiseApi.Training.Models.Layers;
using FlattenLayer = DenoiseApi.Training.Models.Layers.Flatten;

namespace DenoiseApi.Training.Training;

/// <summary>
/// Floating-point operations (a multiply-add counts 2) of the matrix products of one training step per image:
/// forward, the weight gradients, and the input gradients of every layer but the first (whose input, the image, needs
/// none). Element-wise work (activations, pooling, bias, loss, optimizer) is not counted, as is usual for GFLOP/s.
/// </summary>
public static class TrainingFlops
{
    /// <summary>Training FLOPs per image of a zoo model (or any dense model: every rank-2 parameter a Linear weight).</summary>
    public static long PerImage(ImageModel model) => model switch
    {
        ConvDenoiser conv => PerImage(conv.Layers),
        ConvClassifier conv => PerImage(conv.Layers),
        DeepDenseAutoencoder deep => PerImage(deep.Layers),
        _ => DenseTrainingFlops(model),
    };

    /// <summary>Training FLOPs per image of a model whose layers are listed by <paramref name="layers"/>.</summary>
    public static long PerImage(IEnumerable<Module> layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        int[] shape = [1, 28, 28];
        long forward = 0, inputGradients = 0;
        var first = true;
        foreach (var layer in Flatten(layers))
        {
            long flops;
            switch (layer)
            {
                case Conv2d conv:
                {
                    int h = (shape[1] + conv.Padding.Top + conv.Padding.Bottom - conv.Kernel) / conv.Stride + 1;
                    int w = (shape[2] + conv.Padding.Left + conv.Padding.Right - conv.Kernel) / conv.Stride + 1;
                    flops = 2L * conv.OutChannels * conv.InChannels * conv.Kernel * conv.Kernel * h * w;
                    shape = [conv.OutChannels, h, w];
                    break;
                }
                case ConvTranspose2d up:
                {
                    flops = 2L * up.InChannels * up.OutChannels * up.Kernel * up.Kernel * shape[1] * shape[2];
                    int h = (shape[1] - 1) * up.Stride - up.Padding.Top - up.Padding.Bottom + up.Kernel + up.OutputPadding;
                    int w = (shape[2] - 1) * up.Stride - up.Padding.Left - up.Padding.Right + up.Kernel + up.OutputPadding;
                    shape = [up.OutChannels, h, w];
                    break;
                }
                case Linear linear:
                    flops = 2L * linear.Inputs * linear.Outputs;
                    shape = [linear.Outputs];
                    break;
                case MaxPool2d pool:
                    shape = [shape[0], (shape[1] - pool.Kernel) / pool.Stride + 1, (shape[2] - pool.Kernel) / pool.Stride + 1];
                    continue;
                case FlattenLayer:
                    shape = [shape.Aggregate(1, (a, b) => a * b)];
                    continue;
                default:
                    continue;
            }
            forward += flops;
            if (!first) inputGradients += flops;
            first = false;
        }
        return 2 * forward + inputGradients;
    }

    private static long DenseTrainingFlops(Module model)
    {
        var weights = model.Parameters().Where(p => p.Rank == 2).ToArray();
        var forward = weights.Sum(w => 2L * w.Size);
        var firstInputGradient = weights.Length == 0 ? 0 : 2L * weights[0].Size;
        return 3 * forward - firstInputGradient;
    }

    private static IEnumerable<Module> Flatten(IEnumerable<Module> layers)
    {
        foreach (var layer in layers)
        {
            if (layer is Sequential sequential)
            {
                foreach (var inner in Flatten(sequential.Layers)) yield return inner;
            }
            else
            {
                yield return layer;
            }
        }
    }
}
