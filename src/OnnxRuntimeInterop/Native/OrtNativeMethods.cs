using System.Runtime.InteropServices;

namespace DenoiseApi.OnnxRuntime.Native;

/// <summary>
/// The only exported symbol of libonnxruntime that is imported directly; everything else is reached through the
/// function table it returns (see <see cref="OrtApi"/>). The library name is resolved by <see cref="OrtLibrary"/>.
/// </summary>
internal static unsafe partial class OrtNativeMethods
{
    internal const string LibraryName = "onnxruntime";

    [LibraryImport(LibraryName)]
    internal static partial OrtApiBase* OrtGetApiBase();
}

/// <summary>C layout of <c>struct OrtApiBase { GetApi; GetVersionString; }</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct OrtApiBase
{
    public delegate* unmanaged<uint, IntPtr*> GetApi;
    public delegate* unmanaged<byte*> GetVersionString;
}
