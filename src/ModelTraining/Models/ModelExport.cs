using DenoiseApi.ModelStore;
using DenoiseApi.Training.Export;

namespace DenoiseApi.Training.Models;

/// <summary>Writes a whole <see cref="ImageModel"/> as an ONNX model: input "image" [-1,1,28,28], its named output.</summary>
public static class ModelExport
{
    /// <summary>The ONNX bytes plus the input/output specs to put in the manifest.</summary>
    public static (byte[] Bytes, IReadOnlyList<TensorSpec> Inputs, IReadOnlyList<TensorSpec> Outputs) ToOnnx(
        ImageModel model, string graphName, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var graph = new OnnxGraphBuilder(graphName);
        var input = graph.AddInput(ImageModel.InputName, [.. ImageModel.InputShape]);
        var output = model.ExportOnnx(graph, input);
        graph.AddOutput(output, model.OutputName, [.. model.OutputShape]);
        return (graph.ToModelBytes(metadata), graph.Inputs, graph.Outputs);
    }
}
