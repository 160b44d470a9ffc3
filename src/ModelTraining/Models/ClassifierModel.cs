using DenoiseApi.ModelStore;
using DenoiseApi.Training.Engine;

namespace DenoiseApi.Training.Models;

/// <summary>image [N,1,28,28] → probabilities [N,10]; trained with softmax cross-entropy on the logits.</summary>
public abstract class ClassifierModel : ImageModel
{
    public const string ProbabilitiesOutputName = "probabilities";
    public const int ClassCount = 10;

    public override ModelKind Kind => ModelKind.Classifier;

    public override string OutputName => ProbabilitiesOutputName;

    public override IReadOnlyList<long> OutputShape { get; } = [-1, ClassCount];

    /// <summary>Pre-softmax scores [N,10].</summary>
    public abstract Tensor Logits(Tensor images);

    /// <summary>Class probabilities (softmax of the logits).</summary>
    public override Tensor Forward(Tensor input) => Ops.Softmax(Logits(input));

    /// <summary>Mean cross-entropy against the digit labels.</summary>
    public virtual Tensor Loss(Tensor images, int[] labels) => Ops.SoftmaxCrossEntropy(Logits(images), labels);
}
