using System.Diagnostics.CodeAnalysis;
using Google.Protobuf;
using Onnx;

namespace DenoiseApi.Training.Export;

/// <summary>
/// Node attributes such as Gemm's <c>transB=1</c> or Conv's <c>pads=[1,1,1,1]</c>, as ONNX's own
/// <see cref="AttributeProto"/> (generated from onnx.proto) with its name and type set.
/// </summary>
[SuppressMessage("Naming", "CA1711:Identifiers should not have incorrect suffix", Justification = "An ONNX node attribute, not a .NET attribute.")]
[SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "The factories are named after ONNX's attribute types.")]
public static class OnnxAttribute
{
    public static AttributeProto Int(string name, long value) => New(name, AttributeProto.Types.AttributeType.Int, a => a.I = value);

    public static AttributeProto Ints(string name, params long[] values) =>
        New(name, AttributeProto.Types.AttributeType.Ints, a => a.Ints.AddRange(values));

    public static AttributeProto Float(string name, float value) => New(name, AttributeProto.Types.AttributeType.Float, a => a.F = value);

    public static AttributeProto Floats(string name, params float[] values) =>
        New(name, AttributeProto.Types.AttributeType.Floats, a => a.Floats.AddRange(values));

    public static AttributeProto String(string name, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return New(name, AttributeProto.Types.AttributeType.String, a => a.S = ByteString.CopyFromUtf8(value));
    }

    private static AttributeProto New(string name, AttributeProto.Types.AttributeType type, Action<AttributeProto> setValue)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var attribute = new AttributeProto { Name = name, Type = type };
        setValue(attribute);
        return attribute;
    }
}
