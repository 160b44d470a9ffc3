using DenoiseApi.Training.Models.Graph;
using Onnx;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DenoiseApi.Training.Export;

/// <summary>
/// A model's forward pass written as ONNX: each TorchSharp layer the forward applies becomes its ONNX node(s), its
/// trained parameters (and a batch norm's running statistics) become initializers in PyTorch's layout, named as the
/// owning module names them (<c>encoder.0.weight</c>), and its hyper-parameters (kernel, stride, padding, output
/// padding, dilation, groups, negative slope, dims) are read from the module. Values are ONNX value names; the rank of
/// each is tracked so shape-changing layers can be written exactly. A layer type without a mapping throws
/// <see cref="NotSupportedException"/> naming the type.
/// </summary>
public sealed class OnnxGraph : ILayerGraph<string>
{
    private readonly OnnxGraphBuilder _graph;
    private readonly Dictionary<IntPtr, string> _ownerNames = [];
    private readonly Dictionary<IntPtr, string> _written = [];
    private readonly Dictionary<string, int> _ranks = new(StringComparer.Ordinal);
    private int _unnamed;

    /// <param name="graph">The graph the nodes and initializers go into.</param>
    /// <param name="parameterOwner">
    /// The module whose <c>named_parameters()</c>/<c>named_buffers()</c> name the initializers (the whole model, also
    /// when only its encoder is written); a tensor it does not own is named after its layer type.
    /// </param>
    public OnnxGraph(OnnxGraphBuilder graph, nn.Module? parameterOwner)
    {
        ArgumentNullException.ThrowIfNull(graph);
        _graph = graph;
        if (parameterOwner is null) return;
        foreach (var (name, parameter) in parameterOwner.named_parameters()) _ownerNames.TryAdd(parameter.Handle, name);
        foreach (var (name, buffer) in parameterOwner.named_buffers()) _ownerNames.TryAdd(buffer.Handle, name);
    }

    /// <summary>Declares a float graph input of <paramref name="shape"/> (-1 = dynamic batch) and returns its name.</summary>
    public string Input(string name, IReadOnlyList<long> shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        return Ranked(_graph.AddInput(name, [.. shape]), shape.Count);
    }

    /// <summary>Declares <paramref name="value"/> the graph output <paramref name="name"/>; its rank must be the shape's.</summary>
    public void Output(string value, string name, IReadOnlyList<long> shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (RankOf(value) != shape.Count)
        {
            throw new InvalidOperationException($"Output '{name}' is declared with shape [{string.Join(", ", shape)}] but the forward pass gives a rank-{RankOf(value)} value.");
        }

        _graph.AddOutput(value, name, [.. shape]);
    }

    public string Add(string left, string right) =>
        Ranked(_graph.AddNode("Add", [left, right]), Math.Max(RankOf(left), RankOf(right)));

    public string Apply(nn.Module<Tensor, Tensor> layer, string input)
    {
        ArgumentNullException.ThrowIfNull(layer);
        var rank = RankOf(input);
        return layer switch
        {
            Sequential sequential => Enumerable.Range(0, sequential.Count).Aggregate(input, (x, i) => Apply((nn.Module<Tensor, Tensor>)sequential[i], x)),
            Linear linear => Dense(linear, input, rank),
            Conv2d conv => ConvolutionNode(conv, input, "Conv", Attributes(conv)),
            ConvTranspose2d conv => ConvolutionNode(conv, input, "ConvTranspose",
                [.. Attributes(conv), OnnxAttribute.Ints("output_padding", conv.output_padding)]),
            MaxPool2d pool => Node("MaxPool", [input], rank, Pooling(pool)),
            ReLU => Node("Relu", [input], rank),
            LeakyReLU leaky => Node("LeakyRelu", [input], rank, OnnxAttribute.Float("alpha", (float)leaky.negative_slope)),
            Sigmoid => Node("Sigmoid", [input], rank),
            Softmax softmax => Node("Softmax", [input], rank, OnnxAttribute.Int("axis", Axis(softmax.dim, rank))),
            Flatten flatten => FlattenValue(flatten, input, rank),
            Unflatten unflatten => UnflattenValue(unflatten, input, rank),
            Dropout => input, // inference: the identity
            BatchNorm1d or BatchNorm2d => Normalization((NormBase)(nn.Module)layer, input, rank),
            _ => throw Unsupported(layer, null),
        };
    }

    private string Dense(Linear linear, string input, int rank)
    {
        var weight = Initializer(linear.weight, linear);
        var bias = linear.bias is { } b ? Initializer(b, linear) : null;
        if (rank == 2)
        {
            return Node("Gemm", bias is null ? [input, weight] : [input, weight, bias], 2, OnnxAttribute.Int("transB", 1));
        }

        var product = Node("MatMul", [input, Node("Transpose", [weight], 2)], rank);
        return bias is null ? product : Node("Add", [product, bias], rank);
    }

    private string ConvolutionNode(Convolution conv, string input, string opType, AttributeProto[] attributes)
    {
        if (conv.padding_mode != PaddingModes.Zeros) throw Unsupported(conv, $"padding mode {conv.padding_mode}");
        var weight = Initializer(conv.weight, conv);
        return Node(opType, conv.bias is { } bias ? [input, weight, Initializer(bias, conv)] : [input, weight], 4, attributes);
    }

    private static AttributeProto[] Attributes(Convolution conv) =>
    [
        OnnxAttribute.Ints("kernel_shape", conv.kernel_size),
        OnnxAttribute.Ints("strides", conv.stride),
        OnnxAttribute.Ints("pads", Pads(conv)),
        OnnxAttribute.Ints("dilations", conv.dilation),
        OnnxAttribute.Int("group", conv.groups),
    ];

