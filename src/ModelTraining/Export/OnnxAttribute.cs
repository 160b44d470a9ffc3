using System.Diagnostics.CodeAnalysis;

namespace DenoiseApi.Training.Export;

/// <summary>The kind of value an <see cref="OnnxAttribute"/> holds; numbers are ONNX's AttributeProto.AttributeType.</summary>
[SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "The names are ONNX's own attribute types.")]
public enum OnnxAttributeType
{
    Float = 1,
    Int = 2,
    String = 3,
    Floats = 6,
    Ints = 7,
}

/// <summary>
/// A node attribute such as Gemm's <c>transB=1</c> or Conv's <c>pads=[1,1,1,1]</c>. Create one with the static
/// factories (<see cref="Int"/>, <see cref="Ints"/>, <see cref="Float"/>, <see cref="Floats"/>, <see cref="String"/>).
/// </summary>
[SuppressMessage("Naming", "CA1711:Identifiers should not have incorrect suffix", Justification = "An ONNX node attribute, not a .NET attribute.")]
[SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "The factories are named after ONNX's attribute types.")]
public readonly record struct OnnxAttribute
{
    private OnnxAttribute(string name, OnnxAttributeType type)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
        Type = type;
    }

    public string Name { get; }

    public OnnxAttributeType Type { get; }

    public long IntValue { get; private init; }

    public float FloatValue { get; private init; }

    public string? StringValue { get; private init; }

    public IReadOnlyList<long>? IntValues { get; private init; }

    public IReadOnlyList<float>? FloatValues { get; private init; }

    public static OnnxAttribute Int(string name, long value) => new(name, OnnxAttributeType.Int) { IntValue = value };

    public static OnnxAttribute Ints(string name, params long[] values) =>
        new(name, OnnxAttributeType.Ints) { IntValues = (long[])values.Clone() };

    public static OnnxAttribute Float(string name, float value) => new(name, OnnxAttributeType.Float) { FloatValue = value };

    public static OnnxAttribute Floats(string name, params float[] values) =>
        new(name, OnnxAttributeType.Floats) { FloatValues = (float[])values.Clone() };

    public static OnnxAttribute String(string name, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(name, OnnxAttributeType.String) { StringValue = value };
    }

    /// <summary>Encodes this attribute as an ONNX AttributeProto.</summary>
    internal ProtobufWriter ToProto()
    {
        if (Name is null)
        {
            throw new InvalidOperationException("A default OnnxAttribute has no name; create one with OnnxAttribute.Int, Ints, Float, Floats or String.");
        }

        var proto = new ProtobufWriter();
        proto.String(OnnxFields.AttributeName, Name);
        switch (Type)
        {
            case OnnxAttributeType.Float:
                proto.Float(OnnxFields.AttributeFloat, FloatValue);
                break;
            case OnnxAttributeType.Int:
                proto.Int64(OnnxFields.AttributeInt, IntValue);
                break;
            case OnnxAttributeType.String:
                proto.Bytes(OnnxFields.AttributeString, System.Text.Encoding.UTF8.GetBytes(StringValue!));
                break;
            case OnnxAttributeType.Floats:
                proto.PackedFloat(OnnxFields.AttributeFloats, FloatValues!.ToArray());
                break;
            case OnnxAttributeType.Ints:
                proto.PackedInt64(OnnxFields.AttributeInts, IntValues!.ToArray());
                break;
            default:
                throw new InvalidOperationException($"Attribute '{Name}' has unsupported type {Type}.");
        }

        proto.Int32(OnnxFields.AttributeType, (int)Type);
        return proto;
    }
}
