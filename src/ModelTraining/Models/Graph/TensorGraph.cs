using static TorchSharp.torch;

namespace DenoiseApi.Training.Models.Graph;

/// <summary>The forward pass on torch tensors: each layer is called as PyTorch calls it (hooks included), Add is <c>+</c>.</summary>
public sealed class TensorGraph : ILayerGraph<Tensor>
{
    public static TensorGraph Instance { get; } = new();

    private TensorGraph()
    {
    }

    public Tensor Apply(nn.Module<Tensor, Tensor> layer, Tensor input)
    {
        ArgumentNullException.ThrowIfNull(layer);
        return layer.call(input);
    }

    public Tensor Add(Tensor left, Tensor right)
    {
        ArgumentNullException.ThrowIfNull(left);
        return left.add(right);
    }
}
