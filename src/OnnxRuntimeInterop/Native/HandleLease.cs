using System.Runtime.InteropServices;

namespace DenoiseApi.OnnxRuntime.Native;

/// <summary>
/// Keeps a <see cref="SafeHandle"/> alive for the duration of a native call: a concurrent Dispose then only marks the
/// handle closed and the native object is released when the last lease ends. Throws
/// <see cref="ObjectDisposedException"/> when the handle is already closed.
/// </summary>
internal ref struct HandleLease
{
    private readonly SafeHandle _handle;
    private bool _added;

    public HandleLease(SafeHandle handle)
    {
        _handle = handle;
        _added = false;
        handle.DangerousAddRef(ref _added);
        Pointer = handle.DangerousGetHandle();
    }

    public readonly IntPtr Pointer { get; }

    public void Dispose()
    {
        if (_added)
        {
            _added = false;
            _handle.DangerousRelease();
        }
    }
}
