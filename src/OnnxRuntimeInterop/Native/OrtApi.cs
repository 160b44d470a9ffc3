using System.Runtime.InteropServices;
using System.Text;

namespace DenoiseApi.OnnxRuntime.Native;

/// <summary>
/// Owner of ONNX Runtime's C function table (<c>const OrtApi*</c>). Every native call of this assembly goes through
/// one of its methods; each returned <c>OrtStatus*</c> is checked at once, turned into an <see cref="OrtException"/>
/// and released. The table is read once, by index (<see cref="OrtApiIndex"/>), into unmanaged function pointers.
/// </summary>
internal sealed unsafe partial class OrtApi
{
    /// <summary>The C API version requested from the runtime: ONNX Runtime 1.30 defines <c>ORT_API_VERSION</c> 30.</summary>
    internal const uint RequestedApiVersion = 30;

    private static readonly Lazy<OrtApi> LazyInstance = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly OrtApiBase* _base;
    private readonly IntPtr _defaultAllocator;

    private readonly delegate* unmanaged<IntPtr, int> _getErrorCode;
    private readonly delegate* unmanaged<IntPtr, byte*> _getErrorMessage;
    private readonly delegate* unmanaged<IntPtr, void> _releaseStatus;
    private readonly delegate* unmanaged<IntPtr, void> _releaseEnv;
    private readonly delegate* unmanaged<IntPtr, void> _releaseMemoryInfo;
    private readonly delegate* unmanaged<IntPtr, void> _releaseSession;
    private readonly delegate* unmanaged<IntPtr, void> _releaseValue;
    private readonly delegate* unmanaged<IntPtr, void> _releaseTypeInfo;
    private readonly delegate* unmanaged<IntPtr, void> _releaseTensorTypeAndShapeInfo;
    private readonly delegate* unmanaged<IntPtr, void> _releaseSessionOptions;
    private readonly delegate* unmanaged<IntPtr, void> _releaseModelMetadata;
    private readonly delegate* unmanaged<IntPtr, void> _releaseCudaProviderOptions;
    private readonly delegate* unmanaged<IntPtr, IntPtr, IntPtr> _allocatorFree;

    private OrtApi(OrtApiBase* apiBase, IntPtr* table)
    {
        _base = apiBase;
        Table = table;
        _getErrorCode = (delegate* unmanaged<IntPtr, int>)table[OrtApiIndex.GetErrorCode];
        _getErrorMessage = (delegate* unmanaged<IntPtr, byte*>)table[OrtApiIndex.GetErrorMessage];
        _releaseStatus = (delegate* unmanaged<IntPtr, void>)table[OrtApiIndex.ReleaseStatus];
        _releaseEnv = (delegate* unmanaged<IntPtr, void>)table[OrtApiIndex.ReleaseEnv];
        _releaseMemoryInfo = (delegate* unmanaged<IntPtr, void>)table[OrtApiIndex.ReleaseMemoryInfo];
        _releaseSession = (delegate* unmanaged<IntPtr, void>)table[OrtApiIndex.ReleaseSession];
        _releaseValue = (delegate* unmanaged<IntPtr, void>)table[OrtApiIndex.ReleaseValue];
        _releaseTypeInfo = (delegate* unmanaged<IntPtr, void>)table[OrtApiIndex.ReleaseTypeInfo];
        _releaseTensorTypeAndShapeInfo = (delegate* unmanaged<IntPtr, void>)table[OrtApiIndex.ReleaseTensorTypeAndShapeInfo];
        _releaseSessionOptions = (delegate* unmanaged<IntPtr, void>)table[OrtApiIndex.ReleaseSessionOptions];
        _releaseModelMetadata = (delegate* unmanaged<IntPtr, void>)table[OrtApiIndex.ReleaseModelMetadata];
        _releaseCudaProviderOptions = (delegate* unmanaged<IntPtr, void>)table[OrtApiIndex.ReleaseCUDAProviderOptions];
        _allocatorFree = (delegate* unmanaged<IntPtr, IntPtr, IntPtr>)table[OrtApiIndex.AllocatorFree];

        IntPtr allocator;
        var getAllocator = (delegate* unmanaged<IntPtr*, IntPtr>)table[OrtApiIndex.GetAllocatorWithDefaultOptions];
        Check(getAllocator(&allocator), "GetAllocatorWithDefaultOptions");
        _defaultAllocator = allocator;
    }

