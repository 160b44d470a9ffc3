using System.Text.Json;
using DenoiseApi.Training.Tests.Fixtures;
using Microsoft.ML.OnnxRuntime;

namespace DenoiseApi.Training.Tests.Export;

/// <summary>The real tools an exported file must satisfy: the onnx checker (python3-onnx) and ONNX Runtime (the official package).</summary>
internal static class OnnxTools
{
    private const string CheckerScript = """
        import sys, onnx
        for path in sys.argv[1:]:
            model = onnx.load(path)
            try:
                onnx.checker.check_model(model, full_check=True)
            except Exception as e:
                print(f"{path}: {type(e).__name__}: {e}", file=sys.stderr)
                sys.exit(1)
            print("ok", path)
        """;

    private const string DescribeScript = """
        import sys, json, onnx
        from onnx import helper, numpy_helper
        m = onnx.load(sys.argv[1])
        def dims(v):
            return [d.dim_param if d.HasField("dim_param") else d.dim_value for d in v.type.tensor_type.shape.dim]
        def attr(a):
            v = helper.get_attribute_value(a)
            if isinstance(v, bytes): v = v.decode()
            if isinstance(v, list): v = [x.decode() if isinstance(x, bytes) else x for x in v]
            return {"type": int(a.type), "value": v}
        print(json.dumps({
            "ir_version": m.ir_version,
            "opset": [[o.domain, o.version] for o in m.opset_import],
            "producer_name": m.producer_name,
            "producer_version": m.producer_version,
            "metadata": {p.key: p.value for p in m.metadata_props},
            "graph_name": m.graph.name,
            "inputs": [{"name": v.name, "elem_type": v.type.tensor_type.elem_type, "dims": dims(v)} for v in m.graph.input],
            "outputs": [{"name": v.name, "elem_type": v.type.tensor_type.elem_type, "dims": dims(v)} for v in m.graph.output],
            "initializers": [{"name": t.name, "data_type": t.data_type, "dims": list(t.dims),
                              "values": numpy_helper.to_array(t).flatten().tolist()} for t in m.graph.initializer],
            "nodes": [{"op_type": n.op_type, "name": n.name, "domain": n.domain, "inputs": list(n.input), "outputs": list(n.output),
                       "attributes": {a.name: attr(a) for a in n.attribute}} for n in m.graph.node],
        }, separators=(",", ":")))
        """;

    /// <summary>Runs <c>onnx.checker.check_model(model, full_check=True)</c>; throws with the checker's message on failure.</summary>
    public static void Check(params byte[][] models)
    {
        using var dir = new TempDirectory();
        var paths = new string[models.Length];
        for (int i = 0; i < models.Length; i++)
        {
            paths[i] = dir.File($"model{i}.onnx");
            File.WriteAllBytes(paths[i], models[i]);
        }

        SystemPython.Run(CheckerScript, paths);
    }

    /// <summary>The model as python-onnx reads it, as JSON.</summary>
    public static JsonElement Describe(byte[] model)
    {
        using var dir = new TempDirectory();
        string path = dir.File("model.onnx");
        File.WriteAllBytes(path, model);
        using JsonDocument doc = JsonDocument.Parse(SystemPython.Run(DescribeScript, path));
        return doc.RootElement.Clone();
    }

    /// <summary>Runs a one-input, one-output float model with ONNX Runtime and returns the output, which must have <paramref name="outputShape"/>.</summary>
    public static float[] Run(byte[] model, string inputName, float[] input, long[] inputShape, string outputName, long[] outputShape)
    {
        using var session = new InferenceSession(model);
        using var inputValue = OrtValue.CreateTensorValueFromMemory(input, inputShape);
        using var runOptions = new RunOptions();
        using var results = session.Run(runOptions, [inputName], [inputValue], [outputName]);
        var shape = results[0].GetTensorTypeAndShape().Shape;
        if (!shape.SequenceEqual(outputShape))
            throw new InvalidOperationException($"ONNX Runtime produced shape [{string.Join(",", shape)}], expected [{string.Join(",", outputShape)}].");
        return results[0].GetTensorDataAsSpan<float>().ToArray();
    }

    /// <summary>Opens the model in ONNX Runtime and hands the session to <paramref name="inspect"/>.</summary>
    public static void WithSession(byte[] model, Action<InferenceSession> inspect)
    {
        using var session = new InferenceSession(model);
        inspect(session);
    }
}
