using System.Reflection;
using System.Runtime.InteropServices;
using DenoiseApi.OnnxRuntime.Native;

namespace DenoiseApi.OnnxRuntime;

/// <summary>
/// Locates and loads libonnxruntime and answers questions about the loaded runtime.
/// The library is looked for, in order, at: the path given to <see cref="Configure"/>; the environment variable
/// <c>DENOISEAPI_ORT_LIBRARY</c>; <c>$DENOISEAPI_CACHE/onnxruntime/1.30.0/libonnxruntime.so.1</c> (cache default
/// <c>~/.cache/denoiseapi</c>, filled by scripts/setup.sh); and finally the system loader
/// (<c>libonnxruntime.so.1</c>, then <c>onnxruntime</c>).
/// </summary>
public static class OrtLibrary
{
    /// <summary>The ONNX Runtime release this binding is written and tested against.</summary>
    public const string ExpectedVersion = "1.30.0";

    /// <summary>Environment variable naming the library file explicitly.</summary>
    public const string LibraryPathVariable = "DENOISEAPI_ORT_LIBRARY";

    /// <summary>Environment variable overriding the cache root (default <c>~/.cache/denoiseapi</c>).</summary>
    public const string CacheVariable = "DENOISEAPI_CACHE";

    private const string LibraryFileName = "libonnxruntime.so.1";
    private static readonly string[] SystemNames = [LibraryFileName, "onnxruntime"];

    private static readonly Lock Gate = new();
    private static string? _configuredPath;
    private static IntPtr _libraryHandle;
    private static string? _loadedPath;

#pragma warning disable CA1810 // The resolver must be registered before any native call; a static constructor guarantees it.
    static OrtLibrary()
    {
        NativeLibrary.SetDllImportResolver(typeof(OrtLibrary).Assembly, Resolve);
    }
#pragma warning restore CA1810

    /// <summary>
    /// Chooses the library file. Call before first native use; <paramref name="libraryPath"/> null keeps the default
    /// search order. Once the library is loaded, a call naming a different file throws
    /// <see cref="InvalidOperationException"/>; naming the loaded file again is harmless.
    /// </summary>
    /// <exception cref="FileNotFoundException">The given file does not exist.</exception>
    public static void Configure(string? libraryPath)
    {
        string? fullPath = null;
        if (libraryPath is not null)
        {
            fullPath = Path.GetFullPath(libraryPath);
            if (!File.Exists(fullPath))
            {
                throw new FileNotFoundException(
                    $"ONNX Runtime library not found at '{fullPath}'. Run scripts/setup.sh to install ONNX Runtime " +
                    $"{ExpectedVersion} into the cache, or point {nameof(OrtLibrary)}.{nameof(Configure)} / " +
                    $"{LibraryPathVariable} at an existing libonnxruntime.so.1.",
                    fullPath);
            }
        }

        lock (Gate)
        {
            if (_libraryHandle != IntPtr.Zero)
            {
                if (fullPath is not null && !string.Equals(fullPath, _loadedPath, StringComparison.Ordinal))
                {
                    throw new InvalidOperationException(
                        $"ONNX Runtime is already loaded from '{_loadedPath}'; it cannot be switched to '{fullPath}'. " +
                        $"Call {nameof(OrtLibrary)}.{nameof(Configure)} before the first use of ONNX Runtime.");
                }

                return;
            }

            _configuredPath = fullPath;
        }
    }

    /// <summary>The library actually loaded: a full path, or the bare name handed to the system loader.</summary>
    public static string LoadedPath
    {
        get
        {
            EnsureLoaded();
            return _loadedPath!;
        }
    }

    /// <summary>The runtime's own version string (<c>OrtApiBase::GetVersionString</c>), e.g. "1.30.0".</summary>
    public static string RuntimeVersion => OrtApi.Instance.VersionString;

    /// <summary>Execution providers compiled into the loaded runtime (<c>GetAvailableProviders</c>).</summary>
    public static IReadOnlyList<string> AvailableProviders => OrtApi.Instance.GetAvailableProviders();

    /// <summary>Whether the loaded runtime provides C API version <paramref name="version"/> (<c>GetApi</c>).</summary>
    public static bool SupportsApiVersion(uint version) => OrtApi.Instance.SupportsApiVersion(version);

    /// <summary>Loads the library (once) and returns its handle; throws <see cref="DllNotFoundException"/> with every path tried.</summary>
    internal static IntPtr EnsureLoaded()
    {
        lock (Gate)
        {
            if (_libraryHandle != IntPtr.Zero)
            {
                return _libraryHandle;
            }

            var tried = new List<string>();
            foreach (var (candidate, isFile) in Candidates())
            {
                if (isFile && !File.Exists(candidate))
                {
                    tried.Add($"{candidate} (no such file)");
                    continue;
                }

                if (NativeLibrary.TryLoad(candidate, out var handle))
                {
                    _libraryHandle = handle;
                    _loadedPath = candidate;
                    return handle;
                }

                tried.Add($"{candidate} (failed to load)");
            }

            throw new DllNotFoundException(
                $"ONNX Runtime {ExpectedVersion} (libonnxruntime.so.1) could not be loaded. Tried: " +
                $"{string.Join("; ", tried)}. Run scripts/setup.sh, or set {LibraryPathVariable} to the library file.");
        }
    }

    private static IEnumerable<(string Path, bool IsFile)> Candidates()
    {
        if (_configuredPath is not null)
        {
            // An explicit choice is final: never silently load something else.
            yield return (_configuredPath, true);
            yield break;
        }

        var fromEnvironment = Environment.GetEnvironmentVariable(LibraryPathVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            yield return (Path.GetFullPath(fromEnvironment), true);
            yield break;
        }

        yield return (Path.Combine(CacheRoot(), "onnxruntime", ExpectedVersion, LibraryFileName), true);
        foreach (var name in SystemNames)
        {
            yield return (name, false);
        }
    }

    private static string CacheRoot()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable(CacheVariable);
        return string.IsNullOrWhiteSpace(fromEnvironment)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "denoiseapi")
            : fromEnvironment;
    }

    private static IntPtr Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath) =>
        libraryName == OrtNativeMethods.LibraryName ? EnsureLoaded() : IntPtr.Zero;
}
