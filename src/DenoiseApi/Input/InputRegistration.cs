using DenoiseApi.Options;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace DenoiseApi.Input;

/// <summary>Registers the input stage and applies the request size limit to Kestrel and to form reading.</summary>
public static class InputRegistration
{
    public static IServiceCollection AddImageInput(this IServiceCollection services)
    {
        services.AddSingleton<ImageRequestReader>();
        services.AddSingleton<DigitDecoder>();
        services.AddSingleton<DigitInputReader>();
        services.AddOptions<KestrelServerOptions>().Configure<IOptions<LimitsOptions>>((kestrel, limits) =>
            kestrel.Limits.MaxRequestBodySize = limits.Value.MaxRequestBytes);
        services.AddOptions<FormOptions>().Configure<IOptions<LimitsOptions>>((form, limits) =>
            form.MultipartBodyLengthLimit = limits.Value.MaxRequestBytes);
        return services;
    }
}
