using System.Runtime.InteropServices;

namespace DenoiseApi.OnnxRuntime.Native;

/// <summary>
/// Base of every owner of a native ORT object. Create the (empty) handle before the native call that produces the
/// pointer, then <see cref="Attach"/> it at once, so the pointer is owned the moment it exists in managed code.
/// </summary>
internal abstract class OrtHandle : SafeHandle
{
    protected OrtHandle()
        : base(IntPtr.Zero, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    internal void Attach(IntPtr pointer) => SetHandle(pointer);
}

/// <summary>Owns an <c>OrtEnv*</c>.</summary>
internal sealed class OrtEnvHandle : OrtHandle
{
    protected override bool ReleaseHandle()
    {
        OrtApi.Instance.ReleaseEnv(handle);
        return true;
    }
}

/// <summary>Owns an <c>OrtSessionOptions*</c>.</summary>
internal sealed class SessionOptionsHandle : OrtHandle
{
    protected override bool ReleaseHandle()
    {
        OrtApi.Instance.ReleaseSessionOptions(handle);
        return true;
    }
}

/// <summary>Owns an <c>OrtSession*</c> and keeps the environment it was created in alive until it is released.</summary>
internal sealed class SessionHandle : OrtHandle
{
    private OrtEnvHandle? _environment;

    /// <summary>Adds a reference to <paramref name="environment"/> that is dropped after the session is released.</summary>
    internal void HoldEnvironment(OrtEnvHandle environment)
    {
        var added = false;
        environment.DangerousAddRef(ref added);
        if (added)
        {
            _environment = environment;
        }
    }

    protected override bool ReleaseHandle()
    {
        OrtApi.Instance.ReleaseSession(handle);
        _environment?.DangerousRelease();
        _environment = null;
        return true;
    }
}

/// <summary>Owns an <c>OrtMemoryInfo*</c>.</summary>
internal sealed class MemoryInfoHandle : OrtHandle
{
    protected override bool ReleaseHandle()
    {
        OrtApi.Instance.ReleaseMemoryInfo(handle);
        return true;
    }
}

/// <summary>Owns an <c>OrtValue*</c> (a tensor).</summary>
internal sealed class ValueHandle : OrtHandle
{
    protected override bool ReleaseHandle()
    {
        OrtApi.Instance.ReleaseValue(handle);
        return true;
    }
}

/// <summary>Owns an <c>OrtTypeInfo*</c>.</summary>
internal sealed class TypeInfoHandle : OrtHandle
{
    protected override bool ReleaseHandle()
    {
        OrtApi.Instance.ReleaseTypeInfo(handle);
        return true;
    }
}

/// <summary>Owns an <c>OrtTensorTypeAndShapeInfo*</c>.</summary>
internal sealed class TensorTypeAndShapeInfoHandle : OrtHandle
{
    protected override bool ReleaseHandle()
    {
        OrtApi.Instance.ReleaseTensorTypeAndShapeInfo(handle);
        return true;
    }
}

/// <summary>Owns an <c>OrtModelMetadata*</c>.</summary>
internal sealed class ModelMetadataHandle : OrtHandle
{
    protected override bool ReleaseHandle()
    {
        OrtApi.Instance.ReleaseModelMetadata(handle);
        return true;
    }
}

/// <summary>Owns an <c>OrtCUDAProviderOptionsV2*</c>.</summary>
internal sealed class CudaProviderOptionsHandle : OrtHandle
{
    protected override bool ReleaseHandle()
    {
        OrtApi.Instance.ReleaseCudaProviderOptions(handle);
        return true;
    }
}

/// <summary>Owns a block (a string or an array of strings) allocated by ORT's default CPU allocator.</summary>
internal sealed class AllocatorMemoryHandle : OrtHandle
{
    /// <summary>Reads the owned block as a NUL-terminated UTF-8 string.</summary>
    internal string ReadUtf8()
    {
        using var lease = new HandleLease(this);
        return Marshal.PtrToStringUTF8(lease.Pointer) ?? string.Empty;
    }

    protected override bool ReleaseHandle() => OrtApi.Instance.FreeWithDefaultAllocator(handle);
}
