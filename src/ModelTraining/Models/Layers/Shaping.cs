using DenoiseApi.Training.Engine;
using DenoiseApi.Training.Export;

namespace DenoiseApi.Training.Models.Layers;

/// <summary>[N, …] → [N, rest] (ONNX Flatten, axis 1).</summary>
public sealed class Flatten : Module, IOnnxExportable
{
    public override Tensor Forward(Tensor input) => Ops.Flatten(input);

    public string ExportOnnx(OnnxGraphBuilder graph, string input) =>
        graph.AddNode("Flatten", [input], null, OnnxAttribute.Int("axis", 1));
}

/// <summary>[N, …] → [N, dims…] keeping the batch dimension (ONNX Reshape with target [-1, dims…]).</summary>
public sealed class Reshape : Module, IOnnxExportable
{
    private readonly int[] itemShape;

    public Reshape(params int[] itemShape)
    {
        if (itemShape.Length == 0 || itemShape.Any(d => d <= 0)) throw new ArgumentException("Reshape needs positive item dimensions.", nameof(itemShape));
        this.itemShape = (int[])itemShape.Clone();
    }

    public IReadOnlyList<int> ItemShape => itemShape;

    public override Tensor Forward(Tensor input) => Ops.Reshape(input, [input.Shape[0], .. itemShape]);

    public string ExportOnnx(OnnxGraphBuilder graph, string input)
    {
        long[] target = [-1, .. itemShape.Select(d => (long)d)];
        var shape = graph.AddInitializer($"reshape_{string.Join("x", itemShape)}_{graph.NodeCount}", target, target.Length);
        return graph.AddNode("Reshape", [input, shape]);
    }
}
