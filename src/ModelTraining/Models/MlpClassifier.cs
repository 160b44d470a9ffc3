using System.Globalization;
using DenoiseApi.Training.Models.Graph;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DenoiseApi.Training.Models;

/// <summary>The tutorials' multilayer perceptron: 784 → hidden → hidden → 10, ReLU between, softmax on the output.</summary>
public sealed class MlpClassifier : ClassifierModel
{
    private readonly Flatten flatten = nn.Flatten();
    private readonly Linear fc1;
    private readonly Linear fc2;
    private readonly Linear fc3;
    private readonly ReLU relu = nn.ReLU();

    public MlpClassifier(int hidden) : base("mlp_classifier")
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(hidden);
        Hidden = hidden;
        fc1 = nn.Linear(784, hidden);
        fc2 = nn.Linear(hidden, hidden);
        fc3 = nn.Linear(hidden, ClassCount);
        RegisterComponents();
    }

    public int Hidden { get; }

    public override string Architecture => string.Create(CultureInfo.InvariantCulture, $"dense 784-{Hidden}-{Hidden}-10, ReLU, softmax output");

    public override T Logits<T>(ILayerGraph<T> graph, T image)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var h1 = graph.Apply(relu, graph.Apply(fc1, graph.Apply(flatten, image)));
        var h2 = graph.Apply(relu, graph.Apply(fc2, h1));
        return graph.Apply(fc3, h2);
    }
}
