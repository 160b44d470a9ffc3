using System.Globalization;
using DenoiseApi.Noise;
using DenoiseApi.Training.Engine;
using DenoiseApi.Training.Export;
using DenoiseApi.Training.Models.Layers;

namespace DenoiseApi.Training.Models;

/// <summary>
/// A deep dense denoising autoencoder, e.g. 784-128-64-32-64-128-784: ReLU after every hidden layer (the latent
/// included), sigmoid output, binary cross-entropy. <see cref="Encoder"/> is the half up to the latent (same weights).
/// </summary>
public sealed class DeepDenseAutoencoder : DenoiserModel
{
    private readonly Sequential encoder;
    private readonly Sequential decoder;
    private readonly int[] widths;

    /// <param name="encoderWidths">Hidden widths from the input side down to the latent, e.g. [128, 64, 32]; the decoder mirrors them.</param>
    /// <param name="seed">Seed of the weight initialisation.</param>
    public DeepDenseAutoencoder(IReadOnlyList<int> encoderWidths, int seed)
    {
        ArgumentNullException.ThrowIfNull(encoderWidths);
        if (encoderWidths.Count == 0 || encoderWidths.Any(w => w <= 0)) throw new ArgumentException("Need at least one positive hidden width.", nameof(encoderWidths));
        widths = [.. encoderWidths];
        var rng = Xoshiro256.ForStream(seed, 0x64656570);
        var down = new List<Module> { new Flatten() };
        var previous = 784;
        for (var i = 0; i < widths.Length; i++)
        {
            down.Add(new Linear(previous, widths[i], ref rng, $"encoder.{2 * i}"));
            down.Add(new Relu());
            previous = widths[i];
        }
        var up = new List<Module>();
        for (var i = widths.Length - 2; i >= 0; i--)
        {
            up.Add(new Linear(previous, widths[i], ref rng, $"decoder.{up.Count}"));
            up.Add(new Relu());
            previous = widths[i];
        }
        up.Add(new Linear(previous, 784, ref rng, $"decoder.{up.Count}"));
        encoder = new Sequential([.. down]);
        decoder = new Sequential([.. up]);
        Encoder = new EncoderModel(encoder, LatentSize, $"dense {Path(widths)}, ReLU (encoder of {Architecture})");
    }

    public int LatentSize => widths[^1];

    /// <summary>The encoder half (image → latent) sharing this model's weights.</summary>
    public EncoderModel Encoder { get; }

    public override string Architecture => $"dense {Path([.. widths, .. widths[..^1].Reverse()])}-784, ReLU hidden, sigmoid output";

    /// <summary>Encoder then decoder, in forward order (for FLOP counting and inspection).</summary>
    public IReadOnlyList<Module> Layers => [encoder, decoder];

    public override Tensor Logits(Tensor images) => Ops.Reshape(decoder.Forward(encoder.Forward(images)), images.Shape[0], 1, 28, 28);

    public override string ExportOnnx(OnnxGraphBuilder graph, string input)
    {
        var latent = encoder.ExportOnnx(graph, input);
        var logits = decoder.ExportOnnx(graph, latent);
        var image = graph.AddNode("Sigmoid", [logits]);
        return new Reshape(1, 28, 28).ExportOnnx(graph, image);
    }

    protected override IEnumerable<Module> Children() => [encoder, decoder];

    private static string Path(IEnumerable<int> hidden) => "784-" + string.Join("-", hidden.Select(w => w.ToString(CultureInfo.InvariantCulture)));
}
