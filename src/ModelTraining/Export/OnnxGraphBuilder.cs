using System.Buffers.Binary;
using System.Reflection;
using System.Runtime.InteropServices;
using DenoiseApi.ModelStore;

namespace DenoiseApi.Training.Export;

/// <summary>
/// Builds one ONNX graph (IR version 8, default-domain opset 17) and serialises it as a model file, with no protobuf
/// package: inputs, initializers (weights), nodes in topological order, and named outputs. A shape dimension of -1
/// becomes the symbolic dimension "N", the dynamic batch. Value names are unique: <see cref="AddNode"/> invents one
/// when none is given and refuses a name that is already taken, and every node input must already exist.
/// </summary>
/// <example>
/// <code>
/// var g = new OnnxGraphBuilder("dae");
/// string x = g.AddInput("image", -1, 784);
/// string w = g.AddInitializer("fc1.weight", weights, 64, 784);
/// string b = g.AddInitializer("fc1.bias", bias, 64);
/// string h = g.AddNode("Gemm", [x, w, b], attributes: OnnxAttribute.Int("transB", 1));
/// g.AddOutput(g.AddNode("Relu", [h]), "latent", -1, 64);
/// File.WriteAllBytes("model.onnx", g.ToModelBytes());
/// </code>
/// </example>
public sealed class OnnxGraphBuilder
{
    public const long IrVersion = 8;
    public const long OpsetVersion = 17;
    public const string ProducerName = "DenoiseApi.ModelTraining";

    /// <summary>The shape value that marks the dynamic batch dimension.</summary>
    public const long DynamicDimension = -1;

    /// <summary>The symbolic name ONNX files get for a dynamic dimension.</summary>
    public const string DynamicDimensionName = "N";

    private readonly string _graphName;
    private readonly HashSet<string> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _nodeNames = new(StringComparer.Ordinal);
    private readonly List<ProtobufWriter> _nodes = [];
    private readonly List<ProtobufWriter> _initializers = [];
    private readonly List<ProtobufWriter> _inputs = [];
    private readonly List<ProtobufWriter> _outputs = [];
    private readonly List<TensorSpec> _inputSpecs = [];
    private readonly List<TensorSpec> _outputSpecs = [];
    private int _parameterCount;

    public OnnxGraphBuilder(string graphName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(graphName);
        _graphName = graphName;
    }

    /// <summary>The graph inputs added so far (name and shape, -1 for the dynamic batch).</summary>
    public IReadOnlyList<TensorSpec> Inputs => _inputSpecs;

    /// <summary>The graph outputs added so far.</summary>
    public IReadOnlyList<TensorSpec> Outputs => _outputSpecs;

    /// <summary>Number of values stored in initializers (the model's parameter count when all initializers are weights).</summary>
    public int InitializerElementCount => _parameterCount;

    /// <summary>Number of nodes added so far (including Identity nodes added by <see cref="AddOutput"/>).</summary>
    public int NodeCount => _nodes.Count;

    /// <summary>Declares a float32 graph input; -1 in <paramref name="shape"/> is the dynamic batch "N".</summary>
    public string AddInput(string name, params long[] shape)
    {
        ClaimValueName(name);
        _inputs.Add(ValueInfo(name, shape));
        _inputSpecs.Add(new TensorSpec(name, (long[])shape.Clone()));
        return name;
    }

    /// <summary>Stores float32 weights under <paramref name="name"/>, laid out row-major with <paramref name="dims"/>.</summary>
    public string AddInitializer(string name, ReadOnlySpan<float> data, params long[] dims)
    {
        CheckInitializerShape(name, data.Length, dims);
        byte[] raw = new byte[data.Length * sizeof(float)];
        if (BitConverter.IsLittleEndian)
        {
            MemoryMarshal.AsBytes(data).CopyTo(raw);
        }
        else
        {
            for (int i = 0; i < data.Length; i++)
            {
                BinaryPrimitives.WriteSingleLittleEndian(raw.AsSpan(i * 4), data[i]);
            }
        }

        ClaimValueName(name);
        _initializers.Add(Tensor(name, OnnxFields.DataTypeFloat, dims, raw));
        _parameterCount += data.Length;
        return name;
    }

