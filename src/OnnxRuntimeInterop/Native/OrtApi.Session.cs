namespace DenoiseApi.OnnxRuntime.Native;

/// <summary>Sessions: creation, input/output description, model metadata and Run.</summary>
internal sealed unsafe partial class OrtApi
{
    internal SessionHandle CreateSession(OrtEnvHandle env, string modelPath, SessionOptionsHandle options)
    {
        var fn = (delegate* unmanaged<IntPtr, byte*, IntPtr, IntPtr*, IntPtr>)Table[OrtApiIndex.CreateSession];
        var owner = new SessionHandle();
        using var envLease = new HandleLease(env);
        using var optionsLease = new HandleLease(options);
        IntPtr session;
        fixed (byte* path = Utf8Z(modelPath))
        {
            Check(fn(envLease.Pointer, path, optionsLease.Pointer, &session), nameof(CreateSession));
        }

        owner.Attach(session);
        owner.HoldEnvironment(env);
        return owner;
    }

    /// <summary>Creates a session from model bytes; ORT parses them during the call, so they need no pinning afterwards.</summary>
    internal SessionHandle CreateSessionFromArray(OrtEnvHandle env, ReadOnlySpan<byte> model, SessionOptionsHandle options)
    {
        var fn = (delegate* unmanaged<IntPtr, byte*, nuint, IntPtr, IntPtr*, IntPtr>)Table[OrtApiIndex.CreateSessionFromArray];
        var owner = new SessionHandle();
        using var envLease = new HandleLease(env);
        using var optionsLease = new HandleLease(options);
        IntPtr session;
        fixed (byte* data = model)
        {
            Check(fn(envLease.Pointer, data, (nuint)model.Length, optionsLease.Pointer, &session), nameof(CreateSessionFromArray));
        }

        owner.Attach(session);
        owner.HoldEnvironment(env);
        return owner;
    }

    internal int SessionGetInputCount(SessionHandle session) =>
        GetCount(session, OrtApiIndex.SessionGetInputCount, nameof(SessionGetInputCount));

    internal int SessionGetOutputCount(SessionHandle session) =>
        GetCount(session, OrtApiIndex.SessionGetOutputCount, nameof(SessionGetOutputCount));

    internal string SessionGetInputName(SessionHandle session, int index) =>
        GetName(session, index, OrtApiIndex.SessionGetInputName, nameof(SessionGetInputName));

    internal string SessionGetOutputName(SessionHandle session, int index) =>
        GetName(session, index, OrtApiIndex.SessionGetOutputName, nameof(SessionGetOutputName));

    internal TypeInfoHandle SessionGetInputTypeInfo(SessionHandle session, int index) =>
        GetTypeInfo(session, index, OrtApiIndex.SessionGetInputTypeInfo, nameof(SessionGetInputTypeInfo));

    internal TypeInfoHandle SessionGetOutputTypeInfo(SessionHandle session, int index) =>
        GetTypeInfo(session, index, OrtApiIndex.SessionGetOutputTypeInfo, nameof(SessionGetOutputTypeInfo));

    /// <summary>
    /// <c>OrtApi::Run</c>. The caller keeps <paramref name="session"/> alive and owns every value pointer; null
    /// entries in <paramref name="outputs"/> are filled with values ORT allocates (the caller must release them).
    /// </summary>
    internal void Run(
        SessionHandle session, byte** inputNames, IntPtr* inputs, int inputCount,
        byte** outputNames, int outputCount, IntPtr* outputs)
    {
        var fn = (delegate* unmanaged<IntPtr, IntPtr, byte**, IntPtr*, nuint, byte**, nuint, IntPtr*, IntPtr>)Table[OrtApiIndex.Run];
        using var lease = new HandleLease(session);
        Check(fn(lease.Pointer, IntPtr.Zero, inputNames, inputs, (nuint)inputCount, outputNames, (nuint)outputCount, outputs), nameof(Run));
    }

    internal ModelMetadataHandle SessionGetModelMetadata(SessionHandle session)
    {
        var fn = (delegate* unmanaged<IntPtr, IntPtr*, IntPtr>)Table[OrtApiIndex.SessionGetModelMetadata];
        var owner = new ModelMetadataHandle();
        using var lease = new HandleLease(session);
        IntPtr metadata;
        Check(fn(lease.Pointer, &metadata), nameof(SessionGetModelMetadata));
        owner.Attach(metadata);
        return owner;
    }