    /// <summary>The process-wide table; loads libonnxruntime on first use (see <see cref="OrtLibrary"/>).</summary>
    internal static OrtApi Instance => LazyInstance.Value;

    /// <summary>True once the table has been obtained (used by handles released during shutdown).</summary>
    internal static bool IsLoaded => LazyInstance.IsValueCreated;

    /// <summary>The raw function table; methods of this class cast its entries to their C signatures.</summary>
    private IntPtr* Table { get; }

    /// <summary><c>OrtApiBase::GetVersionString()</c>, e.g. "1.30.0".</summary>
    internal string VersionString => Marshal.PtrToStringUTF8((IntPtr)_base->GetVersionString()) ?? string.Empty;

    /// <summary>Whether the runtime offers the given C API version (<c>GetApi</c> returns non-null).</summary>
    internal bool SupportsApiVersion(uint version) => _base->GetApi(version) != null;

    private static OrtApi Load()
    {
        OrtLibrary.EnsureLoaded();
        var apiBase = OrtNativeMethods.OrtGetApiBase();
        if (apiBase == null)
        {
            throw new InvalidOperationException($"OrtGetApiBase() returned null in {OrtLibrary.LoadedPath}.");
        }

        var table = apiBase->GetApi(RequestedApiVersion);
        if (table == null)
        {
            var version = Marshal.PtrToStringUTF8((IntPtr)apiBase->GetVersionString());
            throw new InvalidOperationException(
                $"ONNX Runtime {version} loaded from {OrtLibrary.LoadedPath} does not provide C API version " +
                $"{RequestedApiVersion}; ONNX Runtime 1.30.0 is required (run scripts/setup.sh).");
        }

        return new OrtApi(apiBase, table);
    }

    /// <summary>Throws an <see cref="OrtException"/> for a non-null status, always releasing the status.</summary>
    internal void Check(IntPtr status, string call)
    {
        if (status == IntPtr.Zero)
        {
            return;
        }

        try
        {
            var code = (OrtErrorCode)_getErrorCode(status);
            var message = (Marshal.PtrToStringUTF8((IntPtr)_getErrorMessage(status)) ?? string.Empty).TrimEnd();
            throw new OrtException(code, message, call);
        }
        finally
        {
            _releaseStatus(status);
        }
    }

    internal void ReleaseEnv(IntPtr env) => _releaseEnv(env);

    internal void ReleaseMemoryInfo(IntPtr info) => _releaseMemoryInfo(info);

    internal void ReleaseSession(IntPtr session) => _releaseSession(session);

    internal void ReleaseValue(IntPtr value) => _releaseValue(value);

    internal void ReleaseTypeInfo(IntPtr info) => _releaseTypeInfo(info);

    internal void ReleaseTensorTypeAndShapeInfo(IntPtr info) => _releaseTensorTypeAndShapeInfo(info);

    internal void ReleaseSessionOptions(IntPtr options) => _releaseSessionOptions(options);

    internal void ReleaseModelMetadata(IntPtr metadata) => _releaseModelMetadata(metadata);

    internal void ReleaseCudaProviderOptions(IntPtr options) => _releaseCudaProviderOptions(options);

    /// <summary>Frees a block from the default allocator; false (status released) if ORT reports a failure.</summary>
    internal bool FreeWithDefaultAllocator(IntPtr block)
    {
        var status = _allocatorFree(_defaultAllocator, block);
        if (status == IntPtr.Zero)
        {
            return true;
        }

        _releaseStatus(status);
        return false;
    }

    /// <summary>NUL-terminated UTF-8 bytes of <paramref name="text"/>, for passing as <c>const char*</c>.</summary>
    internal static byte[] Utf8Z(string text)
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(text) + 1];
        Encoding.UTF8.GetBytes(text, bytes);
        return bytes;
    }
}
