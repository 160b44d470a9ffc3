namespace DenoiseApi.OnnxRuntime.Native;

/// <summary>
/// Positions of the C API functions this binding uses inside <c>struct OrtApi</c>, counted from the first member
/// (<c>CreateStatus</c> = 0) of include/onnxruntime/core/session/onnxruntime_c_api.h. The struct is append-only
/// across releases, so these positions hold for every API version at or above <see cref="MinimumApiVersion"/>.
/// </summary>
internal static class OrtApiIndex
{
    /// <summary>Newest function used here (the CUDA provider options V2 family) arrived in API version 11 (ORT 1.11).</summary>
    internal const uint MinimumApiVersion = 11;

    internal const int GetErrorCode = 1;
    internal const int GetErrorMessage = 2;
    internal const int CreateEnv = 3;
    internal const int CreateSession = 7;
    internal const int CreateSessionFromArray = 8;
    internal const int Run = 9;
    internal const int CreateSessionOptions = 10;
    internal const int SetSessionGraphOptimizationLevel = 23;
    internal const int SetIntraOpNumThreads = 24;
    internal const int SetInterOpNumThreads = 25;
    internal const int SessionGetInputCount = 30;
    internal const int SessionGetOutputCount = 31;
    internal const int SessionGetInputTypeInfo = 33;
    internal const int SessionGetOutputTypeInfo = 34;
    internal const int SessionGetInputName = 36;
    internal const int SessionGetOutputName = 37;
    internal const int CreateTensorWithDataAsOrtValue = 49;
    internal const int GetTensorMutableData = 51;
    internal const int CastTypeInfoToTensorInfo = 55;
    internal const int GetOnnxTypeFromTypeInfo = 56;
    internal const int GetTensorElementType = 60;
    internal const int GetDimensionsCount = 61;
    internal const int GetDimensions = 62;
    internal const int GetTensorTypeAndShape = 65;
    internal const int CreateCpuMemoryInfo = 69;
    internal const int AllocatorFree = 76;
    internal const int GetAllocatorWithDefaultOptions = 78;
    internal const int ReleaseEnv = 92;
    internal const int ReleaseStatus = 93;
    internal const int ReleaseMemoryInfo = 94;
    internal const int ReleaseSession = 95;
    internal const int ReleaseValue = 96;
    internal const int ReleaseTypeInfo = 98;
    internal const int ReleaseTensorTypeAndShapeInfo = 99;
    internal const int ReleaseSessionOptions = 100;
    internal const int SessionGetModelMetadata = 111;
    internal const int ModelMetadataGetProducerName = 112;
    internal const int ModelMetadataGetGraphName = 113;
    internal const int ModelMetadataLookupCustomMetadataMap = 116;
    internal const int ModelMetadataGetVersion = 117;
    internal const int ReleaseModelMetadata = 118;
    internal const int ModelMetadataGetCustomMetadataMapKeys = 123;
    internal const int GetAvailableProviders = 125;
    internal const int ReleaseAvailableProviders = 126;
    internal const int AddSessionConfigEntry = 130;
    internal const int SessionOptionsAppendExecutionProvider_CUDA_V2 = 204;
    internal const int CreateCUDAProviderOptions = 205;
    internal const int UpdateCUDAProviderOptions = 206;
    internal const int ReleaseCUDAProviderOptions = 208;
}
