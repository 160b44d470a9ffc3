using DenoiseApi.ModelStore;
using DenoiseApi.Training.Models.Graph;
using static TorchSharp.torch;

namespace DenoiseApi.Training.Models;

/// <summary>image [N,1,28,28] → probabilities [N,10]: <see cref="Logits{T}"/> then a softmax; trained with cross-entropy on the logits.</summary>
public abstract class ClassifierModel(string name) : ImageModel(name)
{
    public const string ProbabilitiesOutputName = "probabilities";
    public const int ClassCount = 10;

    private readonly nn.Module<Tensor, Tensor> output = nn.Softmax(1);

    public override ModelKind Kind => ModelKind.Classifier;

    public override string OutputName => ProbabilitiesOutputName;

    public override IReadOnlyList<long> OutputShape { get; } = [-1, ClassCount];

    /// <summary>Pre-softmax scores [N,10].</summary>
    public abstract T Logits<T>(ILayerGraph<T> graph, T image);

    public sealed override T Forward<T>(ILayerGraph<T> graph, T image)
    {
        ArgumentNullException.ThrowIfNull(graph);
        return graph.Apply(output, Logits(graph, image));
    }

    /// <summary>Mean cross-entropy against the digit labels (int64 [N]).</summary>
    public Tensor Loss(Tensor images, Tensor labels) => nn.functional.cross_entropy(Logits(TensorGraph.Instance, images), labels);
}
