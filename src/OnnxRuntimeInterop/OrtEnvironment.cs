using DenoiseApi.OnnxRuntime.Native;

namespace DenoiseApi.OnnxRuntime;

/// <summary>
/// ONNX Runtime's environment (<c>OrtEnv</c>): logging setup shared by the sessions created in it. Create one per
/// process and keep it for the process lifetime; sessions keep it alive until they are disposed themselves.
/// ORT holds a single reference-counted environment per process: while one is alive, a further Create returns that
/// same environment, so the first caller's log id and level stay in force.
/// </summary>
public sealed class OrtEnvironment : IDisposable
{
    private OrtEnvironment(OrtEnvHandle handle) => Handle = handle;

    internal OrtEnvHandle Handle { get; }

    /// <summary>Creates the environment; loads libonnxruntime first if needed (see <see cref="OrtLibrary"/>).</summary>
    public static OrtEnvironment Create(string logId = "denoiseapi", OrtLoggingLevel level = OrtLoggingLevel.Warning)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(logId);
        if (!Enum.IsDefined(level))
        {
            throw new ArgumentOutOfRangeException(nameof(level), level, "Unknown logging level.");
        }

        return new OrtEnvironment(OrtApi.Instance.CreateEnv(level, logId));
    }

    public void Dispose() => Handle.Dispose();
}
