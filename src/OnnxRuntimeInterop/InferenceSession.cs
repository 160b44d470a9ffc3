using DenoiseApi.OnnxRuntime.Native;

namespace DenoiseApi.OnnxRuntime;

/// <summary>
/// A loaded ONNX model (<c>OrtSession</c>). <see cref="Run(string, ReadOnlySpan{float}, ReadOnlySpan{long}, string, Span{float}, ReadOnlySpan{long})"/>
/// may be called from many threads at once; <see cref="Dispose"/> during a Run is safe (the native session is
/// released when the last running call returns, later calls throw <see cref="ObjectDisposedException"/>).
/// </summary>
public sealed unsafe class InferenceSession : IDisposable
{
    private readonly SessionHandle _session;
    private readonly Dictionary<string, byte[]> _utf8Names;

    private InferenceSession(
        SessionHandle session, ExecutionProvider provider, string? fallbackReason, ModelDescription description)
    {
        _session = session;
        Provider = provider;
        ProviderFallbackReason = fallbackReason;
        Inputs = description.Inputs;
        Outputs = description.Outputs;
        CustomMetadata = description.CustomMetadata;
        ProducerName = description.ProducerName;
        GraphName = description.GraphName;
        ModelVersion = description.ModelVersion;
        _utf8Names = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var node in Inputs.Concat(Outputs))
        {
            _utf8Names[node.Name] = OrtApi.Utf8Z(node.Name);
        }
    }

    /// <summary>The model's inputs in declaration order.</summary>
    public IReadOnlyList<NodeMetadata> Inputs { get; }

    /// <summary>The model's outputs in declaration order.</summary>
    public IReadOnlyList<NodeMetadata> Outputs { get; }

    /// <summary>The execution provider actually in use.</summary>
    public ExecutionProvider Provider { get; }

    /// <summary>ORT's message explaining why CUDA was requested but the CPU is used; null otherwise.</summary>
    public string? ProviderFallbackReason { get; }

    /// <summary>The model's ONNX <c>metadata_props</c>.</summary>
    public IReadOnlyDictionary<string, string> CustomMetadata { get; }

    /// <summary>ONNX <c>producer_name</c>.</summary>
    public string ProducerName { get; }

    /// <summary>Name of the model's main graph.</summary>
    public string GraphName { get; }

    /// <summary>ONNX <c>model_version</c>.</summary>
    public long ModelVersion { get; }

    /// <summary>
    /// Loads <paramref name="modelPath"/>. When <see cref="SessionSettings.Provider"/> is CUDA and the runtime cannot
    /// use it, the session is created on the CPU instead and <see cref="ProviderFallbackReason"/> holds ORT's reason.
    /// </summary>
    /// <exception cref="OrtException">ORT rejected the model (missing file, invalid protobuf, invalid graph, ...).</exception>
    public static InferenceSession Create(OrtEnvironment env, string modelPath, SessionSettings settings)
    {
        ArgumentNullException.ThrowIfNull(env);
        ArgumentException.ThrowIfNullOrWhiteSpace(modelPath);
        return CreateWith(settings, (api, options) => api.CreateSession(env.Handle, modelPath, options));
    }

    /// <summary>Like <see cref="Create(OrtEnvironment, string, SessionSettings)"/>, from the bytes of an .onnx file.</summary>
    /// <exception cref="OrtException">ORT rejected the model (invalid protobuf, invalid graph, ...).</exception>
    public static InferenceSession CreateFromMemory(OrtEnvironment env, ReadOnlyMemory<byte> model, SessionSettings settings)
    {
        ArgumentNullException.ThrowIfNull(env);
        return CreateWith(settings, (api, options) => api.CreateSessionFromArray(env.Handle, model.Span, options));
    }

    /// <summary>
    /// Runs a single-input, single-output float model without copying: <paramref name="input"/> is wrapped in place
    /// and the model writes its output straight into <paramref name="output"/>.
    /// </summary>
    /// <exception cref="ArgumentException">A buffer's length differs from the element count of its shape.</exception>
    /// <exception cref="OrtException">ORT rejected the call: unknown name, wrong type or shape, or
    /// <paramref name="outputShape"/> differs from what the model produces.</exception>
    public void Run(
        string inputName, ReadOnlySpan<float> input, ReadOnlySpan<long> inputShape,
        string outputName, Span<float> output, ReadOnlySpan<long> outputShape)
    {
        ArgumentNullException.ThrowIfNull(inputName);
        ArgumentNullException.ThrowIfNull(outputName);
        TensorShapes.RequireMatchingLength(input.Length, inputShape, nameof(input));
        TensorShapes.RequireMatchingLength(output.Length, outputShape, nameof(output));

        var api = OrtApi.Instance;
        using var lease = new HandleLease(_session);
        fixed (float* inputData = input)
        fixed (float* outputData = output)
        {
            using var inputValue = api.CreateTensorWithData(CpuMemory.Info, inputData, input.Length * (long)sizeof(float), inputShape, TensorElementType.Float);
            using var outputValue = api.CreateTensorWithData(CpuMemory.Info, outputData, output.Length * (long)sizeof(float), outputShape, TensorElementType.Float);
            var inputPointer = inputValue.DangerousGetHandle();
            var outputPointer = outputValue.DangerousGetHandle();
            fixed (byte* inputNamePointer = Utf8Name(inputName))
            fixed (byte* outputNamePointer = Utf8Name(outputName))
            {
                api.Run(_session, &inputNamePointer, &inputPointer, 1, &outputNamePointer, 1, &outputPointer);
            }
        }
    }

    /// <summary>Runs a single-float-input model and copies out the requested float outputs (allocated by ORT).</summary>
    /// <exception cref="OrtException">ORT rejected the call (unknown name, wrong type or shape).</exception>
    /// <exception cref="NotSupportedException">A requested output is not a float tensor.</exception>
    public IReadOnlyList<OrtTensor> Run(
        string inputName, ReadOnlySpan<float> input, ReadOnlySpan<long> inputShape, IReadOnlyList<string> outputNames)
    {
        ArgumentNullException.ThrowIfNull(inputName);
        ArgumentNullException.ThrowIfNull(outputNames);
        if (outputNames.Count == 0)
        {
            throw new ArgumentException("At least one output name is required.", nameof(outputNames));
        }

        TensorShapes.RequireMatchingLength(input.Length, inputShape, nameof(input));

        var api = OrtApi.Instance;
        var outputNameBytes = new byte[outputNames.Count][];
        for (var i = 0; i < outputNames.Count; i++)
        {
            outputNameBytes[i] = Utf8Name(outputNames[i] ?? throw new ArgumentException("Output names must not be null.", nameof(outputNames)));
        }

        var outputPointers = new IntPtr[outputNames.Count];
        var outputValues = new ValueHandle[outputNames.Count];
        for (var i = 0; i < outputValues.Length; i++)
        {
            outputValues[i] = new ValueHandle();
        }

        using var lease = new HandleLease(_session);
        using var namePins = new PinnedUtf8Array(outputNameBytes);
        try
        {
            fixed (float* inputData = input)
            fixed (IntPtr* outputs = outputPointers)
            {
                using var inputValue = api.CreateTensorWithData(CpuMemory.Info, inputData, input.Length * (long)sizeof(float), inputShape, TensorElementType.Float);
                var inputPointer = inputValue.DangerousGetHandle();
                fixed (byte* inputNamePointer = Utf8Name(inputName))
                {
                    try
                    {
                        api.Run(_session, &inputNamePointer, &inputPointer, 1, namePins.Pointers, outputNames.Count, outputs);
                    }
                    finally
                    {
                        // Own whatever ORT allocated, even on failure.
                        for (var i = 0; i < outputPointers.Length; i++)
                        {
                            if (outputPointers[i] != IntPtr.Zero)
                            {
                                outputValues[i].Attach(outputPointers[i]);
                            }
                        }
                    }
                }
            }

            var results = new OrtTensor[outputNames.Count];
            for (var i = 0; i < results.Length; i++)
            {
                results[i] = CopyFloatTensor(api, outputNames[i], outputValues[i]);
            }

            return results;
        }
        finally
        {
            foreach (var value in outputValues)
            {
                value.Dispose();
            }
        }
    }

    /// <summary>Releases the native session (deferred until running calls finish). Calling it again does nothing.</summary>
    public void Dispose() => _session.Dispose();

    private static OrtTensor CopyFloatTensor(OrtApi api, string name, ValueHandle value)
    {
        var (type, shape) = api.DescribeTensor(value);
        if (type != TensorElementType.Float)
        {
            throw new NotSupportedException($"Output '{name}' is a {type} tensor; only float outputs can be read.");
        }

        var data = new float[checked((int)TensorShapes.ElementCount(shape))];
        if (data.Length > 0)
        {
            new ReadOnlySpan<float>(api.GetTensorMutableData(value), data.Length).CopyTo(data);
        }

        return new OrtTensor(name, data, shape);
    }

    private static InferenceSession CreateWith(
        SessionSettings settings, Func<OrtApi, SessionOptionsHandle, SessionHandle> createSession)
    {
        ArgumentNullException.ThrowIfNull(settings);
        SessionOptionsBuilder.Validate(settings);

        var api = OrtApi.Instance;
        var (session, provider, fallbackReason) = settings.Provider == ExecutionProvider.Cuda
            ? CreateOnCudaOrCpu(api, settings, createSession)
            : (CreateOnCpu(api, settings, createSession), ExecutionProvider.Cpu, null);
        try
        {
            return new InferenceSession(session, provider, fallbackReason, ModelDescription.Read(api, session));
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    private static SessionHandle CreateOnCpu(
        OrtApi api, SessionSettings settings, Func<OrtApi, SessionOptionsHandle, SessionHandle> createSession)
    {
        using var options = SessionOptionsBuilder.CreateCpuOptions(api, settings);
        return createSession(api, options);
    }

    private static (SessionHandle Session, ExecutionProvider Provider, string? FallbackReason) CreateOnCudaOrCpu(
        OrtApi api, SessionSettings settings, Func<OrtApi, SessionOptionsHandle, SessionHandle> createSession)
    {
        string reason;
        try
        {
            using var options = SessionOptionsBuilder.CreateCpuOptions(api, settings);
            SessionOptionsBuilder.AppendCuda(api, options, settings);
            return (createSession(api, options), ExecutionProvider.Cuda, null);
        }
        catch (OrtException ex)
        {
            reason = ex.RuntimeMessage;
        }

        // Fresh options: the failed ones may hold a half-registered provider. A model that ORT cannot load at all
        // fails again here with the CPU's own error.
        return (CreateOnCpu(api, settings, createSession), ExecutionProvider.Cpu, reason);
    }

    private byte[] Utf8Name(string name) =>
        _utf8Names.TryGetValue(name, out var bytes) ? bytes : OrtApi.Utf8Z(name);
}