    /// <summary>Stores an int64 tensor (e.g. the target shape of a Reshape) under <paramref name="name"/>.</summary>
    public string AddInitializer(string name, ReadOnlySpan<long> data, params long[] dims)
    {
        CheckInitializerShape(name, data.Length, dims);
        byte[] raw = new byte[data.Length * sizeof(long)];
        for (int i = 0; i < data.Length; i++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(raw.AsSpan(i * 8), data[i]);
        }

        ClaimValueName(name);
        _initializers.Add(Tensor(name, OnnxFields.DataTypeInt64, dims, raw));
        return name;
    }

    /// <summary>
    /// Appends a node of the default ONNX domain. Inputs must be names returned earlier (or "" for an omitted
    /// optional input). Returns the node's output name: <paramref name="output"/> when given, else a fresh one.
    /// </summary>
    public string AddNode(string opType, IReadOnlyList<string> inputs, string? output = null, params OnnxAttribute[] attributes)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(opType);
        ArgumentNullException.ThrowIfNull(inputs);
        foreach (string input in inputs)
        {
            if (input.Length > 0 && !_values.Contains(input))
            {
                throw new ArgumentException(
                    $"Node {opType} uses input '{input}', which is not a graph input, initializer or earlier node output.", nameof(inputs));
            }
        }

        var seenAttributes = new HashSet<string>(StringComparer.Ordinal);
        foreach (OnnxAttribute attribute in attributes)
        {
            if (!seenAttributes.Add(attribute.Name ?? ""))
            {
                throw new ArgumentException($"Node {opType} has attribute '{attribute.Name}' twice.", nameof(attributes));
            }
        }

        string outputName = output ?? FreshName(opType.ToLowerInvariant(), _values);
        ClaimValueName(outputName);
        string nodeName = FreshName(opType, _nodeNames);
        _nodeNames.Add(nodeName);

        var node = new ProtobufWriter();
        foreach (string input in inputs)
        {
            node.String(OnnxFields.NodeInput, input);
        }

        node.String(OnnxFields.NodeOutput, outputName);
        node.String(OnnxFields.NodeName, nodeName);
        node.String(OnnxFields.NodeOpType, opType);
        foreach (OnnxAttribute attribute in attributes)
        {
            node.Message(OnnxFields.NodeAttribute, attribute.ToProto());
        }

