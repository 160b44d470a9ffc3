using DenoiseApi.Noise;
using DenoiseApi.Training.Engine;
using DenoiseApi.Training.Export;
using DenoiseApi.Training.Models.Layers;

namespace DenoiseApi.Training.Models.Conv;

/// <summary>
/// A small convolutional digit classifier: conv(1→C1, 3x3 same) + ReLU + max-pool → conv(C1→C2) + ReLU + max-pool →
/// dense 7·7·C2 → H + ReLU → 10, softmax output. With 32/64/128: 421,642 parameters.
/// </summary>
public sealed class ConvClassifier : ClassifierModel
{
    private readonly Sequential layers;

    public ConvClassifier(int firstFilters, int secondFilters, int hidden, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(firstFilters);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(secondFilters);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(hidden);
        FirstFilters = firstFilters;
        SecondFilters = secondFilters;
        Hidden = hidden;
        var rng = Xoshiro256.ForStream(seed, 0x636c6173);
        layers = new Sequential(
            Conv2d.Same(1, firstFilters, 3, ref rng, "features.0", activationSlope: 0f),
            new MaxPool2d(),
            Conv2d.Same(firstFilters, secondFilters, 3, ref rng, "features.2", activationSlope: 0f),
            new MaxPool2d(),
            new Flatten(),
            new Linear(7 * 7 * secondFilters, hidden, ref rng, "classifier.0"),
            new Relu(),
            new Linear(hidden, ClassCount, ref rng, "classifier.2"));
    }

    public int FirstFilters { get; }

    public int SecondFilters { get; }

    public int Hidden { get; }

    public override string Architecture =>
        $"conv {FirstFilters}-3x3+ReLU+maxpool, conv {SecondFilters}-3x3+ReLU+maxpool, dense {7 * 7 * SecondFilters}-{Hidden}-10, softmax output";

    /// <summary>The layers in forward order (for FLOP counting and inspection).</summary>
    public IReadOnlyList<Module> Layers => layers.Layers;

    public override Tensor Logits(Tensor images) => layers.Forward(images);

    public override string ExportOnnx(OnnxGraphBuilder graph, string input) =>
        new Softmax().ExportOnnx(graph, layers.ExportOnnx(graph, input));

    protected override IEnumerable<Module> Children() => [layers];
}
