using DenoiseApi.OnnxRuntime;
using DenoiseApi.Options;
using Microsoft.Extensions.Options;

namespace DenoiseApi.Inference;

/// <summary>
/// The process's one ONNX Runtime environment: loads the native library named by <see cref="OnnxRuntimeOptions"/>
/// (or found by <see cref="OrtLibrary"/>'s default search) on first use and keeps the environment until shutdown.
/// </summary>
public sealed class OrtRuntime(IOptions<OnnxRuntimeOptions> options, ILogger<OrtRuntime> logger) : IDisposable
{
    private readonly Lock _gate = new();
    private OrtEnvironment? _environment;

    /// <summary>The environment, created (and the library loaded) on first call.</summary>
    public OrtEnvironment Environment
    {
        get
        {
            lock (_gate)
            {
                if (_environment is not null) return _environment;
                var settings = options.Value;
                OrtLibrary.Configure(string.IsNullOrWhiteSpace(settings.LibraryPath) ? null : settings.LibraryPath);
                var level = Enum.Parse<OrtLoggingLevel>(settings.LogLevel, ignoreCase: true);
                _environment = OrtEnvironment.Create("denoiseapi", level);
                Log.OrtLoaded(logger, OrtLibrary.RuntimeVersion, OrtLibrary.LoadedPath);
                return _environment;
            }
        }
    }

    /// <summary>The runtime's version, or null before the library is loaded.</summary>
    public string? Version => _environment is null ? null : OrtLibrary.RuntimeVersion;

    /// <summary>The loaded library file, or null before it is loaded.</summary>
    public string? LibraryPath => _environment is null ? null : OrtLibrary.LoadedPath;

    public void Dispose() => _environment?.Dispose();
}
