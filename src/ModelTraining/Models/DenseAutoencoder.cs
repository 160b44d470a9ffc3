using System.Globalization;
using DenoiseApi.Noise;
using DenoiseApi.Training.Engine;
using DenoiseApi.Training.Export;
using DenoiseApi.Training.Models.Layers;

namespace DenoiseApi.Training.Models;

/// <summary>
/// The dense denoising autoencoder of the Keras tutorial: 784 → hidden (ReLU) → 784 (sigmoid), trained with binary
/// cross-entropy. <see cref="Encoder"/> is its first half as a model of its own (same weights).
/// </summary>
public sealed class DenseAutoencoder : DenoiserModel
{
    private readonly Sequential encoder;
    private readonly Sequential decoder;

    public DenseAutoencoder(int latentSize, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(latentSize);
        var rng = Xoshiro256.ForStream(seed, 0x6175746f);
        LatentSize = latentSize;
        encoder = new Sequential(new Flatten(), new Linear(784, latentSize, ref rng, "encoder.0"), new Relu());
        decoder = new Sequential(new Linear(latentSize, 784, ref rng, "decoder.0"));
        Encoder = new EncoderModel(encoder, latentSize, string.Create(CultureInfo.InvariantCulture, $"dense 784-{latentSize}, ReLU (encoder of dense 784-{latentSize}-784)"));
    }

    public int LatentSize { get; }

    /// <summary>The encoder half (image → latent) sharing this model's weights.</summary>
    public EncoderModel Encoder { get; }

    public override string Architecture => string.Create(CultureInfo.InvariantCulture, $"dense 784-{LatentSize}-784, ReLU hidden, sigmoid output");

    public override Tensor Logits(Tensor images) => Ops.Reshape(decoder.Forward(encoder.Forward(images)), images.Shape[0], 1, 28, 28);

    public override string ExportOnnx(OnnxGraphBuilder graph, string input)
    {
        var latent = encoder.ExportOnnx(graph, input);
        var logits = decoder.ExportOnnx(graph, latent);
        var image = graph.AddNode("Sigmoid", [logits]);
        return new Reshape(1, 28, 28).ExportOnnx(graph, image);
    }

    protected override IEnumerable<Module> Children() => [encoder, decoder];
}
