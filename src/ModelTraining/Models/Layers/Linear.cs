using DenoiseApi.Noise;
using DenoiseApi.Training.Engine;
using DenoiseApi.Training.Export;

namespace DenoiseApi.Training.Models.Layers;

/// <summary>
/// Fully connected layer <c>y = x·Wᵀ + b</c>, W [out,in], b [out], initialised like PyTorch's nn.Linear:
/// both uniform in ±1/√in. Exports as one ONNX Gemm (transB = 1).
/// </summary>
public sealed class Linear : Module, IOnnxExportable
{
    public Linear(int inputs, int outputs, ref Xoshiro256 rng, string name)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputs);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outputs);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Inputs = inputs;
        Outputs = outputs;
        Name = name;
        var bound = 1f / MathF.Sqrt(inputs);
        var w = new float[outputs * inputs];
        for (var i = 0; i < w.Length; i++) w[i] = (2f * rng.NextFloat() - 1f) * bound;
        var b = new float[outputs];
        for (var i = 0; i < b.Length; i++) b[i] = (2f * rng.NextFloat() - 1f) * bound;
        Weight = Tensor.Parameter(w, [outputs, inputs], name + ".weight");
        Bias = Tensor.Parameter(b, [outputs], name + ".bias");
    }

    public int Inputs { get; }

    public int Outputs { get; }

    /// <summary>Prefix of the parameter names ("encoder.0" gives "encoder.0.weight").</summary>
    public string Name { get; }

    public Tensor Weight { get; }

    public Tensor Bias { get; }

    public override Tensor Forward(Tensor input) => Ops.Linear(input, Weight, Bias);

    public string ExportOnnx(OnnxGraphBuilder graph, string input)
    {
        var w = graph.AddInitializer(Weight.Name!, Weight.Data, Outputs, Inputs);
        var b = graph.AddInitializer(Bias.Name!, Bias.Data, Outputs);
        return graph.AddNode("Gemm", [input, w, b], null, OnnxAttribute.Int("transB", 1));
    }

    protected override IEnumerable<Tensor> OwnParameters() => [Weight, Bias];
}