    /// <summary>ONNX pads [top, left, bottom, right]: symmetric from <c>padding</c>, or PyTorch's "same" (the odd pixel at the end).</summary>
    private static long[] Pads(Convolution conv)
    {
        if (conv.padding is { } padding) return [.. padding, .. padding];
        if (conv.padding_type == Padding.Valid) return [0, 0, 0, 0];
        var total = conv.dilation.Zip(conv.kernel_size, (d, k) => d * (k - 1)).ToArray();
        return [total[0] / 2, total[1] / 2, total[0] - (total[0] / 2), total[1] - (total[1] / 2)];
    }

    private static AttributeProto[] Pooling(MaxPool2d pool)
    {
        var padding = pool.padding ?? [0, 0];
        return
        [
            OnnxAttribute.Ints("kernel_shape", pool.kernel_size),
            OnnxAttribute.Ints("strides", pool.stride ?? pool.kernel_size), // PyTorch: the stride defaults to the kernel
            OnnxAttribute.Ints("pads", [.. padding, .. padding]),
            OnnxAttribute.Ints("dilations", pool.dilation ?? [1, 1]),
            OnnxAttribute.Int("ceil_mode", pool.ceil_mode ? 1 : 0),
        ];
    }

    /// <summary>torch.nn.Flatten(start, end) through the last axis: ONNX Flatten from axis 1, else a Reshape.</summary>
    private string FlattenValue(Flatten flatten, string input, int rank)
    {
        var start = Axis(flatten.start_dim, rank);
        if (Axis(flatten.end_dim, rank) != rank - 1) throw Unsupported(flatten, $"end_dim {flatten.end_dim} before the last axis");
        if (start == 1) return Node("Flatten", [input], 2, OnnxAttribute.Int("axis", 1));
        long[] shape = [.. Enumerable.Repeat(0L, (int)start), -1]; // Reshape's 0 keeps the input's size on that axis
        return Node("Reshape", [input, _graph.AddInitializer(FreshName("shape"), shape, shape.Length)], shape.Length);
    }

    /// <summary>torch.nn.Unflatten of the last axis into <c>unflattened_size</c>, as a Reshape.</summary>
    private string UnflattenValue(Unflatten unflatten, string input, int rank)
    {
        var dim = Axis(unflatten.dim, rank);
        if (dim != rank - 1) throw Unsupported(unflatten, $"dim {unflatten.dim} before the last axis");
        long[] shape = [.. Enumerable.Repeat(0L, (int)dim), .. unflatten.unflattened_size];
        return Node("Reshape", [input, _graph.AddInitializer(FreshName("shape"), shape, shape.Length)], shape.Length);
    }

    /// <summary>A batch norm in inference form: scale, shift, running mean and variance (ONNX BatchNormalization).</summary>
    private string Normalization(NormBase norm, string input, int rank)
    {
        if (norm.running_mean is not { } mean || norm.running_var is not { } variance)
        {
            throw Unsupported(norm, "no running statistics (track_running_stats=false)");
        }

        string scale, shift;
        if (norm.affine)
        {
            scale = Initializer(norm.weight, norm);
            shift = Initializer(norm.bias!, norm);
        }
        else
        {
            scale = _graph.AddInitializer(FreshName("scale"), Enumerable.Repeat(1f, (int)norm.num_features).ToArray(), norm.num_features);
            shift = _graph.AddInitializer(FreshName("shift"), new float[norm.num_features], norm.num_features);
        }

        return Node("BatchNormalization", [input, scale, shift, Initializer(mean, norm), Initializer(variance, norm)], rank,
            OnnxAttribute.Float("epsilon", (float)norm.eps));
    }

    /// <summary>
    /// The initializer holding <paramref name="tensor"/>'s values (written once per tensor, so a shared weight is one
    /// initializer): <c>detach().cpu().contiguous()</c>, row-major in PyTorch's layout.
    /// </summary>
    private string Initializer(Tensor tensor, nn.Module layer)
    {
        var key = tensor.Handle;
        if (_written.TryGetValue(key, out var written)) return written;
        if (tensor.dtype != ScalarType.Float32) throw Unsupported(layer, $"{tensor.dtype} parameters (float32 only)");
        using var scope = NewDisposeScope();
        var values = tensor.detach().cpu().contiguous().data<float>().ToArray();
        var name = _ownerNames.TryGetValue(key, out var owned) ? owned : FreshName(layer.GetType().Name.ToLowerInvariant());
        _written[key] = _graph.AddInitializer(name, values, tensor.shape);
        return name;
    }

    private string Node(string opType, IReadOnlyList<string> inputs, int rank, params AttributeProto[] attributes) =>
        Ranked(_graph.AddNode(opType, inputs, null, attributes), rank);

    private string Ranked(string value, int rank)
    {
        _ranks[value] = rank;
        return value;
    }

    private int RankOf(string value) =>
        _ranks.TryGetValue(value, out var rank) ? rank : throw new ArgumentException($"'{value}' is not a value of this graph (use Input, Apply or Add results).", nameof(value));

    private static long Axis(long axis, int rank) => axis < 0 ? axis + rank : axis;

    private string FreshName(string stem) => $"{stem}_{_unnamed++}";

    private static NotSupportedException Unsupported(nn.Module layer, string? detail) => new(
        $"ONNX export has no mapping for {layer.GetType().FullName}" + (detail is null ? "" : $" with {detail}") +
        ". Exportable layers: Linear, Conv2d, ConvTranspose2d, MaxPool2d, ReLU, LeakyReLU, Sigmoid, Softmax, Flatten, Unflatten, Dropout, BatchNorm1d/2d and Sequential of these.");
}
