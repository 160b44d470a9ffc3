using DenoiseApi.Training.Engine;
using DenoiseApi.Training.Export;

namespace DenoiseApi.Training.Models.Layers;

/// <summary>Modules applied in order; exports as their nodes in order.</summary>
public sealed class Sequential(params Module[] layers) : Module, IOnnxExportable
{
    private readonly Module[] layers = (Module[])layers.Clone();

    public IReadOnlyList<Module> Layers => layers;

    public override Tensor Forward(Tensor input)
    {
        var x = input;
        foreach (var layer in layers) x = layer.Forward(x);
        return x;
    }

    public string ExportOnnx(OnnxGraphBuilder graph, string input)
    {
        var value = input;
        foreach (var layer in layers)
        {
            if (layer is not IOnnxExportable exportable) throw new NotSupportedException($"{layer.GetType().Name} cannot be exported to ONNX.");
            value = exportable.ExportOnnx(graph, value);
        }
        return value;
    }

    protected override IEnumerable<Module> Children() => layers;
}
