using DenoiseApi.Training.Models.Graph;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DenoiseApi.Training.Models.Conv;

/// <summary>
/// A small convolutional digit classifier: conv(1→C1, 3x3 same) + ReLU + max-pool → conv(C1→C2) + ReLU + max-pool →
/// dense 7·7·C2 → H + ReLU → 10, softmax output. With 32/64/128: 421,642 parameters.
/// </summary>
public sealed class ConvClassifier : ClassifierModel
{
    private readonly Sequential features;
    private readonly Flatten flatten = nn.Flatten();
    private readonly Sequential classifier;

    public ConvClassifier(int firstFilters, int secondFilters, int hidden) : base("conv_classifier")
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(firstFilters);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(secondFilters);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(hidden);
        FirstFilters = firstFilters;
        SecondFilters = secondFilters;
        Hidden = hidden;
        features = nn.Sequential(
            ConvLayers.Same(1, firstFilters), nn.ReLU(), nn.MaxPool2d(2),
            ConvLayers.Same(firstFilters, secondFilters), nn.ReLU(), nn.MaxPool2d(2));
        classifier = nn.Sequential(nn.Linear(7 * 7 * secondFilters, hidden), nn.ReLU(), nn.Linear(hidden, ClassCount));
        RegisterComponents();
    }

    public int FirstFilters { get; }

    public int SecondFilters { get; }

    public int Hidden { get; }

    public override string Architecture =>
        $"conv {FirstFilters}-3x3+ReLU+maxpool, conv {SecondFilters}-3x3+ReLU+maxpool, dense {7 * 7 * SecondFilters}-{Hidden}-10, softmax output";

    public override T Logits<T>(ILayerGraph<T> graph, T image)
    {
        ArgumentNullException.ThrowIfNull(graph);
        return graph.Apply(classifier, graph.Apply(flatten, graph.Apply(features, image)));
    }
}
