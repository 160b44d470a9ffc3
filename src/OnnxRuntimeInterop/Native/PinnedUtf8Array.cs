using System.Runtime.InteropServices;

namespace DenoiseApi.OnnxRuntime.Native;

/// <summary>Pins a set of NUL-terminated UTF-8 strings and exposes them as a native <c>const char* const*</c>.</summary>
internal sealed unsafe class PinnedUtf8Array : IDisposable
{
    private readonly GCHandle[] _pins;
    private readonly IntPtr _pointerBlock;
    private bool _disposed;

    public PinnedUtf8Array(IReadOnlyList<byte[]> strings)
    {
        _pins = new GCHandle[strings.Count];
        _pointerBlock = (IntPtr)NativeMemory.Alloc((nuint)Math.Max(1, strings.Count), (nuint)sizeof(IntPtr));
        for (var i = 0; i < strings.Count; i++)
        {
            _pins[i] = GCHandle.Alloc(strings[i], GCHandleType.Pinned);
            ((IntPtr*)_pointerBlock)[i] = _pins[i].AddrOfPinnedObject();
        }
    }

    public byte** Pointers => (byte**)_pointerBlock;

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        foreach (var pin in _pins)
        {
            if (pin.IsAllocated)
            {
                pin.Free();
            }
        }

        NativeMemory.Free((void*)_pointerBlock);
    }
}
