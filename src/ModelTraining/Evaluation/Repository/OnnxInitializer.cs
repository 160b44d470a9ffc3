using System.Buffers.Binary;

namespace DenoiseApi.Training.Evaluation.Repository;

/// <summary>A float32 initializer (a weight tensor) of an ONNX graph: its name, dimensions and values.</summary>
public sealed record OnnxInitializer(string Name, IReadOnlyList<long> Dims, float[] Values)
{
    // onnx.proto field numbers: ModelProto.graph 7, GraphProto.initializer 5; TensorProto dims 1, data_type 2,
    // float_data 4, name 8, raw_data 9; TensorProto.DataType FLOAT 1.
    private const int ModelGraph = 7;
    private const int GraphInitializer = 5;
    private const int TensorDims = 1;
    private const int TensorDataType = 2;
    private const int TensorFloatData = 4;
    private const int TensorName = 8;
    private const int TensorRawData = 9;
    private const int DataTypeFloat = 1;

    /// <summary>
    /// The float32 initializers of the ONNX model <paramref name="model"/> by name (other element types, such as the
    /// int64 shapes of Reshape nodes, are left out). Values may be stored as raw_data (little-endian) or float_data.
    /// </summary>
    /// <exception cref="InvalidDataException">The bytes are not a well-formed ONNX model.</exception>
    public static IReadOnlyDictionary<string, OnnxInitializer> ReadFloat(ReadOnlySpan<byte> model)
    {
        var result = new Dictionary<string, OnnxInitializer>(StringComparer.Ordinal);
        var reader = new ProtobufReader(model);
        var sawGraph = false;
        while (!reader.AtEnd)
        {
            var (field, wire) = reader.ReadTag();
            if (field != ModelGraph || wire != ProtobufReader.LengthDelimited)
            {
                reader.Skip(wire);
                continue;
            }
            sawGraph = true;
            var graph = new ProtobufReader(reader.ReadBytes());
            while (!graph.AtEnd)
            {
                var (graphField, graphWire) = graph.ReadTag();
                if (graphField != GraphInitializer || graphWire != ProtobufReader.LengthDelimited)
                {
                    graph.Skip(graphWire);
                    continue;
                }
                if (ReadTensor(graph.ReadBytes()) is { } tensor && !result.TryAdd(tensor.Name, tensor))
                {
                    throw new InvalidDataException($"The ONNX graph has two initializers named '{tensor.Name}'.");
                }
            }
        }
        if (!sawGraph) throw new InvalidDataException("Not an ONNX model: no graph found.");
        return result;
    }

    private static OnnxInitializer? ReadTensor(ReadOnlySpan<byte> bytes)
    {
        var reader = new ProtobufReader(bytes);
        var dims = new List<long>();
        var floats = new List<float>();
        var dataType = 0;
        var name = "";
        ReadOnlySpan<byte> raw = default;
        while (!reader.AtEnd)
        {
            var (field, wire) = reader.ReadTag();
            switch (field)
            {
                case TensorDims when wire == ProtobufReader.LengthDelimited:
                    var packed = new ProtobufReader(reader.ReadBytes());
                    while (!packed.AtEnd) dims.Add((long)packed.ReadVarint());
                    break;
                case TensorDims when wire == ProtobufReader.Varint:
                    dims.Add((long)reader.ReadVarint());
                    break;
                case TensorDataType when wire == ProtobufReader.Varint:
                    dataType = (int)reader.ReadVarint();
                    break;
                case TensorFloatData when wire == ProtobufReader.LengthDelimited:
                    var values = reader.ReadBytes();
                    if (values.Length % 4 != 0) throw new InvalidDataException("Packed float_data is not a whole number of floats.");
                    for (var i = 0; i < values.Length; i += 4) floats.Add(BinaryPrimitives.ReadSingleLittleEndian(values[i..]));
                    break;
                case TensorName when wire == ProtobufReader.LengthDelimited:
                    name = System.Text.Encoding.UTF8.GetString(reader.ReadBytes());
                    break;
                case TensorRawData when wire == ProtobufReader.LengthDelimited:
                    raw = reader.ReadBytes();
                    break;
                default:
                    reader.Skip(wire);
                    break;
            }
        }
        if (dataType != DataTypeFloat) return null;
        float[] data;
        if (!raw.IsEmpty)
        {
            if (raw.Length % 4 != 0) throw new InvalidDataException($"Initializer '{name}': raw_data of {raw.Length} bytes is not a whole number of floats.");
            data = new float[raw.Length / 4];
            for (var i = 0; i < data.Length; i++) data[i] = BinaryPrimitives.ReadSingleLittleEndian(raw[(i * 4)..]);
        }
        else
        {
            data = [.. floats];
        }
        long expected = 1;
        foreach (var d in dims) expected *= d;
        if (expected != data.Length) throw new InvalidDataException($"Initializer '{name}' has {data.Length} values but shape [{string.Join(", ", dims)}].");
        return new OnnxInitializer(name, dims, data);
    }
}
