namespace DenoiseApi.Training.Export;

/// <summary>A model or layer that can write its forward pass into an ONNX graph.</summary>
public interface IOnnxExportable
{
    /// <summary>
    /// Adds this module's weights and nodes to <paramref name="graph"/>, reading the value named <paramref name="input"/>,
    /// and returns the name of the value it produces.
    /// </summary>
    string ExportOnnx(OnnxGraphBuilder graph, string input);
}
