namespace DenoiseApi.Training.Export;

/// <summary>
/// Field numbers and enum values of onnx.proto (ONNX IR version 8) for the messages this writer emits.
/// Read from the onnx.proto schema; the export tests check the files with the real onnx checker.
/// </summary>
internal static class OnnxFields
{
    // ModelProto
    public const int ModelIrVersion = 1;
    public const int ModelProducerName = 2;
    public const int ModelProducerVersion = 3;
    public const int ModelDocString = 6;
    public const int ModelGraph = 7;
    public const int ModelOpsetImport = 8;
    public const int ModelMetadataProps = 14;

    // OperatorSetIdProto
    public const int OpsetDomain = 1;
    public const int OpsetVersion = 2;

    // StringStringEntryProto
    public const int EntryKey = 1;
    public const int EntryValue = 2;

    // GraphProto
    public const int GraphNode = 1;
    public const int GraphName = 2;
    public const int GraphInitializer = 5;
    public const int GraphInput = 11;
    public const int GraphOutput = 12;

    // NodeProto
    public const int NodeInput = 1;
    public const int NodeOutput = 2;
    public const int NodeName = 3;
    public const int NodeOpType = 4;
    public const int NodeAttribute = 5;

    // AttributeProto
    public const int AttributeName = 1;
    public const int AttributeFloat = 2;
    public const int AttributeInt = 3;
    public const int AttributeString = 4;
    public const int AttributeFloats = 7;
    public const int AttributeInts = 8;
    public const int AttributeType = 20;

    // TensorProto
    public const int TensorDims = 1;
    public const int TensorDataType = 2;
    public const int TensorName = 8;
    public const int TensorRawData = 9;

    // TensorProto.DataType
    public const int DataTypeFloat = 1;
    public const int DataTypeInt64 = 7;

    // ValueInfoProto, TypeProto, TypeProto.Tensor, TensorShapeProto, TensorShapeProto.Dimension
    public const int ValueInfoName = 1;
    public const int ValueInfoType = 2;
    public const int TypeTensorType = 1;
    public const int TensorTypeElemType = 1;
    public const int TensorTypeShape = 2;
    public const int ShapeDim = 1;
    public const int DimValue = 1;
    public const int DimParam = 2;
}
