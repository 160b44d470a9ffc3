using System.Globalization;
using DenoiseApi.Noise;
using DenoiseApi.Training.Engine;
using DenoiseApi.Training.Export;
using DenoiseApi.Training.Models.Layers;

namespace DenoiseApi.Training.Models;

/// <summary>The tutorials' multilayer perceptron: 784 → hidden → hidden → 10, ReLU between, softmax on the output.</summary>
public sealed class MlpClassifier : ClassifierModel
{
    private readonly Sequential layers;

    public MlpClassifier(int hidden, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(hidden);
        Hidden = hidden;
        var rng = Xoshiro256.ForStream(seed, 0x6d6c70);
        layers = new Sequential(
            new Flatten(),
            new Linear(784, hidden, ref rng, "fc1"),
            new Relu(),
            new Linear(hidden, hidden, ref rng, "fc2"),
            new Relu(),
            new Linear(hidden, ClassCount, ref rng, "fc3"));
    }

    public int Hidden { get; }

    public override string Architecture => string.Create(CultureInfo.InvariantCulture, $"dense 784-{Hidden}-{Hidden}-10, ReLU, softmax output");

    public override Tensor Logits(Tensor images) => layers.Forward(images);

    public override string ExportOnnx(OnnxGraphBuilder graph, string input) =>
        new Softmax().ExportOnnx(graph, layers.ExportOnnx(graph, input));

    protected override IEnumerable<Module> Children() => [layers];
}
