using DenoiseApi.ModelStore;
using DenoiseApi.Training.Engine;

namespace DenoiseApi.Training.Models;

/// <summary>
/// image [N,1,28,28] → denoised [N,1,28,28]. Trained on (noisy, clean) pairs with binary cross-entropy computed from
/// the logits; the served output is the sigmoid of the logits.
/// </summary>
public abstract class DenoiserModel : ImageModel
{
    public const string DenoisedOutputName = "denoised";

    public override ModelKind Kind => ModelKind.Denoiser;

    public override string OutputName => DenoisedOutputName;

    public override IReadOnlyList<long> OutputShape { get; } = [-1, 1, 28, 28];

    /// <summary>Pre-sigmoid output, shaped [N,1,28,28].</summary>
    public abstract Tensor Logits(Tensor images);

    /// <summary>The denoised image in [0,1].</summary>
    public override Tensor Forward(Tensor input) => Ops.Sigmoid(Logits(input));

    /// <summary>Mean binary cross-entropy of the reconstruction of <paramref name="noisy"/> against <paramref name="clean"/>.</summary>
    public virtual Tensor Loss(Tensor noisy, Tensor clean) => Ops.BinaryCrossEntropyWithLogits(Logits(noisy), clean);
}
