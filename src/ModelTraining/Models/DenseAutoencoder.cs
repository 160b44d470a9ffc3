using System.Globalization;
using DenoiseApi.Training.Models.Graph;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DenoiseApi.Training.Models;

/// <summary>
/// The dense denoising autoencoder of the Keras tutorial: 784 → hidden (ReLU) → 784 (sigmoid), trained with binary
/// cross-entropy; its encoder half is served as a model of its own.
/// </summary>
public sealed class DenseAutoencoder : DenoiserModel, IAutoencoder
{
    private readonly Flatten flatten = nn.Flatten();
    private readonly Sequential encoder;
    private readonly Sequential decoder;

    public DenseAutoencoder(int latentSize) : base("dense_autoencoder")
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(latentSize);
        LatentSize = latentSize;
        encoder = nn.Sequential(nn.Linear(784, latentSize), nn.ReLU());
        decoder = nn.Sequential(nn.Linear(latentSize, 784), nn.Unflatten(1, [1, 28, 28]));
        RegisterComponents();
    }

    public int LatentSize { get; }

    public override string Architecture => string.Create(CultureInfo.InvariantCulture, $"dense 784-{LatentSize}-784, ReLU hidden, sigmoid output");

    public string EncoderArchitecture => string.Create(CultureInfo.InvariantCulture, $"dense 784-{LatentSize}, ReLU (encoder of dense 784-{LatentSize}-784)");

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
}