    /// <summary>The ONNX <c>metadata_props</c> of the model as a dictionary.</summary>
    internal Dictionary<string, string> ModelMetadataGetCustomMap(ModelMetadataHandle metadata)
    {
        var getKeys = (delegate* unmanaged<IntPtr, IntPtr, IntPtr*, long*, IntPtr>)Table[OrtApiIndex.ModelMetadataGetCustomMetadataMapKeys];
        var lookup = (delegate* unmanaged<IntPtr, IntPtr, byte*, IntPtr*, IntPtr>)Table[OrtApiIndex.ModelMetadataLookupCustomMetadataMap];
        using var lease = new HandleLease(metadata);
        var result = new Dictionary<string, string>(StringComparer.Ordinal);

        using var keyArrayOwner = new AllocatorMemoryHandle();
        IntPtr keyArray;
        long keyCount;
        Check(getKeys(lease.Pointer, _defaultAllocator, &keyArray, &keyCount), "ModelMetadataGetCustomMetadataMapKeys");
        keyArrayOwner.Attach(keyArray);

        // Take ownership of every key string before reading any, so none leaks if a lookup fails.
        var keyOwners = new AllocatorMemoryHandle[keyCount];
        for (var i = 0; i < keyCount; i++)
        {
            keyOwners[i] = new AllocatorMemoryHandle();
            keyOwners[i].Attach(((IntPtr*)keyArray)[i]);
        }

        try
        {
            foreach (var keyOwner in keyOwners)
            {
                var key = keyOwner.ReadUtf8();
                using var valueOwner = new AllocatorMemoryHandle();
                IntPtr value;
                fixed (byte* k = Utf8Z(key))
                {
                    Check(lookup(lease.Pointer, _defaultAllocator, k, &value), "ModelMetadataLookupCustomMetadataMap");
                }

                valueOwner.Attach(value);
                result[key] = value == IntPtr.Zero ? string.Empty : valueOwner.ReadUtf8();
            }
        }
        finally
        {
            foreach (var keyOwner in keyOwners)
            {
                keyOwner.Dispose();
            }
        }

        return result;
    }

    internal string ModelMetadataGetProducerName(ModelMetadataHandle metadata) =>
        GetMetadataString(metadata, OrtApiIndex.ModelMetadataGetProducerName, nameof(ModelMetadataGetProducerName));

    internal string ModelMetadataGetGraphName(ModelMetadataHandle metadata) =>
        GetMetadataString(metadata, OrtApiIndex.ModelMetadataGetGraphName, nameof(ModelMetadataGetGraphName));

    internal long ModelMetadataGetVersion(ModelMetadataHandle metadata)
    {
        var fn = (delegate* unmanaged<IntPtr, long*, IntPtr>)Table[OrtApiIndex.ModelMetadataGetVersion];
        using var lease = new HandleLease(metadata);
        long version;
        Check(fn(lease.Pointer, &version), nameof(ModelMetadataGetVersion));
        return version;
    }

    private string GetMetadataString(ModelMetadataHandle metadata, int index, string call)
    {
        var fn = (delegate* unmanaged<IntPtr, IntPtr, IntPtr*, IntPtr>)Table[index];
        using var lease = new HandleLease(metadata);
        using var owner = new AllocatorMemoryHandle();
        IntPtr text;
        Check(fn(lease.Pointer, _defaultAllocator, &text), call);
        owner.Attach(text);
        return text == IntPtr.Zero ? string.Empty : owner.ReadUtf8();
    }

    private int GetCount(SessionHandle session, int index, string call)
    {
        var fn = (delegate* unmanaged<IntPtr, nuint*, IntPtr>)Table[index];
        using var lease = new HandleLease(session);
        nuint count;
        Check(fn(lease.Pointer, &count), call);
        return checked((int)count);
    }

    private string GetName(SessionHandle session, int position, int index, string call)
    {
        var fn = (delegate* unmanaged<IntPtr, nuint, IntPtr, IntPtr*, IntPtr>)Table[index];
        using var lease = new HandleLease(session);
        using var owner = new AllocatorMemoryHandle();
        IntPtr name;
        Check(fn(lease.Pointer, (nuint)position, _defaultAllocator, &name), call);
        owner.Attach(name);
        return owner.ReadUtf8();
    }

    private TypeInfoHandle GetTypeInfo(SessionHandle session, int position, int index, string call)
    {
        var fn = (delegate* unmanaged<IntPtr, nuint, IntPtr*, IntPtr>)Table[index];
        var owner = new TypeInfoHandle();
        using var lease = new HandleLease(session);
        IntPtr info;
        Check(fn(lease.Pointer, (nuint)position, &info), call);
        owner.Attach(info);
        return owner;
    }
}
