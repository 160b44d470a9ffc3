namespace DenoiseApi.OnnxRuntime.Native;

/// <summary>Session options and the CUDA provider options (V2).</summary>
internal sealed unsafe partial class OrtApi
{
    internal SessionOptionsHandle CreateSessionOptions()
    {
        var fn = (delegate* unmanaged<IntPtr*, IntPtr>)Table[OrtApiIndex.CreateSessionOptions];
        var owner = new SessionOptionsHandle();
        IntPtr options;
        Check(fn(&options), nameof(CreateSessionOptions));
        owner.Attach(options);
        return owner;
    }

    internal void SetIntraOpNumThreads(SessionOptionsHandle options, int threads)
    {
        var fn = (delegate* unmanaged<IntPtr, int, IntPtr>)Table[OrtApiIndex.SetIntraOpNumThreads];
        using var lease = new HandleLease(options);
        Check(fn(lease.Pointer, threads), nameof(SetIntraOpNumThreads));
    }

    internal void SetInterOpNumThreads(SessionOptionsHandle options, int threads)
    {
        var fn = (delegate* unmanaged<IntPtr, int, IntPtr>)Table[OrtApiIndex.SetInterOpNumThreads];
        using var lease = new HandleLease(options);
        Check(fn(lease.Pointer, threads), nameof(SetInterOpNumThreads));
    }

    /// <summary><paramref name="level"/> is ORT's GraphOptimizationLevel value (0, 1, 2 or 99).</summary>
    internal void SetSessionGraphOptimizationLevel(SessionOptionsHandle options, int level)
    {
        var fn = (delegate* unmanaged<IntPtr, int, IntPtr>)Table[OrtApiIndex.SetSessionGraphOptimizationLevel];
        using var lease = new HandleLease(options);
        Check(fn(lease.Pointer, level), nameof(SetSessionGraphOptimizationLevel));
    }

    internal void AddSessionConfigEntry(SessionOptionsHandle options, string key, string value)
    {
        var fn = (delegate* unmanaged<IntPtr, byte*, byte*, IntPtr>)Table[OrtApiIndex.AddSessionConfigEntry];
        using var lease = new HandleLease(options);
        fixed (byte* k = Utf8Z(key))
        fixed (byte* v = Utf8Z(value))
        {
            Check(fn(lease.Pointer, k, v), nameof(AddSessionConfigEntry));
        }
    }

    internal CudaProviderOptionsHandle CreateCudaProviderOptions()
    {
        var fn = (delegate* unmanaged<IntPtr*, IntPtr>)Table[OrtApiIndex.CreateCUDAProviderOptions];
        var owner = new CudaProviderOptionsHandle();
        IntPtr options;
        Check(fn(&options), "CreateCUDAProviderOptions");
        owner.Attach(options);
        return owner;
    }

    internal void UpdateCudaProviderOptions(CudaProviderOptionsHandle options, IReadOnlyList<KeyValuePair<string, string>> entries)
    {
        var fn = (delegate* unmanaged<IntPtr, byte**, byte**, nuint, IntPtr>)Table[OrtApiIndex.UpdateCUDAProviderOptions];
        var keys = new byte[entries.Count][];
        var values = new byte[entries.Count][];
        for (var i = 0; i < entries.Count; i++)
        {
            keys[i] = Utf8Z(entries[i].Key);
            values[i] = Utf8Z(entries[i].Value);
        }

        using var lease = new HandleLease(options);
        using var keyPins = new PinnedUtf8Array(keys);
        using var valuePins = new PinnedUtf8Array(values);
        Check(fn(lease.Pointer, keyPins.Pointers, valuePins.Pointers, (nuint)entries.Count), "UpdateCUDAProviderOptions");
    }

    internal void AppendCudaExecutionProvider(SessionOptionsHandle options, CudaProviderOptionsHandle cudaOptions)
    {
        var fn = (delegate* unmanaged<IntPtr, IntPtr, IntPtr>)Table[OrtApiIndex.SessionOptionsAppendExecutionProvider_CUDA_V2];
        using var optionsLease = new HandleLease(options);
        using var cudaLease = new HandleLease(cudaOptions);
        Check(fn(optionsLease.Pointer, cudaLease.Pointer), "SessionOptionsAppendExecutionProvider_CUDA_V2");
    }
}
