using DenoiseApi.ModelStore;
using DenoiseApi.Training.Engine;
using DenoiseApi.Training.Export;

namespace DenoiseApi.Training.Models;

/// <summary>
/// image [N,1,28,28] → latent [N,L]: the encoder half of an autoencoder, sharing its weights (training the
/// autoencoder trains this; exporting this writes only the encoder's nodes).
/// </summary>
public sealed class EncoderModel : ImageModel
{
    public const string LatentOutputName = "latent";

    private readonly Module encoder;

    public EncoderModel(Module encoder, int latentSize, string architecture)
    {
        if (encoder is not IOnnxExportable) throw new ArgumentException("The encoder must be exportable.", nameof(encoder));
        this.encoder = encoder;
        LatentSize = latentSize;
        Architecture = architecture;
        OutputShape = [-1, latentSize];
    }

    public int LatentSize { get; }

    public override ModelKind Kind => ModelKind.Encoder;

    public override string Architecture { get; }

    public override string OutputName => LatentOutputName;

    public override IReadOnlyList<long> OutputShape { get; }

    public override Tensor Forward(Tensor input) => encoder.Forward(input);

    public override string ExportOnnx(OnnxGraphBuilder graph, string input) => ((IOnnxExportable)encoder).ExportOnnx(graph, input);

    protected override IEnumerable<Module> Children() => [encoder];
}
