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
            if (_libraryHandle == IntPtr.Zero)
            {
                var candidates = SearchOrder(
                    _configuredPath, Environment.GetEnvironmentVariable(LibraryPathVariable), CacheRoot());
                (_libraryHandle, _loadedPath) = LoadFirst(candidates);
            }

            return _libraryHandle;
        }
    }

    /// <summary>
    /// Where to look, in order. An explicit choice (Configure, then the environment variable) is final: if that file
    /// is missing nothing else is silently loaded in its place.
    /// </summary>
    internal static IReadOnlyList<LibraryCandidate> SearchOrder(string? configuredPath, string? environmentPath, string cacheRoot)
    {
        if (configuredPath is not null)
        {
            return [new LibraryCandidate(configuredPath, IsFile: true)];
        }

        if (!string.IsNullOrWhiteSpace(environmentPath))
        {
            return [new LibraryCandidate(Path.GetFullPath(environmentPath), IsFile: true)];
        }

        return
        [
            new LibraryCandidate(Path.Combine(cacheRoot, "onnxruntime", ExpectedVersion, LibraryFileName), IsFile: true),
            .. SystemNames.Select(name => new LibraryCandidate(name, IsFile: false)),
        ];
    }

    /// <summary>Loads the first candidate that loads; the error lists every candidate and why it was passed over.</summary>
    internal static (IntPtr Handle, string Path) LoadFirst(IReadOnlyList<LibraryCandidate> candidates)
    {
        var tried = new List<string>();
        foreach (var candidate in candidates)
        {
            if (candidate.IsFile && !File.Exists(candidate.Path))
            {
                tried.Add($"{candidate.Path} (no such file)");
                continue;
            }

            if (NativeLibrary.TryLoad(candidate.Path, out var handle))
            {
                return (handle, candidate.Path);
            }

            tried.Add($"{candidate.Path} (failed to load)");
        }

        throw new DllNotFoundException(
            $"ONNX Runtime {ExpectedVersion} (libonnxruntime.so.1) could not be loaded. Tried: " +
            $"{string.Join("; ", tried)}. Run scripts/setup.sh, or set {LibraryPathVariable} to the library file.");
    }

    /// <summary>The cache root: <c>$DENOISEAPI_CACHE</c>, else <c>~/.cache/denoiseapi</c>.</summary>
    internal static string CacheRoot()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable(CacheVariable);
        return string.IsNullOrWhiteSpace(fromEnvironment)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "denoiseapi")
            : fromEnvironment;
    }

    private static IntPtr Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath) =>
        libraryName == OrtNativeMethods.LibraryName ? EnsureLoaded() : IntPtr.Zero;
}
