using DenoiseApi.Training.Engine;
using DenoiseApi.Training.Export;
using DenoiseApi.Training.Models.Layers;

namespace DenoiseApi.Training.Models.Conv;

/// <summary>
/// A convolutional denoiser: an encoder from image [N,1,28,28] to a spatial latent, a decoder back to one logit per
/// pixel, and the sigmoid on top (from <see cref="DenoiserModel"/>). Trained with binary cross-entropy from the logits.
/// <see cref="Encoder"/> serves the flattened latent as a model of its own (same weights).
/// </summary>
public abstract class ConvDenoiser : DenoiserModel
{
    private readonly Sequential encoder;
    private readonly Sequential decoder;

    protected ConvDenoiser(Sequential encoder, Sequential decoder, int latentChannels, int latentSide)
    {
        this.encoder = encoder;
        this.decoder = decoder;
        LatentShape = [latentChannels, latentSide, latentSide];
        LatentSize = latentChannels * latentSide * latentSide;
        Encoder = new EncoderModel(new Sequential(encoder, new Flatten()), LatentSize, "encoder half of " + GetType().Name);
    }

    /// <summary>Channels, height and width of the latent feature map.</summary>
    public IReadOnlyList<int> LatentShape { get; }

    /// <summary>Values in the flattened latent.</summary>
    public int LatentSize { get; }

    /// <summary>The encoder half (image → flattened latent [N, C·H·W]) sharing this model's weights.</summary>
    public EncoderModel Encoder { get; }

    /// <summary>Encoder then decoder, in forward order (for FLOP counting and inspection).</summary>
    public IReadOnlyList<Module> Layers => [encoder, decoder];

    public override Tensor Logits(Tensor images) => decoder.Forward(encoder.Forward(images));

    public override string ExportOnnx(OnnxGraphBuilder graph, string input) =>
        graph.AddNode("Sigmoid", [decoder.ExportOnnx(graph, encoder.ExportOnnx(graph, input))]);

    protected override IEnumerable<Module> Children() => [encoder, decoder];
}
