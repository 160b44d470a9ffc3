namespace DenoiseApi.OnnxRuntime.Native;

/// <summary>Memory info, tensors over caller memory, and type/shape descriptions.</summary>
internal sealed unsafe partial class OrtApi
{
    private const int OrtArenaAllocator = 1;
    private const int OrtMemTypeDefault = 0;
    private const int OnnxTypeTensor = 1;

    /// <summary>Describes ordinary CPU memory (arena allocator, default memory type), as the C++ API's <c>MemoryInfo::CreateCpu</c>.</summary>
    internal MemoryInfoHandle CreateCpuMemoryInfo()
    {
        var fn = (delegate* unmanaged<int, int, IntPtr*, IntPtr>)Table[OrtApiIndex.CreateCpuMemoryInfo];
        var owner = new MemoryInfoHandle();
        IntPtr info;
        Check(fn(OrtArenaAllocator, OrtMemTypeDefault, &info), nameof(CreateCpuMemoryInfo));
        owner.Attach(info);
        return owner;
    }

    /// <summary>
    /// A tensor that reads and writes <paramref name="data"/> in place. The memory must stay pinned until the
    /// returned value is released.
    /// </summary>
    internal ValueHandle CreateTensorWithData(
        MemoryInfoHandle memoryInfo, void* data, long byteLength, ReadOnlySpan<long> shape, TensorElementType type)
    {
        var fn = (delegate* unmanaged<IntPtr, void*, nuint, long*, nuint, int, IntPtr*, IntPtr>)Table[OrtApiIndex.CreateTensorWithDataAsOrtValue];
        var owner = new ValueHandle();
        using var lease = new HandleLease(memoryInfo);
        IntPtr value;
        fixed (long* dims = shape)
        {
            Check(fn(lease.Pointer, data, (nuint)byteLength, dims, (nuint)shape.Length, (int)type, &value), "CreateTensorWithDataAsOrtValue");
        }

        owner.Attach(value);
        return owner;
    }

    /// <summary>Pointer to a tensor's element storage, valid while <paramref name="value"/> is alive.</summary>
    internal void* GetTensorMutableData(ValueHandle value)
    {
        var fn = (delegate* unmanaged<IntPtr, void**, IntPtr>)Table[OrtApiIndex.GetTensorMutableData];
        using var lease = new HandleLease(value);
        void* data;
        Check(fn(lease.Pointer, &data), nameof(GetTensorMutableData));
        return data;
    }

    /// <summary>Element type and shape of a tensor value.</summary>
    internal (TensorElementType Type, long[] Shape) DescribeTensor(ValueHandle value)
    {
        var fn = (delegate* unmanaged<IntPtr, IntPtr*, IntPtr>)Table[OrtApiIndex.GetTensorTypeAndShape];
        using var owner = new TensorTypeAndShapeInfoHandle();
        using var lease = new HandleLease(value);
        IntPtr info;
        Check(fn(lease.Pointer, &info), "GetTensorTypeAndShape");
        owner.Attach(info);
        return DescribeTensorInfo(info);
    }

    /// <summary>Element type and shape declared by a model input/output (-1 for dynamic dimensions).</summary>
    internal (TensorElementType Type, long[] Shape) DescribeTypeInfo(TypeInfoHandle typeInfo)
    {
        var getOnnxType = (delegate* unmanaged<IntPtr, int*, IntPtr>)Table[OrtApiIndex.GetOnnxTypeFromTypeInfo];
        var cast = (delegate* unmanaged<IntPtr, IntPtr*, IntPtr>)Table[OrtApiIndex.CastTypeInfoToTensorInfo];
        using var lease = new HandleLease(typeInfo);
        int onnxType;
        Check(getOnnxType(lease.Pointer, &onnxType), "GetOnnxTypeFromTypeInfo");
        if (onnxType != OnnxTypeTensor)
        {
            return (TensorElementType.Undefined, []);
        }

        // The tensor info belongs to the type info (not released separately).
        IntPtr tensorInfo;
        Check(cast(lease.Pointer, &tensorInfo), "CastTypeInfoToTensorInfo");
        return tensorInfo == IntPtr.Zero ? (TensorElementType.Undefined, []) : DescribeTensorInfo(tensorInfo);
    }

    private (TensorElementType Type, long[] Shape) DescribeTensorInfo(IntPtr tensorInfo)
    {
        var getType = (delegate* unmanaged<IntPtr, int*, IntPtr>)Table[OrtApiIndex.GetTensorElementType];
        var getCount = (delegate* unmanaged<IntPtr, nuint*, IntPtr>)Table[OrtApiIndex.GetDimensionsCount];
        var getDims = (delegate* unmanaged<IntPtr, long*, nuint, IntPtr>)Table[OrtApiIndex.GetDimensions];
        int type;
        Check(getType(tensorInfo, &type), "GetTensorElementType");
        nuint count;
        Check(getCount(tensorInfo, &count), "GetDimensionsCount");
        var shape = new long[checked((int)count)];
        if (shape.Length == 0)
        {
            return ((TensorElementType)type, shape);
        }

        fixed (long* dims = shape)
        {
            Check(getDims(tensorInfo, dims, count), "GetDimensions");
        }

        return ((TensorElementType)type, shape);
    }
}