        _nodes.Add(node);
        return outputName;
    }

    /// <summary>
    /// Declares <paramref name="valueName"/> a float32 graph output called <paramref name="outputName"/> with the given
    /// shape (-1 = dynamic batch). When the names differ an Identity node renames the value.
    /// </summary>
    public void AddOutput(string valueName, string outputName, params long[] shape)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(valueName);
        ArgumentException.ThrowIfNullOrWhiteSpace(outputName);
        if (!_values.Contains(valueName))
        {
            throw new ArgumentException($"Output value '{valueName}' does not exist in graph '{_graphName}'.", nameof(valueName));
        }

        if (_outputSpecs.Any(o => o.Name == outputName))
        {
            throw new ArgumentException($"Graph '{_graphName}' already has an output named '{outputName}'.", nameof(outputName));
        }

        if (!string.Equals(valueName, outputName, StringComparison.Ordinal))
        {
            AddNode("Identity", [valueName], outputName);
        }

        _outputs.Add(ValueInfo(outputName, shape));
        _outputSpecs.Add(new TensorSpec(outputName, (long[])shape.Clone()));
    }

    /// <summary>
    /// Serialises the model: IR version 8, opset 17, producer "DenoiseApi.ModelTraining", and
    /// <paramref name="metadata"/> as the model's metadata_props (readable through ONNX Runtime's model metadata).
    /// </summary>
    public byte[] ToModelBytes(IReadOnlyDictionary<string, string>? metadata = null)
    {
        if (_inputs.Count == 0 || _outputs.Count == 0)
        {
            throw new InvalidOperationException($"Graph '{_graphName}' needs at least one input and one output before it can be written.");
        }

        var graph = new ProtobufWriter();
        foreach (ProtobufWriter node in _nodes)
        {
            graph.Message(OnnxFields.GraphNode, node);
        }

        graph.String(OnnxFields.GraphName, _graphName);
        foreach (ProtobufWriter initializer in _initializers)
        {
            graph.Message(OnnxFields.GraphInitializer, initializer);
        }

        foreach (ProtobufWriter input in _inputs)
        {
            graph.Message(OnnxFields.GraphInput, input);
        }

        foreach (ProtobufWriter output in _outputs)
        {
            graph.Message(OnnxFields.GraphOutput, output);
        }

        var opset = new ProtobufWriter();
        opset.String(OnnxFields.OpsetDomain, "");
        opset.Int64(OnnxFields.OpsetVersion, OpsetVersion);

        var model = new ProtobufWriter();
        model.Int64(OnnxFields.ModelIrVersion, IrVersion);
        model.String(OnnxFields.ModelProducerName, ProducerName);
        model.String(OnnxFields.ModelProducerVersion, ProducerVersion());
        model.Message(OnnxFields.ModelGraph, graph);
        model.Message(OnnxFields.ModelOpsetImport, opset);
        if (metadata is not null)
        {
            foreach (KeyValuePair<string, string> entry in metadata.OrderBy(e => e.Key, StringComparer.Ordinal))
            {
                var prop = new ProtobufWriter();
                prop.String(OnnxFields.EntryKey, entry.Key);
                prop.String(OnnxFields.EntryValue, entry.Value);
                model.Message(OnnxFields.ModelMetadataProps, prop);
            }
        }

        return model.ToArray();
    }

    private static string ProducerVersion()
    {
        Version? version = typeof(OnnxGraphBuilder).Assembly.GetName().Version;
        return version is null ? "1.0.0" : version.ToString(3);
    }

    private void ClaimValueName(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (!_values.Add(name))
        {
            throw new ArgumentException($"Graph '{_graphName}' already has a value named '{name}'.", nameof(name));
        }
    }

    private static string FreshName(string stem, HashSet<string> taken)
    {
        for (int i = 0; ; i++)
        {
            string candidate = $"{stem}_{i}";
            if (!taken.Contains(candidate))
            {
                return candidate;
            }
        }
    }

    private static void CheckInitializerShape(string name, int length, long[] dims)
    {
        long expected = 1;
        foreach (long d in dims)
        {
            if (d < 0)
            {
                throw new ArgumentException($"Initializer '{name}' has negative dimension {d}; initializers have fixed shapes.", nameof(dims));
            }

            expected *= d;
        }

        if (expected != length)
        {
            throw new ArgumentException(
                $"Initializer '{name}' has {length} values but its shape [{string.Join(", ", dims)}] holds {expected}.", nameof(dims));
        }
    }

    private static ProtobufWriter Tensor(string name, int dataType, long[] dims, byte[] raw)
    {
        var tensor = new ProtobufWriter();
        tensor.PackedInt64(OnnxFields.TensorDims, dims);
        tensor.Int32(OnnxFields.TensorDataType, dataType);
        tensor.String(OnnxFields.TensorName, name);
        tensor.Bytes(OnnxFields.TensorRawData, raw);
        return tensor;
    }

    private static ProtobufWriter ValueInfo(string name, long[] shape)
    {
        var dimsProto = new ProtobufWriter();
        foreach (long d in shape)
        {
            var dim = new ProtobufWriter();
            if (d == DynamicDimension)
            {
                dim.String(OnnxFields.DimParam, DynamicDimensionName);
            }
            else if (d >= 0)
            {
                dim.Int64(OnnxFields.DimValue, d);
            }
            else
            {
                throw new ArgumentException($"Value '{name}' has dimension {d}; use -1 for the dynamic batch or a size >= 0.", nameof(shape));
            }

            dimsProto.Message(OnnxFields.ShapeDim, dim);
        }

        var tensorType = new ProtobufWriter();
        tensorType.Int32(OnnxFields.TensorTypeElemType, OnnxFields.DataTypeFloat);
        tensorType.Message(OnnxFields.TensorTypeShape, dimsProto);

        var type = new ProtobufWriter();
        type.Message(OnnxFields.TypeTensorType, tensorType);

        var valueInfo = new ProtobufWriter();
        valueInfo.String(OnnxFields.ValueInfoName, name);
        valueInfo.Message(OnnxFields.ValueInfoType, type);
        return valueInfo;
    }
}
