using System.Runtime.InteropServices;
using Google.Protobuf;
using Onnx;

namespace DenoiseApi.Training.Evaluation.Repository;

/// <summary>A float32 initializer (a weight tensor) of an ONNX graph: its name, dimensions and values.</summary>
public sealed record OnnxInitializer(string Name, IReadOnlyList<long> Dims, float[] Values)
{
    /// <summary>
    /// The float32 initializers of the ONNX model <paramref name="model"/> by name (other element types, such as the
    /// int64 shapes of Reshape nodes, are left out), read with ONNX's <see cref="ModelProto"/>. Values may be stored as
    /// raw_data (little-endian) or float_data.
    /// </summary>
    /// <exception cref="InvalidDataException">The bytes are not a well-formed ONNX model.</exception>
    public static IReadOnlyDictionary<string, OnnxInitializer> ReadFloat(ReadOnlySpan<byte> model)
    {
        ModelProto proto;
        try
        {
            proto = ModelProto.Parser.ParseFrom(model);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new InvalidDataException($"Not an ONNX model: {e.Message}", e);
        }

        if (proto.Graph is null) throw new InvalidDataException("Not an ONNX model: no graph found.");
        var result = new Dictionary<string, OnnxInitializer>(StringComparer.Ordinal);
        foreach (var tensor in proto.Graph.Initializer.Where(t => t.DataType == (int)TensorProto.Types.DataType.Float))
        {
            var initializer = FromTensor(tensor);
            if (!result.TryAdd(initializer.Name, initializer))
            {
                throw new InvalidDataException($"The ONNX graph has two initializers named '{initializer.Name}'.");
            }
        }
        return result;
    }

    private static OnnxInitializer FromTensor(TensorProto tensor)
    {
        float[] data;
        if (!tensor.RawData.IsEmpty)
        {
            var raw = tensor.RawData.Span;
            if (raw.Length % sizeof(float) != 0) throw new InvalidDataException($"Initializer '{tensor.Name}': raw_data of {raw.Length} bytes is not a whole number of floats.");
            if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("ONNX raw_data is little-endian; this reader runs on little-endian machines only.");
            data = MemoryMarshal.Cast<byte, float>(raw).ToArray();
        }
        else
        {
            data = [.. tensor.FloatData];
        }
        long expected = 1;
        foreach (var d in tensor.Dims) expected *= d;
        if (expected != data.Length) throw new InvalidDataException($"Initializer '{tensor.Name}' has {data.Length} values but shape [{string.Join(", ", tensor.Dims)}].");
        return new OnnxInitializer(tensor.Name, [.. tensor.Dims], data);
    }
}
