using DenoiseApi.Training.Engine;
using DenoiseApi.Training.Export;

namespace DenoiseApi.Training.Models.Conv;

/// <summary>Max pooling over k×k windows at a stride (default 2x2/2: halves height and width). ONNX MaxPool.</summary>
public sealed class MaxPool2d(int kernel = 2, int stride = 2) : Module, IOnnxExportable
{
    public int Kernel { get; } = kernel > 0 ? kernel : throw new ArgumentOutOfRangeException(nameof(kernel), kernel, "Pooling window must be positive.");

    public int Stride { get; } = stride > 0 ? stride : throw new ArgumentOutOfRangeException(nameof(stride), stride, "Pooling stride must be positive.");

    public override Tensor Forward(Tensor input) => Ops.MaxPool2d(input, Kernel, Stride);

    public string ExportOnnx(OnnxGraphBuilder graph, string input) =>
        graph.AddNode("MaxPool", [input], null,
            OnnxAttribute.Ints("kernel_shape", Kernel, Kernel),
            OnnxAttribute.Ints("strides", Stride, Stride));
}
