namespace DenoiseApi.OnnxRuntime;

/// <summary>Element type of a tensor; values are ORT's <c>ONNXTensorElementDataType</c> (same as ONNX TensorProto).</summary>
// The member names are ONNX's own type names (they mirror TensorProto.DataType), so CA1720 does not apply.
#pragma warning disable CA1720
public enum TensorElementType
{
    /// <summary>Not a tensor (sequence, map, ...) or an unknown type.</summary>
    Undefined = 0,
    Float = 1,
    UInt8 = 2,
    Int8 = 3,
    UInt16 = 4,
    Int16 = 5,
    Int32 = 6,
    Int64 = 7,
    String = 8,
    Bool = 9,
    Float16 = 10,
    Double = 11,
    UInt32 = 12,
    UInt64 = 13,
    BFloat16 = 16,
}
#pragma warning restore CA1720
