using Microsoft.Extensions.Options;

namespace DenoiseApi.Options;

/// <summary>Binds every options class to its section and validates it when the host starts.</summary>
public static class OptionsRegistration
{
    public static IServiceCollection AddServiceOptions(this IServiceCollection services)
    {
        services.AddValidated<OnnxRuntimeOptions, OnnxRuntimeOptionsValidator>(OnnxRuntimeOptions.SectionName);
        services.AddValidated<ModelsOptions, ModelsOptionsValidator>(ModelsOptions.SectionName);
        services.AddValidated<LimitsOptions, LimitsOptionsValidator>(LimitsOptions.SectionName);
        services.AddValidated<TelemetryOptions, TelemetryOptionsValidator>(TelemetryOptions.SectionName);
        return services;
    }

    private static void AddValidated<TOptions, TValidator>(this IServiceCollection services, string section)
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>
    {
        services.AddSingleton<IValidateOptions<TOptions>, TValidator>();
        services.AddOptions<TOptions>().BindConfiguration(section).ValidateOnStart();
    }
}
