using DenoiseApi.ModelStore;

namespace DenoiseApi;

/// <summary>Every log event the service writes, as source-generated methods with structured fields.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "ONNX Runtime {RuntimeVersion} loaded (package {RuntimePackage})")]
    public static partial void OrtLoaded(ILogger logger, string runtimeVersion, string runtimePackage);

    [LoggerMessage(2, LogLevel.Critical, "ONNX Runtime cannot be started; no model will load: {Reason}")]
    public static partial void OrtUnavailable(ILogger logger, Exception exception, string reason);

    [LoggerMessage(10, LogLevel.Information, "Loaded model {Model} version {Version} ({Kind}) on {Provider} with {Sessions} sessions in {ElapsedMs} ms")]
    public static partial void ModelLoaded(ILogger logger, string model, int version, ModelKind kind, string provider, int sessions, long elapsedMs);

    [LoggerMessage(11, LogLevel.Error, "Model {Model} version {Version} failed to load: {Reason}")]
    public static partial void ModelLoadFailed(ILogger logger, Exception exception, string model, int version, string reason);

    [LoggerMessage(12, LogLevel.Warning, "Model {Model} version {Version} asked for {Requested} but runs on {Provider}: {Reason}")]
    public static partial void ProviderFallback(ILogger logger, string model, int version, string requested, string provider, string reason);

    [LoggerMessage(13, LogLevel.Information, "Model {Model} version {Version} swapped in; the previous instance drains and is released")]
    public static partial void ModelSwapped(ILogger logger, string model, int version);

    [LoggerMessage(14, LogLevel.Information, "Model {Model} version {Version} removed from the repository; it is no longer served")]
    public static partial void ModelRemoved(ILogger logger, string model, int version);

    [LoggerMessage(15, LogLevel.Information, "Models ready: {Count} versions serving from {Root}")]
    public static partial void ModelsReady(ILogger logger, int count, string root);

    [LoggerMessage(16, LogLevel.Warning, "The model repository {Root} has no model versions")]
    public static partial void RepositoryEmpty(ILogger logger, string root);

    [LoggerMessage(17, LogLevel.Error, "Scanning the model repository {Root} failed")]
    public static partial void RepositoryScanFailed(ILogger logger, Exception exception, string root);

    [LoggerMessage(20, LogLevel.Error, "Inference failed on model {Model} for a batch of {BatchSize}")]
    public static partial void InferenceFailed(ILogger logger, Exception exception, string model, int batchSize);

    [LoggerMessage(21, LogLevel.Warning, "A batch of {BatchSize} on model {Model} was stopped by ONNX Runtime when the deadline of every request in it had passed")]
    public static partial void RunStoppedAtDeadline(ILogger logger, string model, int batchSize);

    [LoggerMessage(30, LogLevel.Error, "Unhandled exception while serving {Method} {Path}")]
    public static partial void UnhandledException(ILogger logger, Exception exception, string method, string path);
}
