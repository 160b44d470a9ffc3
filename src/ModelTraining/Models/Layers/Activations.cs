using DenoiseApi.Training.Engine;
using DenoiseApi.Training.Export;

namespace DenoiseApi.Training.Models.Layers;

/// <summary><c>max(x, 0)</c> (ONNX Relu).</summary>
public sealed class Relu : Module, IOnnxExportable
{
    public override Tensor Forward(Tensor input) => Ops.Relu(input);

    public string ExportOnnx(OnnxGraphBuilder graph, string input) => graph.AddNode("Relu", [input]);
}

/// <summary>x, or slope·x below zero (ONNX LeakyRelu).</summary>
public sealed class LeakyRelu(float slope = 0.01f) : Module, IOnnxExportable
{
    public float Slope { get; } = slope;

    public override Tensor Forward(Tensor input) => Ops.LeakyRelu(input, Slope);

    public string ExportOnnx(OnnxGraphBuilder graph, string input) =>
        graph.AddNode("LeakyRelu", [input], null, OnnxAttribute.Float("alpha", Slope));
}

/// <summary>Logistic function (ONNX Sigmoid).</summary>
public sealed class Sigmoid : Module, IOnnxExportable
{
    public override Tensor Forward(Tensor input) => Ops.Sigmoid(input);

    public string ExportOnnx(OnnxGraphBuilder graph, string input) => graph.AddNode("Sigmoid", [input]);
}

/// <summary>Softmax over the class dimension of [N,C] (ONNX Softmax, axis 1).</summary>
public sealed class Softmax : Module, IOnnxExportable
{
    public override Tensor Forward(Tensor input) => Ops.Softmax(input);

    public string ExportOnnx(OnnxGraphBuilder graph, string input) =>
        graph.AddNode("Softmax", [input], null, OnnxAttribute.Int("axis", 1));
}
