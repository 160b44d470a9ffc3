namespace DenoiseApi.Inference;

/// <summary>Registers the inference stage: ONNX Runtime, the model repository and its watcher, warm-up and the invoker.</summary>
public static class InferenceRegistration
{
    public static IServiceCollection AddModelServing(this IServiceCollection services)
    {
        services.AddSingleton<OrtRuntime>();
        services.AddSingleton<IModelWarmUp, SessionWarmUp>();
        services.AddSingleton<ModelLoader>();
        services.AddSingleton<ModelRepository>();
        services.AddSingleton<ModelInvoker>();
        services.AddHostedService<ModelRepositoryWatcher>();
        return services;
    }
}
