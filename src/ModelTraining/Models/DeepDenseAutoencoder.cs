using System.Globalization;
using DenoiseApi.Training.Models.Graph;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DenoiseApi.Training.Models;

/// <summary>
/// A deep dense denoising autoencoder, e.g. 784-128-64-32-64-128-784: ReLU after every hidden layer (the latent
/// included), sigmoid output, binary cross-entropy. The encoder half runs up to the latent.
/// </summary>
public sealed class DeepDenseAutoencoder : DenoiserModel, IAutoencoder
{
    private readonly Flatten flatten = nn.Flatten();
    private readonly Sequential encoder;
    private readonly Sequential decoder;
    private readonly int[] widths;

    /// <param name="encoderWidths">Hidden widths from the input side down to the latent, e.g. [128, 64, 32]; the decoder mirrors them.</param>
    public DeepDenseAutoencoder(IReadOnlyList<int> encoderWidths) : base("deep_dense_autoencoder")
    {
        ArgumentNullException.ThrowIfNull(encoderWidths);
        if (encoderWidths.Count == 0 || encoderWidths.Any(w => w <= 0)) throw new ArgumentException("Need at least one positive hidden width.", nameof(encoderWidths));
        widths = [.. encoderWidths];
        var down = new List<nn.Module<Tensor, Tensor>>();
        var previous = 784;
        foreach (var width in widths)
        {
            down.Add(nn.Linear(previous, width));
            down.Add(nn.ReLU());
            previous = width;
        }
        var up = new List<nn.Module<Tensor, Tensor>>();
        foreach (var width in widths[..^1].Reverse())
        {
            up.Add(nn.Linear(previous, width));
            up.Add(nn.ReLU());
            previous = width;
        }
        up.Add(nn.Linear(previous, 784));
        up.Add(nn.Unflatten(1, [1, 28, 28]));
        encoder = nn.Sequential(down);
        decoder = nn.Sequential(up);
        RegisterComponents();
    }

    public int LatentSize => widths[^1];

    public IReadOnlyList<int> EncoderWidths => widths;

    public override string Architecture => $"dense {Path([.. widths, .. widths[..^1].Reverse()])}-784, ReLU hidden, sigmoid output";

    public string EncoderArchitecture => $"dense {Path(widths)}, ReLU (encoder of {Architecture})";

    public long EncoderParameterCount => encoder.parameters().Sum(p => p.numel());

    public T Encode<T>(ILayerGraph<T> graph, T image)
    {
        ArgumentNullException.ThrowIfNull(graph);
        return graph.Apply(encoder, graph.Apply(flatten, image));
    }

    public override T Logits<T>(ILayerGraph<T> graph, T image)
    {
        ArgumentNullException.ThrowIfNull(graph);
        return graph.Apply(decoder, Encode(graph, image));
    }

    private static string Path(IEnumerable<int> hidden) => "784-" + string.Join("-", hidden.Select(w => w.ToString(CultureInfo.InvariantCulture)));
}
