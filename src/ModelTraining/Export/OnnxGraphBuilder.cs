using System.Runtime.InteropServices;
using DenoiseApi.ModelStore;
using Google.Protobuf;
using Onnx;

namespace DenoiseApi.Training.Export;

/// <summary>
/// Builds one ONNX graph (IR version 8, default-domain opset 17) out of ONNX's own message classes (generated from
/// onnx.proto): inputs, initializers (weights), nodes in topological order, and named outputs. A shape dimension of -1
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
    /// <summary>IR version 8: the newest that Debian's onnx 1.12 checker knows (onnx.proto's <see cref="Onnx.Version.IrVersion"/>).</summary>
    public const long IrVersion = (long)Onnx.Version.IrVersion;
    public const long OpsetVersion = 17;
    public const string ProducerName = "DenoiseApi.ModelTraining";

    /// <summary>The shape value that marks the dynamic batch dimension.</summary>
    public const long DynamicDimension = -1;

    /// <summary>The symbolic name ONNX files get for a dynamic dimension.</summary>
    public const string DynamicDimensionName = "N";

    private readonly string _graphName;
    private readonly HashSet<string> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _nodeNames = new(StringComparer.Ordinal);
    private readonly GraphProto _graph;
    private readonly List<TensorSpec> _inputSpecs = [];
    private readonly List<TensorSpec> _outputSpecs = [];
    private int _parameterCount;

    public OnnxGraphBuilder(string graphName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(graphName);
        _graphName = graphName;
        _graph = new GraphProto { Name = graphName };
    }

    /// <summary>The graph inputs added so far (name and shape, -1 for the dynamic batch).</summary>
    public IReadOnlyList<TensorSpec> Inputs => _inputSpecs;

    /// <summary>The graph outputs added so far.</summary>
    public IReadOnlyList<TensorSpec> Outputs => _outputSpecs;

    /// <summary>Number of values stored in initializers (the model's parameter count when all initializers are weights).</summary>
    public int InitializerElementCount => _parameterCount;

    /// <summary>Number of nodes added so far (including Identity nodes added by <see cref="AddOutput"/>).</summary>
    public int NodeCount => _graph.Node.Count;

    /// <summary>Declares a float32 graph input; -1 in <paramref name="shape"/> is the dynamic batch "N".</summary>
    public string AddInput(string name, params long[] shape)
    {
        ClaimValueName(name);
        _graph.Input.Add(ValueInfo(name, shape));
        _inputSpecs.Add(new TensorSpec(name, (long[])shape.Clone()));
        return name;
    }

    /// <summary>Stores float32 weights under <paramref name="name"/>, laid out row-major with <paramref name="dims"/>.</summary>
    public string AddInitializer(string name, ReadOnlySpan<float> data, params long[] dims)
    {
        CheckInitializerShape(name, data.Length, dims);
        ClaimValueName(name);
        _graph.Initializer.Add(Tensor(name, TensorProto.Types.DataType.Float, dims, MemoryMarshal.AsBytes(data)));
        _parameterCount += data.Length;
        return name;
    }

    /// <summary>Stores an int64 tensor (e.g. the target shape of a Reshape) under <paramref name="name"/>.</summary>
    public string AddInitializer(string name, ReadOnlySpan<long> data, params long[] dims)
    {
        CheckInitializerShape(name, data.Length, dims);
        ClaimValueName(name);
        _graph.Initializer.Add(Tensor(name, TensorProto.Types.DataType.Int64, dims, MemoryMarshal.AsBytes(data)));
        return name;
    }

    /// <summary>
    /// Appends a node of the default ONNX domain. Inputs must be names returned earlier (or "" for an omitted
    /// optional input). Returns the node's output name: <paramref name="output"/> when given, else a fresh one.
    /// </summary>
    public string AddNode(string opType, IReadOnlyList<string> inputs, string? output = null, params AttributeProto[] attributes)
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

        ArgumentNullException.ThrowIfNull(attributes);
        var seenAttributes = new HashSet<string>(StringComparer.Ordinal);
        foreach (AttributeProto attribute in attributes)
        {
            ArgumentNullException.ThrowIfNull(attribute, nameof(attributes));
            if (string.IsNullOrWhiteSpace(attribute.Name) || attribute.Type == AttributeProto.Types.AttributeType.Undefined)
            {
                throw new ArgumentException($"Node {opType} has an attribute without a name or type; create attributes with OnnxAttribute.", nameof(attributes));
            }

            if (!seenAttributes.Add(attribute.Name))
            {
                throw new ArgumentException($"Node {opType} has attribute '{attribute.Name}' twice.", nameof(attributes));
            }
        }

        string outputName = output ?? FreshName(opType.ToLowerInvariant(), _values);
        ClaimValueName(outputName);
        string nodeName = FreshName(opType, _nodeNames);
        _nodeNames.Add(nodeName);

        var node = new NodeProto { Name = nodeName, OpType = opType };
        node.Input.AddRange(inputs);
        node.Output.Add(outputName);
        node.Attribute.AddRange(attributes.Select(a => a.Clone()));
        _graph.Node.Add(node);
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

        _graph.Output.Add(ValueInfo(outputName, shape));
        _outputSpecs.Add(new TensorSpec(outputName, (long[])shape.Clone()));
    }

    /// <summary>
    /// Serialises the model: IR version 8, opset 17, producer "DenoiseApi.ModelTraining", and
    /// <paramref name="metadata"/> as the model's metadata_props (readable through ONNX Runtime's model metadata).
    /// </summary>
    public byte[] ToModelBytes(IReadOnlyDictionary<string, string>? metadata = null) => ToModel(metadata).ToByteArray();

    /// <summary>The model as ONNX's <see cref="ModelProto"/> (what <see cref="ToModelBytes"/> serialises).</summary>
    public ModelProto ToModel(IReadOnlyDictionary<string, string>? metadata = null)
    {
        if (_graph.Input.Count == 0 || _graph.Output.Count == 0)
        {
            throw new InvalidOperationException($"Graph '{_graphName}' needs at least one input and one output before it can be written.");
        }

        var model = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = ProducerName,
            ProducerVersion = ProducerVersion(),
            Graph = _graph.Clone(),
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = OpsetVersion });
        if (metadata is not null)
        {
            model.MetadataProps.AddRange(metadata.OrderBy(e => e.Key, StringComparer.Ordinal)
                .Select(e => new StringStringEntryProto { Key = e.Key, Value = e.Value }));
        }

        return model;
    }

    private static string ProducerVersion()
    {
        System.Version? version = typeof(OnnxGraphBuilder).Assembly.GetName().Version;
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

    /// <summary>A tensor with its values as raw_data: little-endian, as onnx.proto specifies (every .NET target here is).</summary>
    private static TensorProto Tensor(string name, TensorProto.Types.DataType dataType, long[] dims, ReadOnlySpan<byte> littleEndianValues)
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("ONNX raw_data is little-endian; this writer runs on little-endian machines only.");
        }

        var tensor = new TensorProto { Name = name, DataType = (int)dataType, RawData = ByteString.CopyFrom(littleEndianValues) };
        tensor.Dims.AddRange(dims);
        return tensor;
    }

    private static ValueInfoProto ValueInfo(string name, long[] shape)
    {
        var dims = new TensorShapeProto();
        foreach (long d in shape)
        {
            dims.Dim.Add(d switch
            {
                DynamicDimension => new TensorShapeProto.Types.Dimension { DimParam = DynamicDimensionName },
                >= 0 => new TensorShapeProto.Types.Dimension { DimValue = d },
                _ => throw new ArgumentException($"Value '{name}' has dimension {d}; use -1 for the dynamic batch or a size >= 0.", nameof(shape)),
            });
        }

        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = dims } },
        };
    }
}
